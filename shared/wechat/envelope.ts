import type { CallbackFormat } from './callback.ts';
import { readFlatJsonStrings } from './flat-json.ts';
import { parseJsonMessage } from './json.ts';
import { parseXmlMessage } from './xml.ts';
import { isEndTag, simpleLeafEnd, simpleLeafValue, skipXmlWhitespace } from './xml-extractor.ts';

/**
 * The outer body of an encrypted push: the `Encrypt` value that msg_signature covers, and whether the
 * body is secure mode's (ToUserName and Encrypt alone) or compatible mode's (the plaintext fields beside
 * Encrypt, which are never used: see openCallback).
 */
export interface EncryptedEnvelope {
  /** The Encrypt field as the codec read it; anything but a non-empty string is for the caller to refuse. */
  encrypt: unknown;
  secure: boolean;
}

/**
 * Reads the envelope, refusing what the codec refuses. The secure XML body WeChat writes is read without
 * building a record of its fields (secureXmlEncrypt), a flat JSON body of strings by readFlatJsonStrings;
 * anything else goes through the codec.
 */
export function readEnvelope(body: string, format: CallbackFormat): EncryptedEnvelope {
  let outer: Record<string, unknown>;
  if (format === 'xml') {
    const encrypt = secureXmlEncrypt(body);
    if (encrypt !== undefined) return { encrypt, secure: true };
    outer = parseXmlMessage(body);
  } else {
    // Strings only: readFlatJson would turn a numeric Encrypt into text, which the caller must refuse.
    outer = readFlatJsonStrings(body) ?? parseJsonMessage(body);
  }
  let secure = true;
  // The records are plain objects with their own fields only (parseJsonMessage drops `__proto__`,
  // the XML codec refuses it), so for…in lists the fields without the array Object.keys would make.
  for (const name in outer) {
    if (name !== 'ToUserName' && name !== 'Encrypt') {
      secure = false;
      break;
    }
  }
  return { encrypt: outer.Encrypt, secure };
}

/**
 * The Encrypt value of a secure XML push written as WeChat writes it: `<xml>` holding a `<ToUserName>`
 * then an `<Encrypt>`, each a field of the shapes the XML extractor reads directly (simpleLeafEnd), with
 * nothing but XML whitespace between the tags and around the root. For such a body the XML codec returns
 * exactly { ToUserName, Encrypt }, with this value. Undefined for any other body, which the codec then
 * reads or refuses.
 */
function secureXmlEncrypt(body: string): string | undefined {
  const hasCarriageReturn = body.includes('\r');
  const toUserName = afterStartTag(body, afterStartTag(body, 0, '<xml>'), '<ToUserName>');
  const encrypt = afterStartTag(
    body,
    afterField(body, toUserName, 'ToUserName', hasCarriageReturn),
    '<Encrypt>',
  );
  const afterEncrypt = afterField(body, encrypt, 'Encrypt', hasCarriageReturn);
  if (afterEncrypt === -1) return undefined;
  const rootEndTag = skipXmlWhitespace(body, afterEncrypt);
  if (
    !isEndTag(body, rootEndTag, 'xml') ||
    skipXmlWhitespace(body, rootEndTag + '</xml>'.length) !== body.length
  ) {
    return undefined;
  }
  return simpleLeafValue(body, encrypt, afterEncrypt - '</Encrypt>'.length, hasCarriageReturn);
}

/** Where the content after `tag` begins, when only XML whitespace stands between `from` and it; else -1. */
function afterStartTag(text: string, from: number, tag: string): number {
  if (from === -1) return -1;
  const at = skipXmlWhitespace(text, from);
  return text.startsWith(tag, at) ? at + tag.length : -1;
}

/** Past the end tag of the field `name` whose content begins at `start` (simpleLeafEnd's shapes), or -1. */
function afterField(text: string, start: number, name: string, hasCarriageReturn: boolean): number {
  if (start === -1) return -1;
  const end = simpleLeafEnd(text, start, name, hasCarriageReturn);
  return end === -1 ? -1 : end + name.length + 3;
}
