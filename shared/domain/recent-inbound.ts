/**
 * How a conversation remembers the customer messages it took in lately, so that a repeated delivery
 * of a callback (WeChat retries one it got no `success` for within 5 seconds) is recognised without a
 * dedupe item per message (see `conversations/inbound-recorder.ts`).
 *
 * A message is known by a digest of its app and dedupe key (WeChat's MsgId, or the fields that
 * identify an event). The conversation item keeps, for each recent message, a 48-bit slot of that
 * digest and the time the message was recorded; the message's id is that time (in front, as in every
 * ULID) and 80 more bits of the digest. So a delivery that finds its slot knows exactly which log item
 * the first delivery wrote, or was about to write when it stopped.
 *
 * For how long: 6 minutes, beyond the 5 minutes for which a callback's signature is accepted, so no
 * accepted copy of a request comes later (WeChat's own retries come within about 20 seconds). How
 * many: as many as fit in the kilobyte the conversation item pays for anyway (every customer message
 * rewrites it, one write unit per KB, and as much again in the index). When a message must give way
 * before its 6 minutes are up (a customer writing many messages in a few minutes), it is written down
 * as a dedupe item of its own first (`DEDUPE#<app>#slot:<openid>:<slot>`) and the memory notes until
 * when such items may exist (`~overflow`), so that a repeated delivery that misses its slot looks there.
 *
 * When a customer opens a new conversation, the entries of their previous one move along, each with
 * the id of the conversation it belongs to, so that a repeated delivery arriving after the
 * conversation changed is still recognised and, if it must, completes the message where it belongs.
 */
import { createHash } from 'node:crypto';
import { decodeTime, encodeTime } from 'ulid';

/** Slot → when the message was recorded (ms), or `<conversationId>:<ms>` for a previous conversation's. */
export type RecentInbound = Record<string, number | string>;

/** How long a message is remembered: past the 5 minutes a callback's signature is accepted. */
export const rememberedForMs = 6 * 60_000;

/**
 * Notes kept in the memory beside the slots (slots are base64url and never start with `~`):
 * `~overflow`: the time of the newest message that gave way to newer ones before its time was up
 * (and was written down as a dedupe item of its own); `~legacy`: when the conversation began to
 * remember, if messages of it were recognised by dedupe items before (kept for `rememberedForMs`).
 */
export const overflowNote = '~overflow';
export const legacyNote = '~legacy';

const isNote = (slot: string) => slot.startsWith('~');

export interface InboundIdentity {
  /** The slot in the conversation's memory. */
  slot: string;
  /** The 80 bits of the message id behind its time. */
  randomPart: string;
}

const crockford = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The identity of a customer message, the same for every delivery of it. */
export function inboundIdentity(appId: string, dedupeKey: string): InboundIdentity {
  const digest = createHash('sha256').update(`${appId}\n${dedupeKey}`).digest();
  const slot = digest.subarray(0, 6).toString('base64url');
  let bits = 0n;
  for (const byte of digest.subarray(6, 16)) bits = (bits << 8n) | BigInt(byte);
  let randomPart = '';
  for (let index = 0; index < 16; index++) {
    randomPart = crockford[Number(bits & 31n)] + randomPart;
    bits >>= 5n;
  }
  return { slot, randomPart };
}

/** The id of the message recorded at `time`: a ULID of that time, the same for every delivery. */
export function inboundMessageId(identity: InboundIdentity, time: number): string {
  return `${encodeTime(time, 10)}${identity.randomPart}`;
}

/** A remembered message: when it was recorded and, if it was another conversation's, which. */
export interface RecentEntry {
  time: number;
  conversationId?: string;
}

export function entryOf(recent: RecentInbound | undefined, slot: string): RecentEntry | undefined {
  const value = recent?.[slot];
  return value === undefined || isNote(slot) ? undefined : parseEntry(value);
}

function parseEntry(value: number | string): RecentEntry | undefined {
  if (typeof value === 'number') return { time: value };
  const [conversationId, time] = value.split(':');
  return conversationId && time ? { conversationId, time: Number(time) } : undefined;
}

function timeOfValue(value: number | string): number {
  return typeof value === 'number' ? value : Number(value.split(':')[1]);
}

/** Whether a message that is not in the memory may have been written down as a dedupe item of its own. */
export function mayHaveGivenWay(recent: RecentInbound | undefined, now: number): boolean {
  const overflow = recent?.[overflowNote];
  return typeof overflow === 'number' && now - overflow < rememberedForMs;
}

/** About what an entry adds to the stored item, in bytes (name, value, and the map's own bytes). */
function entryBytes(slot: string, value: number | string): number {
  return slot.length + (typeof value === 'number' ? 8 : value.length) + 3;
}

export interface Remembered {
  recent: RecentInbound;
  /** Messages that had to give way before their time was up: write each down before the memory. */
  gaveWay: { slot: string; entry: RecentEntry }[];
}

/**
 * The memory after recording the message in `slot` at `time`: the entries of the last
 * `rememberedForMs`, newest first, as many as `maxBytes` holds (the new one always).
 */
export function remember(
  recent: RecentInbound,
  slot: string,
  time: number,
  now: number,
  maxBytes: number,
): Remembered {
  const live = (value: number | string) => now - timeOfValue(value) < rememberedForMs;
  const notes = Object.entries(recent).filter(([name, value]) => isNote(name) && live(value));
  const entries = Object.entries({ ...recent, [slot]: time })
    .filter(([name, value]) => !isNote(name) && live(value))
    .sort(([, a], [, b]) => timeOfValue(b) - timeOfValue(a));
  let bytes = notes.reduce((sum, [name, value]) => sum + entryBytes(name, value), 0);
  const kept: [string, number | string][] = [];
  const gaveWay: Remembered['gaveWay'] = [];
  for (const [name, value] of entries) {
    bytes += entryBytes(name, value);
    const entry = parseEntry(value);
    if (name === slot || bytes <= maxBytes) kept.push([name, value]);
    else if (entry) gaveWay.push({ slot: name, entry });
  }
  const newestGone = Math.max(...gaveWay.map(({ entry }) => entry.time), -Infinity);
  const overflow = Math.max(newestGone, Number(Object.fromEntries(notes)[overflowNote] ?? -Infinity));
  return {
    recent: Object.fromEntries([
      ...notes.filter(([name]) => name !== overflowNote),
      ...(Number.isFinite(overflow) ? [[overflowNote, overflow] as [string, number]] : []),
      ...kept,
    ]),
    gaveWay,
  };
}

/** What a customer's next conversation takes over from this one (its messages, named as its). */
export function handedOn(recent: RecentInbound, conversationId: string, now: number): RecentInbound {
  return Object.fromEntries(
    Object.entries(recent)
      .filter(([, value]) => now - timeOfValue(value) < rememberedForMs)
      .map(([slot, value]) => [
        slot,
        typeof value === 'number' && !isNote(slot) ? `${conversationId}:${value}` : value,
      ]),
  );
}

/**
 * Whether an inbound message opened its conversation. The first message's id is made with the
 * conversation's own time, and every later inbound message of it is recorded at least a millisecond
 * after the conversation's last message (see the recorder), so only the first shares that time.
 */
export function openedItsConversation(messageId: string, conversationId: string): boolean {
  return decodeTime(messageId) === decodeTime(conversationId);
}
