import type { CallbackFormat } from './callback.ts';
import { parseJsonMessage } from './json.ts';
import { parseXmlMessage } from './xml.ts';

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
 * building a record of its fields (secureXmlEncrypt); anything else goes through the codec.
 */
export function readEnvelope(body: string, format: CallbackFormat): EncryptedEnvelope {
  if (format === 'xml') {
    const encrypt = secureXmlEncrypt(body);
    if (encrypt !== undefined) return { encrypt, secure: true };
  }
  const outer = format === 'xml' ? parseXmlMessage(body) : parseJsonMessage(body);
  let secure = true;
  // The codecs' records are plain objects with their own fields only (parseJsonMessage drops `__proto__`,
  // the XML codec refuses it), so for…in lists the fields without the array Object.keys would make.
  for (const name in outer) {
    if (name !== 'ToUserName' && name !== 'Encrypt') {
      secure = false;
      break;
    }
  }
  return { encrypt: outer.Encrypt, secure };
}

const SECURE_XML_START = '<xml><ToUserName><![CDATA[';
const AFTER_TO_USER_NAME = ']]></ToUserName>';
const ENCRYPT_START = '<Encrypt><![CDATA[';
const SECURE_XML_END = ']]></Encrypt>';

/**
 * The Encrypt value of a secure XML push written as WeChat writes it: `<xml>` holding a `<ToUserName>`
 * then an `<Encrypt>`, each one CDATA section, with nothing but XML whitespace between the tags and around
 * the root. For such a body the XML codec returns exactly { ToUserName, Encrypt } with this value, since
 * CDATA is taken verbatim (a CR in the value would be normalised, so that is left to the codec). Undefined
 * for any other body, which the codec then reads or refuses.
 */
function secureXmlEncrypt(body: string): string | undefined {
  let position = skipXmlWhitespace(body, 0);
  if (!body.startsWith(SECURE_XML_START, position)) return undefined;
  // The ToUserName is not used in an encrypted push (only the decrypted message is trusted), so only
  // where its CDATA section ends matters.
  position = body.indexOf(']]>', position + SECURE_XML_START.length);
  if (position === -1 || !body.startsWith(AFTER_TO_USER_NAME, position)) return undefined;
  position = skipXmlWhitespace(body, position + AFTER_TO_USER_NAME.length);
  if (!body.startsWith(ENCRYPT_START, position)) return undefined;
  const start = position + ENCRYPT_START.length;
  const end = body.indexOf(']]>', start);
  if (end === -1 || !body.startsWith(SECURE_XML_END, end)) return undefined;
  position = skipXmlWhitespace(body, end + SECURE_XML_END.length);
  if (!body.startsWith('</xml>', position)) return undefined;
  if (skipXmlWhitespace(body, position + 6) !== body.length) return undefined;
  const encrypt = body.slice(start, end);
  return encrypt.includes('\r') ? undefined : encrypt;
}

function skipXmlWhitespace(text: string, from: number): number {
  let position = from;
  for (;;) {
    const code = text.charCodeAt(position);
    if (code !== 0x20 && code !== 0x0a && code !== 0x09 && code !== 0x0d) return position;
    position++;
  }
}
