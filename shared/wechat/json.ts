import { jsonNestsDeeperThan, maxJsonDepth } from '../domain/json-depth.ts';
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

/** Relies on JSON.parse source text access (Node ≥ 21; the project runs on Node 22 everywhere). */
export function parseJsonMessage(body: string): Record<string, unknown> {
  if (jsonNestsDeeperThan(body)) {
    throw new MalformedBodyError(`JSON body nests deeper than ${maxJsonDepth} levels`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body, (key, value: unknown, context?: ReviverContext) =>
      reviveValue(key, value, context?.source),
    );
  } catch {
    throw new MalformedBodyError('body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new MalformedBodyError('JSON body must be an object');
  }
  return parsed as Record<string, unknown>;
}

export function buildJsonMessage(fields: MessageFields): string {
  // Built by hand because JSON.stringify cannot write a bigint as a bare number.
  const members = Object.entries(fields).map(([name, value]) => {
    const encoded = typeof value === 'string' ? JSON.stringify(value) : formatNumericField(name, value);
    return `${JSON.stringify(name)}:${encoded}`;
  });
  return `{${members.join(',')}}`;
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
