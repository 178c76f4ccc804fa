import { closingQuote, jsonNestsDeeperThan, maxJsonDepth } from '../domain/json-depth.ts';
import { MalformedBodyError } from './errors.ts';
import { formatNumericField, type MessageFields } from './message-fields.ts';

/**
 * The JSON codec for Mini Program pushes in JSON format.
 *
 * `JSON.parse` rounds integers beyond 2^53 (MsgId 6054768590064713728 becomes …714000), so numbers are
 * revived from their source text: integers that are not safe integers come back as that exact text, and
 * message ids always come back as strings, whatever their size, so callers never hold an id as a number.
 */

// `MsgID` is how a few OA events (e.g. TEMPLATESENDJOBFINISH) spell it.
const ID_KEYS = new Set(['MsgId', 'MsgID']);

interface ReviverContext {
  source?: string;
}

/**
 * Relies on JSON.parse source text access (Node ≥ 21; the project runs on Node 22 everywhere). A
 * reviver makes JSON.parse several times slower, so a body whose numbers are all integers (all a
 * customer-service push holds) is parsed without one: its integers beyond 2^53 are quoted first, which
 * turns them into their source text, and the rest of what the reviver does follows the parse
 * (finishPlain). The result is the same; bodies with other numbers take the reviver.
 */
export function parseJsonMessage(body: string): Record<string, unknown> {
  const plain = quoteLongIntegers(body);
  // Where quoteLongIntegers stopped early, the rest of the body still has to be measured.
  if (plain === tooDeep || (plain === undefined && jsonNestsDeeperThan(body))) {
    throw new MalformedBodyError(`JSON body nests deeper than ${maxJsonDepth} levels`);
  }
  let parsed: unknown;
  try {
    parsed =
      plain !== undefined
        ? JSON.parse(plain)
        : JSON.parse(body, (key, value: unknown, context?: ReviverContext) =>
            reviveValue(key, value, context?.source),
          );
  } catch {
    throw new MalformedBodyError('body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedBodyError('JSON body must be an object');
  }
  if (plain !== undefined) finishPlain(parsed);
  return parsed as Record<string, unknown>;
}

/** Dotted names nest (`List.TemplateId` → `{"List":{"TemplateId":…}}`), as the XML builder's do. */
export function buildJsonMessage(fields: MessageFields): string {
  type Tree = Map<string, string | Tree>;
  const root: Tree = new Map();
  for (const [path, value] of Object.entries(fields)) {
    const names = path.split('.');
    const leaf = names.pop() as string;
    let node = root;
    for (const name of names) {
      const child = node.get(name);
      if (typeof child === 'string') throw new TypeError(`field ${path} would nest inside field ${name}`);
      if (child === undefined) {
        const created: Tree = new Map();
        node.set(name, created);
        node = created;
      } else node = child;
    }
    // Built by hand because JSON.stringify cannot write a bigint as a bare number.
    node.set(leaf, typeof value === 'string' ? JSON.stringify(value) : formatNumericField(path, value));
  }
  const serialize = (tree: Tree): string =>
    `{${[...tree].map(([name, content]) => `${JSON.stringify(name)}:${typeof content === 'string' ? content : serialize(content)}`).join(',')}}`;
  return serialize(root);
}

const INTEGER = /^-?(?:0|[1-9][0-9]*)$/;
const MAX_SAFE_INTEGER_DIGITS = String(Number.MAX_SAFE_INTEGER);

/** What quoteLongIntegers returns for text whose arrays and objects nest deeper than maxJsonDepth. */
const tooDeep = Symbol('nests too deep');

/**
 * The text with every integer beyond 2^53 (in magnitude) outside strings put in quotes, or undefined
 * when a number is anything but an integer (a fraction, an exponent, negative zero, malformed), or
 * tooDeep as soon as the nesting goes beyond maxJsonDepth (what jsonNestsDeeperThan finds, in the same
 * pass): one pass, strings and their escapes skipped.
 */
function quoteLongIntegers(text: string): string | undefined | typeof tooDeep {
  let quoted = '';
  let copied = 0;
  let numberStart = -1;
  let depth = 0;
  for (let index = 0; index <= text.length; index++) {
    const char = index < text.length ? text.charCodeAt(index) : -1;
    if ((char >= 0x30 && char <= 0x39) || char === 0x2d) {
      if (numberStart < 0) numberStart = index;
      continue;
    }
    if (numberStart >= 0) {
      const number = text.slice(numberStart, index);
      if (char === 0x2e || char === 0x65 || char === 0x45 || !INTEGER.test(number) || number === '-0') {
        return undefined;
      }
      const digits = number.startsWith('-') ? number.slice(1) : number;
      const unsafe =
        digits.length > MAX_SAFE_INTEGER_DIGITS.length ||
        (digits.length === MAX_SAFE_INTEGER_DIGITS.length && digits > MAX_SAFE_INTEGER_DIGITS);
      if (unsafe) {
        quoted += `${text.slice(copied, numberStart)}"${number}"`;
        copied = index;
      }
      numberStart = -1;
    }
    if (char === 0x22) {
      index = closingQuote(text, index);
      if (index === -1) return undefined;
    } else if (char === 0x7b || char === 0x5b) {
      if (++depth > maxJsonDepth) return tooDeep;
    } else if (char === 0x7d || char === 0x5d) {
      depth--;
    }
  }
  return copied === 0 ? text : quoted + text.slice(copied);
}

/** What reviveValue does, for a plain parse of a body whose numbers are all safe integers. */
function finishPlain(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) finishPlain(item);
    return;
  }
  if (typeof value !== 'object' || value === null) return;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    const item = object[key];
    if (key === '__proto__') {
      delete object[key];
    } else if (typeof item === 'number') {
      if (ID_KEYS.has(key)) object[key] = String(item);
    } else {
      finishPlain(item);
    }
  }
}

function reviveValue(key: string, value: unknown, source: string | undefined): unknown {
  // JSON.parse itself creates `__proto__` as a plain own property, but code that later copies the object
  // with Object.assign or a for-in loop would turn it into a prototype change; dropping it is simplest.
  if (key === '__proto__') {
    return undefined;
  }
  if (typeof value !== 'number') {
    return value;
  }
  if (ID_KEYS.has(key) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
    return source ?? String(value);
  }
  return value;
}
