import { MalformedBodyError } from './errors.ts';
import { setNewField } from './field-names.ts';

/**
 * A strict, single-pass reader for the XML WeChat sends: the `<xml>` envelope of an encrypted push
 * (`<ToUserName>` and `<Encrypt>`) and the messages inside it, whose fields are elements holding CDATA or
 * plain text, sometimes nested (`<ScanCodeInfo><ScanType>…`). It reads exactly the XML 1.0 this takes and
 * refuses the rest, so nothing is ever fetched, declared or expanded:
 *
 * - elements, with `[name]` indexes for repeated siblings and dotted paths for nesting (see xml.ts);
 * - CDATA, taken verbatim; plain text, with XML whitespace trimmed at the edges of an element and the
 *   five predefined entities and numeric character references decoded (our own message builder writes
 *   `&#13;` for a CR; WeChat writes strings in CDATA and numbers bare);
 * - line ends normalised to LF, as every XML parser does (XML 1.0 §2.11);
 * - comments, attributes and processing instructions are read and ignored; attributes must be
 *   well-formed XML (quoted values without `<`, references as in text), processing instructions take
 *   their simplest form (a name, then data without quotes), and an XML declaration of XML 1.0's form may
 *   only open the document;
 * - refused: `<!DOCTYPE`, `<!ENTITY` and every other markup declaration, any other entity reference, a
 *   bare `&`, a `<` that does not start markup, malformed or mismatched tags, text beside child elements,
 *   anything but one `<xml>` root, text after it, nesting deeper than 100, element names that would
 *   shadow a member of `Object.prototype`, and names holding a character JavaScript takes for whitespace.
 *
 * Every refusal is a MalformedBodyError. test/unit/wechat/xml-extractor-fuzz.test.ts checks it against
 * the fast-xml-parser codec it replaced (test/unit/wechat/fast-xml-parser-codec.ts).
 */
export function extractXmlFields(body: string): Record<string, string> {
  const flat = flatDocument(body);
  if (flat !== undefined) return flat;
  if (body.trim().length === 0) {
    throw new MalformedBodyError('body is empty');
  }
  return new XmlReader(body).document();
}

/** Deeper than this many open elements is refused (the limit fast-xml-parser applied before). */
const MAX_OPEN_ELEMENTS = 100;

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const BANG = 33;
const DOUBLE_QUOTE = 34;
const AMPERSAND = 38;
const SINGLE_QUOTE = 39;
const DOT = 46;
const SLASH = 47;
const LESS_THAN = 60;
const EQUALS = 61;
const GREATER_THAN = 62;
const QUESTION = 63;
const UNDERSCORE = 95;

// XML 1.0 names (the NameStartChar and NameChar productions of the fifth edition, BMP only). ASCII
// names, all WeChat uses, are checked character by character; others go through these patterns.
const NAME_START_RANGES =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD';
const NAME_RANGES = `${NAME_START_RANGES}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040`;
const NAME_PATTERN = new RegExp(`^[${NAME_START_RANGES}][${NAME_RANGES}]*$`);
const NAME_CHARACTER = new RegExp(`[${NAME_RANGES}]`);
// U+FEFF and U+1680 are name characters to XML and whitespace to JavaScript (and to the parsers that
// split names with it): a name holding one is refused rather than read one way or the other.
const JAVASCRIPT_WHITESPACE = /\s/;

