import { decodeTime, encodeTime, monotonicFactory } from 'ulid';

/** Time-sortable ids: clients order and dedupe messages and conversations by them. */
const nextUlid = monotonicFactory();

export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}

/** An id below every id made at `time` or later: where a read of the log from that moment starts. */
export function lowestIdAt(time: number): string {
  return `${encodeTime(time, 10)}${'0'.repeat(16)}`;
}

/**
 * The time an id carries. Under concurrency the monotonic factory may stamp an id a little later than
 * the caller's clock; times taken from the id keep "created at" in the same order as the ids.
 */
export function timeOf(id: string): number {
  return decodeTime(id);
}

/**
 * The shapes of the ids that come in from outside (a path, a socket frame, a WeChat push), checked at
 * the boundary: a malformed id is the caller's mistake (400) and never reaches storage, whose keys have
 * length limits of their own; an id of the right shape that does not exist is a 404.
 */
export const idShapes = {
  /** Ours (conversations, messages, agents): ULIDs, 26 characters of Crockford's base 32. */
  ulid: /^[0-9A-HJKMNP-TV-Z]{26}$/,
  /** A WeChat AppID: `wx` and 16 hex digits. */
  appId: /^wx[0-9a-f]{16}$/i,
  /** A customer's openid: 28 characters of [A-Za-z0-9_-] in practice (`o` + 27); up to 64 allowed. */
  openId: /^[A-Za-z0-9_-]{1,64}$/,
  /**
   * A WeChat MsgId: a 64-bit integer in decimal for pushes to a URL, but an opaque string such as
   * `49d72d67…_1555684067` for cloud-function pushes (WECHAT.md §2), so any short token is taken.
   */
  msgId: /^[A-Za-z0-9_-]{1,128}$/,
} as const;

/**
 * The `session-from` a Mini Program's contact button carries, in UTF-8 bytes. WeChat documents no
 * maximum; merchants' values are short tags or small JSON (`shop:12`, `{"open_type":1}`). 1024 leaves
 * room for any of those, and keeps the dedupe key that includes it far below DynamoDB's 2048-byte
 * partition key limit.
 */
export const maxSessionFromBytes = 1024;

/**
 * What a well-formed id of each shape is, said to whoever sent a malformed one (the schemas of
 * id-schema.ts say the same, and so does the WeChat callback, which checks its AppID without them).
 */
export const idShapeRules = {
  ulid: 'an id is 26 characters of 0-9 and A-Z (a ULID)',
  appId: 'a WeChat AppID is "wx" followed by 16 hex digits',
} as const;
