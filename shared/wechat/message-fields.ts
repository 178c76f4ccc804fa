/**
 * Field values accepted by the message builders. Strings are text; numbers and bigints are written as bare
 * numbers, the way WeChat writes CreateTime and MsgId. Use a bigint for a MsgId beyond 2^53 so that a built
 * JSON body carries it as an exact bare number, as WeChat does.
 */
export type MessageFieldValue = string | number | bigint;

export type MessageFields = Record<string, MessageFieldValue>;

/** The bare-number text of a numeric field; NaN and infinities have no representation in either format. */
export function formatNumericField(name: string, value: number | bigint): string {
  if (typeof value === 'number' && !Number.isFinite(value)) {
    throw new TypeError(`field ${name} is not a finite number`);
  }
  return value.toString();
}
