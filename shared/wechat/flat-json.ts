import { closingQuote } from '../domain/json-depth.ts';
import { setNewField } from './field-names.ts';

/**
 * A strict reader for the JSON WeChat sends: one flat object whose values are strings, integers and
 * booleans (`{"ToUserName":"gh_…","CreateTime":1714112445,"MsgId":6054768590064713728,…}`). It returns
 * the fields as parseInboundMessage sees them after parseJsonMessage, every value a string: strings as
 * JSON.parse decodes them, integers as their source text (which is what both give for an integer in
 * JSON's canonical form, a MsgId beyond 2^53 included), booleans as `true` and `false`. Its result is
 * therefore exact without a reviver and without JSON.parse building values that are then converted.
 *
 * Undefined for anything else: nesting, `null`, numbers that are not canonical integers (a fraction, an
 * exponent, `-0`), a repeated name, the name of a member of Object.prototype (`__proto__`, `constructor`
 * …), and everything JSON.parse refuses. The caller then hands the text to parseJsonMessage, which reads
 * it or refuses it with its own errors; this reader never refuses anything itself.
 * test/unit/wechat/flat-json.test.ts checks it against that path.
 */
export function readFlatJson(text: string): Record<string, string> | undefined {
  return readFlatObject(text, false);
}

/** readFlatJson for an object whose values must all be strings, as the envelope of an encrypted push. */
export function readFlatJsonStrings(text: string): Record<string, string> | undefined {
  return readFlatObject(text, true);
}

const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const QUOTE = 34;
const COMMA = 44;
const MINUS = 45;
const ZERO = 48;
const NINE = 57;
const COLON = 58;
const LOWER_F = 102;
const LOWER_T = 116;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;

function readFlatObject(text: string, stringsOnly: boolean): Record<string, string> | undefined {
  const length = text.length;
  let position = skipJsonWhitespace(text, 0);
  if (text.charCodeAt(position) !== OPEN_BRACE) return undefined;
  // A string is the text between its quotes unless it holds an escape or a control character (which
  // JSON.parse refuses there). Looking for those once in the whole text costs less than in each string.
  const plainStrings = !text.includes('\\') && !CONTROL_CHARACTER.test(text);
  const record: Record<string, string> = {};
  position = skipJsonWhitespace(text, position + 1);
  if (text.charCodeAt(position) === CLOSE_BRACE) {
    return skipJsonWhitespace(text, position + 1) === length ? record : undefined;
  }
  for (;;) {
    if (text.charCodeAt(position) !== QUOTE) return undefined;
    const nameEnd = plainStrings ? text.indexOf('"', position + 1) : closingQuote(text, position);
    if (nameEnd === -1) return undefined;
    const name = plainStrings ? text.slice(position + 1, nameEnd) : decodeString(text, position, nameEnd);
    if (name === undefined) return undefined;
    position = skipJsonWhitespace(text, nameEnd + 1);
    if (text.charCodeAt(position) !== COLON) return undefined;
    position = skipJsonWhitespace(text, position + 1);
    const code = text.charCodeAt(position);
    let value: string | undefined;
    if (code === QUOTE) {
      const valueEnd = plainStrings ? text.indexOf('"', position + 1) : closingQuote(text, position);
      if (valueEnd === -1) return undefined;
      value = plainStrings ? text.slice(position + 1, valueEnd) : decodeString(text, position, valueEnd);
      position = valueEnd + 1;
    } else if (stringsOnly) {
      return undefined;
    } else if (code === LOWER_T || code === LOWER_F) {
      value = code === LOWER_T ? 'true' : 'false';
      if (!text.startsWith(value, position)) return undefined;
      position += value.length;
    } else {
      const integerEnd = canonicalIntegerEnd(text, position);
      if (integerEnd === -1) return undefined;
      value = text.slice(position, integerEnd);
      position = integerEnd;
    }
    // Left to parseJsonMessage: a repeated name (JSON.parse keeps the last value), `__proto__` (which it
    // drops), and the names of Object.prototype's other members, which setNewField takes for set.
    if (value === undefined || !setNewField(record, name, value)) return undefined;
    // What follows a value must be a comma or the end of the object: this also refuses `truex`, `01`,
    // `1.5` and `1e3`, whose first part alone was read.
    position = skipJsonWhitespace(text, position);
    const next = text.charCodeAt(position);
    if (next === COMMA) {
      position = skipJsonWhitespace(text, position + 1);
    } else if (next === CLOSE_BRACE) {
      return skipJsonWhitespace(text, position + 1) === length ? record : undefined;
    } else {
      return undefined;
    }
  }
}

function skipJsonWhitespace(text: string, from: number): number {
  let position = from;
  for (;;) {
    const code = text.charCodeAt(position);
    if (code !== SPACE && code !== LF && code !== CR && code !== TAB) return position;
    position++;
  }
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding JSON's control characters is its purpose.
const CONTROL_CHARACTER = /[\u0000-\u001f]/;

/** The string whose quotes are at `open` and `close`, as JSON.parse decodes it; undefined if it refuses it. */
function decodeString(text: string, open: number, close: number): string | undefined {
  const content = text.slice(open + 1, close);
  if (!content.includes('\\') && !CONTROL_CHARACTER.test(content)) return content;
  try {
    return JSON.parse(text.slice(open, close + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * Where the integer starting at `start` ends, when it starts as JSON's canonical form does (`0`, or
 * digits not starting with 0, after an optional minus); -1 otherwise and for `-0`, which JSON.parse
 * turns into a number whose text is `0`.
 */
function canonicalIntegerEnd(text: string, start: number): number {
  let position = text.charCodeAt(start) === MINUS ? start + 1 : start;
  const first = text.charCodeAt(position);
  if (first === ZERO) return position === start ? start + 1 : -1;
  if (!(first > ZERO && first <= NINE)) return -1;
  position++;
  for (;;) {
    const code = text.charCodeAt(position);
    if (!(code >= ZERO && code <= NINE)) return position;
    position++;
  }
}
