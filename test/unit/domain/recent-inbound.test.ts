import { decodeTime, isValid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { idShapes } from '../../../shared/domain/ids.ts';
import {
  entryOf,
  handedOn,
  inboundIdentity,
  inboundMessageId,
  legacyNote,
  mayHaveGivenWay,
  openedItsConversation,
  overflowNote,
  type RecentInbound,
  remember,
  rememberedForMs,
} from '../../../shared/domain/recent-inbound.ts';

const appId = 'wx0123456789abcdef';
const now = 1_800_000_000_000;

describe('a customer message’s identity', () => {
  it('is the same for every delivery and differs between messages and apps', () => {
    const once = inboundIdentity(appId, 'msg:6054768590064713728');
    expect(inboundIdentity(appId, 'msg:6054768590064713728')).toEqual(once);
    expect(inboundIdentity(appId, 'msg:6054768590064713729').slot).not.toBe(once.slot);
    expect(inboundIdentity('wx0123456789abcdee', 'msg:6054768590064713728')).not.toEqual(once);
    expect(once.slot).toMatch(/^[A-Za-z0-9_-]{8}$/);
  });

  it('makes a ULID of the time it was recorded, the same for every delivery', () => {
    const identity = inboundIdentity(appId, 'evt:o1|1714112445|user_enter_tempsession|shop:12');
    const id = inboundMessageId(identity, now);
    expect(isValid(id)).toBe(true);
    expect(id).toMatch(idShapes.ulid);
    expect(decodeTime(id)).toBe(now);
    expect(inboundMessageId(identity, now)).toBe(id);
    // Later means greater, as for every id of the log.
    expect(inboundMessageId(identity, now + 1) > id).toBe(true);
    expect(inboundMessageId(inboundIdentity(appId, 'msg:1'), now + 1) > id).toBe(true);
  });

  it('tells the message that opened a conversation by its time', () => {
    const conversationId = inboundMessageId(inboundIdentity(appId, 'x'), now);
    const identity = inboundIdentity(appId, 'msg:1');
    expect(openedItsConversation(inboundMessageId(identity, now), conversationId)).toBe(true);
    expect(openedItsConversation(inboundMessageId(identity, now + 1), conversationId)).toBe(false);
  });
});

describe('what a conversation remembers', () => {
  it('every message of the last minutes, as long as they fit', () => {
    let recent: RecentInbound = {};
    for (let index = 0; index < 5; index++) {
      const result = remember(recent, `slot${index}`, now + index * 1000, now + index * 1000, 1000);
      expect(result.gaveWay).toEqual([]);
      recent = result.recent;
    }
    expect(Object.keys(recent)).toHaveLength(5);
    expect(entryOf(recent, 'slot3')).toEqual({ time: now + 3000 });
    expect(entryOf(recent, 'other')).toBeUndefined();
    expect(mayHaveGivenWay(recent, now + 5000)).toBe(false);
  });

  it('forgets what is older than its time, without writing it down', () => {
    const recent = { old: now - rememberedForMs - 1, young: now - 1000 };
    const { recent: after, gaveWay } = remember(recent, 'new', now, now, 1000);
    expect(Object.keys(after).sort()).toEqual(['new', 'young']);
    expect(gaveWay).toEqual([]);
  });

  it('lets the oldest give way when full, to be written down, and notes it', () => {
    const recent = { a: now - 3000, b: now - 2000, c: now - 1000 };
    // Room for two entries of one-letter slots (about 12 bytes each).
    const { recent: after, gaveWay } = remember(recent, 'new', now, now, 30);
    expect(Object.keys(after).filter((slot) => !slot.startsWith('~'))).toEqual(['new', 'c']);
    expect(gaveWay.map(({ slot }) => slot).sort()).toEqual(['a', 'b']);
    expect(after[overflowNote]).toBe(now - 2000);
    expect(mayHaveGivenWay(after, now)).toBe(true);
    expect(mayHaveGivenWay(after, now - 2000 + rememberedForMs)).toBe(false);
  });

  it('always keeps the message being recorded, however little room there is', () => {
    const { recent, gaveWay } = remember({ a: now - 1 }, 'new', now, now, 0);
    expect(entryOf(recent, 'new')).toEqual({ time: now });
    expect(gaveWay).toEqual([{ slot: 'a', entry: { time: now - 1 } }]);
  });

  it('hands its messages on to the customer’s next conversation, named as its own', () => {
    const recent = { a: now - 1000, [legacyNote]: now - 5000, old: now - rememberedForMs - 1 };
    const next = handedOn(recent, '01J00000000000000000000000', now);
    expect(entryOf(next, 'a')).toEqual({ conversationId: '01J00000000000000000000000', time: now - 1000 });
    expect(next[legacyNote]).toBe(now - 5000);
    expect(next).not.toHaveProperty('old');
    // And on again: still the first conversation's.
    const after = handedOn(remember(next, 'b', now, now, 1000).recent, '01J00000000000000000000001', now);
    expect(entryOf(after, 'a')?.conversationId).toBe('01J00000000000000000000000');
    expect(entryOf(after, 'b')?.conversationId).toBe('01J00000000000000000000001');
  });

  it('keeps its notes apart from the messages', () => {
    const { recent } = remember({ [legacyNote]: now - 1000 }, 'new', now, now, 1000);
    expect(entryOf(recent, legacyNote)).toBeUndefined();
    expect(recent[legacyNote]).toBe(now - 1000);
  });
});