/** XML 1.0 §2.8 XMLDecl (versions 1.x). */
const XML_DECLARATION =
  /<\?xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(?:"1\.[0-9]+"|'1\.[0-9]+')(?:[ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(?:"[A-Za-z][A-Za-z0-9._-]*"|'[A-Za-z][A-Za-z0-9._-]*'))?(?:[ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(?:"(?:yes|no)"|'(?:yes|no)'))?[ \t\r\n]*\?>/y;

const PREDEFINED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
};
/** What may follow `&`: a decimal or hexadecimal character reference or a predefined entity. */
const REFERENCE_AT = /&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));/y;
const REFERENCES = /&(?:#([0-9]+)|#x([0-9A-Fa-f]+)|(amp|lt|gt|quot|apos));/g;
// Characters XML 1.0 can carry at all (the `Char` production).
const NON_XML_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function isXmlWhitespace(code: number): boolean {
  return code === SPACE || code === LF || code === TAB || code === CR;
}

/** 1 for the ASCII characters a name may hold, per character code. */
const ASCII_NAME_CHARACTERS = new Uint8Array(128);
/** 1 for the ASCII characters a name may start with. */
const ASCII_NAME_START_CHARACTERS = new Uint8Array(128);
for (let code = 0; code < 128; code++) {
  const character = String.fromCharCode(code);
  ASCII_NAME_CHARACTERS[code] = /[A-Za-z0-9_:.-]/.test(character) ? 1 : 0;
  ASCII_NAME_START_CHARACTERS[code] = /[A-Za-z_:]/.test(character) ? 1 : 0;
}

/** Names under which a field would read back as something else on a plain object. */
const OBJECT_MEMBER_NAMES: ReadonlySet<string> = new Set([
  ...Object.getOwnPropertyNames(Object.prototype),
  'prototype',
]);

/**
 * What an element holds once its end tag is read: a leaf's text, or the fields below it as one flat
 * list (path relative to the element, value, path, value, …).
 */
type Content = string | string[];

class XmlReader {
  readonly #text: string;
  readonly #length: number;
  #position = 0;
  /** Set by #startTag: whether the tag it read closes itself (`<Ticket/>`). */
  #selfClosing = false;
  /** Whether a name holds a dot, so that two paths could be spelled alike (`<A.B>`, `<A><B>`). */
  #dottedNames = false;
  /** Whether the text has a CR anywhere: if not, #simpleLeaf need not look for one in each field. */
  readonly #hasCarriageReturn: boolean;

  constructor(text: string) {
    this.#text = text;
    this.#length = text.length;
    this.#hasCarriageReturn = text.includes('\r');
  }

  document(): Record<string, string> {
    const text = this.#text;
    // A byte-order mark is allowed before the document, nowhere else.
    const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    this.#position = start;
    this.#skipMisc(start);
    if (this.#position >= this.#length) {
      throw new MalformedBodyError('XML root element must be a single <xml>');
    }
    if (text.charCodeAt(this.#position + 1) === BANG && !text.startsWith('<![CDATA[', this.#position)) {
      this.#refuseDeclaration();
    }
    if (this.#startTag() !== 'xml') {
      throw new MalformedBodyError('XML root element must be a single <xml>');
    }
    const content = this.#selfClosing ? [] : this.#content('xml', 0);
    this.#skipMisc(start);
    if (this.#position < this.#length) {
      throw new MalformedBodyError(
        text.charCodeAt(this.#position) === LESS_THAN
          ? 'XML root element must be a single <xml>'
          : `text outside the root element at offset ${this.#position}`,
      );
    }
    return toRecord(content as string[], this.#dottedNames);
  }

  /** Whitespace, comments and processing instructions around the root element. */
  #skipMisc(documentStart: number): void {
    const text = this.#text;
    while (this.#position < this.#length) {
      const code = text.charCodeAt(this.#position);
      if (isXmlWhitespace(code)) {
        this.#position++;
      } else if (code !== LESS_THAN) {
        throw new MalformedBodyError(`text outside the root element at offset ${this.#position}`);
      } else if (text.charCodeAt(this.#position + 1) === QUESTION) {
        this.#skipProcessingInstruction(documentStart);
      } else if (text.startsWith('<!--', this.#position)) {
        this.#skipComment();
      } else {
        return;
      }
    }
  }

  /** Reads the start tag whose `<` is at the current position and returns the element's name. */
  #startTag(): string {
    this.#position++;
    const name = this.#name();
    // Those names all start with `_` or a lower-case letter; WeChat's fields mostly do not.
    if (name.charCodeAt(0) >= UNDERSCORE && OBJECT_MEMBER_NAMES.has(name)) {
      throw new MalformedBodyError(`element name ${name} is not allowed`);
    }
    if (!this.#dottedNames && name.includes('.')) this.#dottedNames = true;
    this.#selfClosing = this.#skipAttributes();
    return name;
  }

  /**
   * Reads what follows the start tag of element `name` through its end tag. `open` counts the elements
   * open around it.
   *
   * The text of a leaf is made of segments, CDATA sections and the text between them and processing
   * instructions (comments do not split text): CDATA is taken as it is; text has the XML whitespace at
   * the start of a first segment and at the end of a last one trimmed (before references are decoded,
   * so a deliberate `&#10;` survives while indentation does not). Text is therefore held back until the
   * next segment shows it was not the last.
   */
  #content(name: string, open: number): Content {
    if (open > MAX_OPEN_ELEMENTS) {
      throw new MalformedBodyError(`elements nest deeper than ${MAX_OPEN_ELEMENTS} levels`);
    }
    const simple = open > 0 ? this.#simpleLeaf(name) : undefined;
    if (simple !== undefined) return simple;
    const text = this.#text;
    let value = '';
    let segments = 0;
    /** Text since the last segment boundary. */
    let pending = '';
    /** The latest text segment, not yet added to the value. */
    let held: string | undefined;
    let hasCdata = false;
    /** Whether all text is XML whitespace, and (for text directly in <xml>) JavaScript whitespace. */
    let blank = true;
    let trimsAway = true;
    let hasReference = false;
    let childNames: string[] | undefined;
    let childContents: Content[] | undefined;

    for (;;) {
      const next = text.indexOf('<', this.#position);
      if (next === -1) {
        throw new MalformedBodyError(`element ${name} is not closed`);
      }
      if (next > this.#position) {
        const run = text.slice(this.#position, next);
        if (run.includes('&')) {
          checkReferences(run);
          hasReference = true;
        }
        if (blank && !isBlank(run)) blank = false;
        if (open === 0 && trimsAway && run.trim() !== '') trimsAway = false;
        pending += normaliseLineEnds(run);
        this.#position = next;
      }
      const marker = text.charCodeAt(next + 1);
      const cdata = marker === BANG && text.startsWith('<![CDATA[', next);
      if (pending !== '' && (marker === SLASH || marker === QUESTION || cdata)) {
        // A text segment ends.
        if (held !== undefined) value += hasReference ? decodeReferences(held) : held;
        held = segments === 0 ? trimXmlWhitespaceStart(pending) : pending;
        segments++;
        pending = '';
      }
      if (marker === SLASH) {
        this.#endTag(name);
        break;
      }
      if (cdata) {
        const end = text.indexOf(']]>', next + 9);
        if (end === -1) throw new MalformedBodyError('unterminated CDATA section');
        if (held !== undefined) value += hasReference ? decodeReferences(held) : held;
        held = undefined;
        value += normaliseLineEnds(text.slice(next + 9, end));
        segments++;
        hasCdata = true;
        this.#position = end + 3;
      } else if (marker === BANG) {
        if (!text.startsWith('<!--', next)) this.#refuseDeclaration();
        this.#skipComment();
      } else if (marker === QUESTION) {
        this.#skipProcessingInstruction(-1);
      } else {
        const childName = this.#startTag();
        const childContent = this.#selfClosing ? '' : this.#content(childName, open + 1);
        if (childNames === undefined || childContents === undefined) {
          childNames = [childName];
          childContents = [childContent];
        } else {
          childNames.push(childName);
          childContents.push(childContent);
        }
      }
    }

    if (childNames === undefined || childContents === undefined) {
      if (open === 0) {
        if (hasCdata || !trimsAway) throw new MalformedBodyError('text directly inside <xml> is not allowed');
        return [];
      }
      if (held !== undefined) {
        const last = trimXmlWhitespaceEnd(held);
        value += hasReference ? decodeReferences(last) : last;
      }
      return value;
    }
    if (hasCdata || !blank) {
      throw new MalformedBodyError(`element ${name} mixes text with child elements`);
    }
    return childFields(childNames, childContents);
  }

  /** simpleLeafEnd's field at the current position, read; undefined for anything else. */
  #simpleLeaf(name: string): string | undefined {
    const text = this.#text;
    const start = this.#position;
    const end = simpleLeafEnd(text, start, name, this.#hasCarriageReturn);
    if (end === -1) return undefined;
    this.#position = end + name.length + 3;
    return simpleLeafValue(text, start, end, this.#hasCarriageReturn);
  }

  /** Reads `</name>` from its `<`, which must close element `name`. */
  #endTag(name: string): void {
    const text = this.#text;
    this.#position += 2;
    if (
      text.startsWith(name, this.#position) &&
      text.charCodeAt(this.#position + name.length) === GREATER_THAN
    ) {
      this.#position += name.length + 1;
      return;
    }
    const closing = this.#name();
    while (isXmlWhitespace(text.charCodeAt(this.#position))) this.#position++;
    if (text.charCodeAt(this.#position) !== GREATER_THAN) {
      throw new MalformedBodyError(`end tag of ${closing} is malformed`);
    }
    this.#position++;
    if (closing !== name) {
      throw new MalformedBodyError(`element ${name} is closed by </${closing}>`);
    }
  }

  /** A name at the current position, which must be followed by whitespace, `/` or `>`. */
  #name(): string {
    const text = this.#text;
    const start = this.#position;
    let end = start;
    let ascii = true;
    for (; end < this.#length; end++) {
      const code = text.charCodeAt(end);
      if (code < 128) {
        if (ASCII_NAME_CHARACTERS[code] === 1) continue;
        break;
      }
      ascii = false;
      if (!NAME_CHARACTER.test(text[end] as string)) break;
    }
    const name = text.slice(start, end);
    const after = text.charCodeAt(end);
    if (
      end === start ||
      (ascii
        ? !ASCII_NAME_START_CHARACTERS[text.charCodeAt(start)]
        : !NAME_PATTERN.test(name) || JAVASCRIPT_WHITESPACE.test(name)) ||
      !(isXmlWhitespace(after) || after === SLASH || after === GREATER_THAN)
    ) {
      throw new MalformedBodyError(`malformed tag at offset ${start - 1}`);
    }
    this.#position = end;
    return name;
  }

  /**
   * Reads the rest of a start tag, attributes included (each ` name="value"` or `'value'`, names unique;
   * values are read and dropped). Returns whether the tag closes itself.
   */
  #skipAttributes(): boolean {
    const text = this.#text;
    let seen: string[] | undefined;
    for (;;) {
      const code = text.charCodeAt(this.#position);
      if (code === GREATER_THAN) {
        this.#position++;
        return false;
      }
      if (code === SLASH) {
        if (text.charCodeAt(this.#position + 1) !== GREATER_THAN) {
          throw new MalformedBodyError(`malformed tag at offset ${this.#position}`);
        }
        this.#position += 2;
        return true;
      }
      if (!isXmlWhitespace(code)) {
        throw new MalformedBodyError(`malformed tag at offset ${this.#position}`);
      }
      while (isXmlWhitespace(text.charCodeAt(this.#position))) this.#position++;
      const next = text.charCodeAt(this.#position);
      if (next === GREATER_THAN || next === SLASH) continue;
      const name = this.#attributeName();
      while (isXmlWhitespace(text.charCodeAt(this.#position))) this.#position++;
      if (text.charCodeAt(this.#position) !== EQUALS) {
        throw new MalformedBodyError(`attribute ${name} has no value`);
      }
      this.#position++;
      while (isXmlWhitespace(text.charCodeAt(this.#position))) this.#position++;
      const quote = text.charCodeAt(this.#position);
      if (quote !== DOUBLE_QUOTE && quote !== SINGLE_QUOTE) {
        throw new MalformedBodyError(`attribute ${name} has no quoted value`);
      }
      const end = text.indexOf(text[this.#position] as string, this.#position + 1);
      if (end === -1) throw new MalformedBodyError(`attribute ${name} is not closed`);
      const value = text.slice(this.#position + 1, end);
      if (value.includes('<')) throw new MalformedBodyError(`attribute ${name} contains <`);
      if (value.includes('&')) checkReferences(value);
      if (seen === undefined) {
        seen = [name];
      } else if (seen.includes(name)) {
        throw new MalformedBodyError(`attribute ${name} is repeated`);
      } else {
        seen.push(name);
      }
      this.#position = end + 1;
    }
  }

  #attributeName(): string {
    const text = this.#text;
    const start = this.#position;
    let end = start;
    while (end < this.#length) {
      const code = text.charCodeAt(end);
      if (isXmlWhitespace(code) || code === EQUALS || code === GREATER_THAN || code === SLASH) break;
      end++;
    }
    const name = text.slice(start, end);
    if (!NAME_PATTERN.test(name)) {
      throw new MalformedBodyError(`malformed attribute at offset ${start}`);
    }
    this.#position = end;
    return name;
  }

  #skipComment(): void {
    const end = this.#text.indexOf('-->', this.#position + 4);
    if (end === -1) throw new MalformedBodyError('unterminated comment');
    this.#position = end + 3;
  }

  /**
   * The XML declaration, only where the document starts (`documentStart`, -1 inside the root), or
   * another processing instruction in its simplest form: `<?target data?>`, the target a name, the data
   * without quotes or markup declarations (nothing WeChat sends has one).
   */
  #skipProcessingInstruction(documentStart: number): void {
    const text = this.#text;
    const start = this.#position;
    const end = text.indexOf('?>', start + 2);
    if (end === -1) throw new MalformedBodyError('unterminated processing instruction');
    const content = text.slice(start + 2, end);
    const target = /^[^ \t\r\n]*/.exec(content)?.[0] ?? '';
    if (target.toLowerCase() === 'xml') {
      XML_DECLARATION.lastIndex = start;
      if (start !== documentStart || !XML_DECLARATION.test(text)) {
        throw new MalformedBodyError(
          'malformed processing instruction: an XML declaration out of place or form',
        );
      }
    } else if (!NAME_PATTERN.test(target) || /["'<]/.test(content)) {
      throw new MalformedBodyError(`malformed processing instruction at offset ${start}`);
    }
    this.#position = end + 2;
  }

  #refuseDeclaration(): never {
    throw new MalformedBodyError('DOCTYPE, ENTITY and other markup declarations are not allowed');
  }
}

/**
 * The document in the shape WeChat sends, read without XmlReader's general loop, whose result it equals:
 * `<xml>` holding fields of simpleLeafEnd's shapes, each under a distinct undotted name whose tag has no
 * attributes, with nothing but XML whitespace between them and around the root. Undefined for anything
 * else, which XmlReader then reads or refuses. A function of its own, its position a local variable:
 * that costs markedly less than the same steps as methods moving the reader's position.
 */
function flatDocument(text: string): Record<string, string> | undefined {
  const length = text.length;
  let position = skipXmlWhitespace(text, 0);
  if (text.slice(position, position + 5) !== '<xml>') return undefined;
  position += 5;
  const hasCarriageReturn = text.includes('\r');
  const record: Record<string, string> = {};
  for (;;) {
    position = skipXmlWhitespace(text, position);
    if (text.charCodeAt(position) !== LESS_THAN) return undefined;
    if (text.charCodeAt(position + 1) === SLASH) {
      if (!isEndTag(text, position, 'xml')) return undefined;
      return skipXmlWhitespace(text, position + 6) === length ? record : undefined;
    }
    // An ASCII name without dots, then `>`.
    const nameStart = position + 1;
    if (ASCII_NAME_START_CHARACTERS[text.charCodeAt(nameStart)] !== 1) return undefined;
    let nameEnd = nameStart + 1;
    for (; nameEnd < length; nameEnd++) {
      const code = text.charCodeAt(nameEnd);
      if (code >= 128 || code === DOT || ASCII_NAME_CHARACTERS[code] !== 1) break;
    }
    if (text.charCodeAt(nameEnd) !== GREATER_THAN) return undefined;
    const name = text.slice(nameStart, nameEnd);
    const valueStart = nameEnd + 1;
    const valueEnd = simpleLeafEnd(text, valueStart, name, hasCarriageReturn);
    // Names of Object.prototype's members start with `_` or a lower-case letter (see #startTag). With
    // those left to the general reader, a field already read is the only way a name can be defined.
    if (
      valueEnd === -1 ||
      (name.charCodeAt(0) >= UNDERSCORE && OBJECT_MEMBER_NAMES.has(name)) ||
      !setNewField(record, name, simpleLeafValue(text, valueStart, valueEnd, hasCarriageReturn))
    ) {
      return undefined;
    }
    position = valueEnd + name.length + 3;
  }
}

/**
 * Where the end tag of a field in one of the two shapes WeChat writes, `<![CDATA[text]]></Name>` and
 * `1714112445</Name>` (plain text without references, CR or edge whitespace), starts, for the field
 * whose content starts at `start`; -1 for anything else. XmlReader's general loop (#content) reads
 * such a field to the same value (simpleLeafValue).
 */
export function simpleLeafEnd(text: string, start: number, name: string, hasCarriageReturn: boolean): number {
  if (text.charCodeAt(start) === LESS_THAN && text.slice(start, start + 9) === '<![CDATA[') {
    const end = text.indexOf(']]>', start + 9);
    return end !== -1 && isEndTag(text, end + 3, name) ? end + 3 : -1;
  }
  const end = text.indexOf('<', start);
  if (end === -1 || !isEndTag(text, end, name)) return -1;
  if (
    end > start &&
    (isXmlWhitespace(text.charCodeAt(start)) ||
      isXmlWhitespace(text.charCodeAt(end - 1)) ||
      hasCharacter(text, start, end, AMPERSAND) ||
      (hasCarriageReturn && hasCharacter(text, start, end, CR)))
  ) {
    return -1;
  }
  return end;
}

/** The value of a field that simpleLeafEnd found to end at `end`. */
export function simpleLeafValue(
  text: string,
  start: number,
  end: number,
  hasCarriageReturn: boolean,
): string {
  // Plain text (possibly empty) holds no `<`; a CDATA section starts with one.
  if (start === end || text.charCodeAt(start) !== LESS_THAN) return text.slice(start, end);
  const value = text.slice(start + 9, end - 3);
  return hasCarriageReturn ? normaliseLineEnds(value) : value;
}

/** Whether `</name>` stands at `at`. */
export function isEndTag(text: string, at: number, name: string): boolean {
  return (
    text.charCodeAt(at) === LESS_THAN &&
    text.charCodeAt(at + 1) === SLASH &&
    text.charCodeAt(at + 2 + name.length) === GREATER_THAN &&
    text.slice(at + 2, at + 2 + name.length) === name
  );
}

export function skipXmlWhitespace(text: string, from: number): number {
  let position = from;
  while (isXmlWhitespace(text.charCodeAt(position))) position++;
  return position;
}

function hasCharacter(text: string, start: number, end: number, code: number): boolean {
  for (let index = start; index < end; index++) {
    if (text.charCodeAt(index) === code) return true;
  }
  return false;
}

function isBlank(text: string): boolean {
  for (let index = 0; index < text.length; index++) {
    if (!isXmlWhitespace(text.charCodeAt(index))) return false;
  }
  return true;
}

function normaliseLineEnds(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** Refuses any `&` that does not start one of the five predefined entities or a character reference. */
function checkReferences(text: string): void {
  let index = text.indexOf('&');
  while (index !== -1) {
    REFERENCE_AT.lastIndex = index;
    const match = REFERENCE_AT.exec(text);
    if (match === null) {
      throw new MalformedBodyError(
        'only the five predefined XML entities and character references may follow &',
      );
    }
    if (match[3] === undefined) referencedCharacter(match[0], match[1], match[2]);
    index = text.indexOf('&', REFERENCE_AT.lastIndex);
  }
}

function referencedCharacter(reference: string, decimal?: string, hexadecimal?: string): string {
  const codePoint =
    decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hexadecimal as string, 16);
  const character = codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : '';
  if (character === '' || NON_XML_CHARACTER.test(character)) {
    throw new MalformedBodyError(`character reference ${reference} is not an XML character`);
  }
  return character;
}

/** Decodes the references of text that checkReferences accepted. */
function decodeReferences(text: string): string {
  return text.replace(
    REFERENCES,
    (reference: string, decimal?: string, hexadecimal?: string, entity?: string) =>
      entity !== undefined
        ? (PREDEFINED_ENTITIES[entity] as string)
        : referencedCharacter(reference, decimal, hexadecimal),
  );
}

function trimXmlWhitespaceStart(text: string): string {
  let start = 0;
  while (start < text.length && isXmlWhitespace(text.charCodeAt(start))) start++;
  return start === 0 ? text : text.slice(start);
}

function trimXmlWhitespaceEnd(text: string): string {
  let end = text.length;
  while (end > 0 && isXmlWhitespace(text.charCodeAt(end - 1))) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Up to this many siblings, repeated names are found by comparing each with those before it. */
const FEW_SIBLINGS = 16;

/**
 * The fields below an element, relative to it: a child's name, indexed (`item[0]`, `item[1]`) on every
 * occurrence when siblings share it, then the child's own path.
 */
function childFields(names: string[], contents: Content[]): string[] {
  // Names that occur more than once, each with the index of its next occurrence.
  let occurrences: Map<string, number> | undefined;
  if (names.length > FEW_SIBLINGS) {
    const counts = new Map<string, number>();
    for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [name, count] of counts) {
      if (count > 1) {
        occurrences ??= new Map();
        occurrences.set(name, 0);
      }
    }
  } else {
    for (let index = 1; index < names.length; index++) {
      const name = names[index] as string;
      if (names.indexOf(name) < index) {
        occurrences ??= new Map();
        occurrences.set(name, 0);
      }
    }
  }
  const fields: string[] = [];
  for (let index = 0; index < names.length; index++) {
    let key = names[index] as string;
    const occurrence = occurrences?.get(key);
    if (occurrence !== undefined) {
      occurrences?.set(key, occurrence + 1);
      key = `${key}[${occurrence}]`;
    }
    const content = contents[index] as Content;
    if (typeof content === 'string') {
      fields.push(key, content);
    } else {
      for (let field = 0; field < content.length; field += 2) {
        fields.push(`${key}.${content[field]}`, content[field + 1] as string);
      }
    }
  }
  return fields;
}

/**
 * The root's fields as a record. Paths are distinct unless names hold dots: then two spellings of one
 * path (`<A.B>` and `<A><B>`) are refused.
 */
function toRecord(fields: string[], dottedNames: boolean): Record<string, string> {
  const record: Record<string, string> = {};
  for (let index = 0; index < fields.length; index += 2) {
    const path = fields[index] as string;
    if (dottedNames && Object.hasOwn(record, path)) {
      throw new MalformedBodyError(`field ${path} appears more than once under different spellings`);
    }
    record[path] = fields[index + 1] as string;
  }
  return record;
}
