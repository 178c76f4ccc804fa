import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import {
  maxCheckIntervalMs,
  nextCheckAt,
  replyWindowMs,
  timeoutOf,
} from '../../../shared/domain/conversation-timeouts.ts';

const minute = 60_000;
const hour = 60 * minute;
const base: Conversation = {
  conversationId: 'C',
  workspaceId: 'w',
  appId: 'wx',
  queueId: 'default',
  openId: 'o',
  state: 'active',
  assigneeId: 'a',
  createdAt: 0,
  lastMessageAt: 0,
  lastMessageId: 'M',
  lastMessagePreview: '',
  lastCustomerMessageAt: 0,
};

describe('timeoutOf', () => {
  it.each<[string, Partial<Conversation>, number, ReturnType<typeof timeoutOf>]>([
    [
      'agent replied 30 min ago, customer silent since',
      { lastReplyAt: 10 * minute },
      40 * minute,
      'inactive',
    ],
    ['agent replied 29 min ago', { lastReplyAt: 10 * minute }, 39 * minute, undefined],
    [
      'customer wrote after the reply: waiting for the agent, not inactive',
      { lastReplyAt: 10 * minute, lastCustomerMessageAt: 20 * minute },
      5 * hour,
      undefined,
    ],
    ['agent never replied', {}, 5 * hour, undefined],
    [
      'the agent’s answer failed (WeChat refused it): the customer still waits, not inactive',
      { lastReplyAt: 10 * minute, unansweredSince: 0 },
      5 * hour,
      undefined,
    ],
    [
      '48 h since the customer wrote, whatever the agent did',
      { lastCustomerMessageAt: hour },
      49 * hour,
      'expired',
    ],
    ['just under 48 h', { lastCustomerMessageAt: hour }, 49 * hour - 1, undefined],
    ['already closed', { state: 'closed', lastReplyAt: 0 }, 99 * hour, undefined],
    ['waiting in the queue', { state: 'queued', assigneeId: undefined }, 99 * hour, undefined],
  ])('%s', (_name, overrides, now, expected) => {
    expect(timeoutOf({ ...base, ...overrides }, now)).toBe(expected);
  });

  it('takes the inactivity limit of the queue', () => {
    expect(timeoutOf({ ...base, lastReplyAt: 0 }, 10 * minute, 10 * minute)).toBe('inactive');
    expect(timeoutOf({ ...base, lastReplyAt: 0 }, 10 * minute, 15 * minute)).toBeUndefined();
  });
});

describe('nextCheckAt', () => {
  const inactivity = 10 * minute;
  it.each<[string, Partial<Conversation>, number, number]>([
    [
      'replied, customer silent since: when the silence reaches the limit',
      { lastReplyAt: 10 * minute },
      12 * minute,
      20 * minute,
    ],
    ['never replied: a reply now would start the silence now', {}, 12 * minute, 22 * minute],
    [
      'customer wrote after the reply: only a new reply starts the silence',
      { lastReplyAt: 10 * minute, lastCustomerMessageAt: 20 * minute },
      25 * minute,
      35 * minute,
    ],
    [
      'the answer failed: only a new reply starts the silence',
      { lastReplyAt: 10 * minute, unansweredSince: 0 },
      25 * minute,
      35 * minute,
    ],
    ['WeChat’s window closes first', { lastCustomerMessageAt: 0 }, replyWindowMs - 5 * minute, replyWindowMs],
  ])('%s', (_, change, now, expected) => {
    expect(nextCheckAt({ ...base, ...change }, now, inactivity)).toBe(expected);
  });

  it('looks again within the longest interval however long the timeout, so a changed setting applies', () => {
    expect(nextCheckAt({ ...base, lastReplyAt: 0 }, minute, 8 * hour)).toBe(minute + maxCheckIntervalMs);
  });

  it('is never later than the time timeoutOf first answers, whatever happens in between', () => {
    // A conversation checked at `checkedAt`; then, at any later time, the agent replies or the customer
    // writes. The first moment it times out must not come before the check that was planned.
    for (const checkedAt of [0, 7 * minute, 31 * minute]) {
      const planned = nextCheckAt(base, checkedAt, inactivity);
      for (const event of ['reply', 'customer'] as const) {
        for (let at = checkedAt; at < checkedAt + 2 * hour; at += minute) {
          const after: Conversation =
            event === 'reply' ? { ...base, lastReplyAt: at } : { ...base, lastCustomerMessageAt: at };
          let firstTimeout = at;
          while (!timeoutOf(after, firstTimeout, inactivity)) firstTimeout += minute;
          expect(firstTimeout).toBeGreaterThanOrEqual(planned);
        }
      }
    }
  });
});

describe('nextCheckAt with the queue’s SLA rule (reassign after 2 minutes)', () => {
  const inactivity = 30 * minute;
  const reassignAfter = 2 * minute;
  const held: Conversation = { ...base, assignedAt: 0, unansweredSince: 0 };
  it.each<[string, Partial<Conversation>, number, number]>([
    ['unanswered since the opening: when the 2 minutes are up', {}, minute, 2 * minute],
    [
      'the customer wrote again: still from the oldest unanswered message',
      { lastCustomerMessageAt: 90_000 },
      100_000,
      2 * minute,
    ],
    [
      'taken from the line 10 min in: 2 minutes from then',
      { createdAt: 0, assignedAt: 10 * minute },
      10 * minute,
      12 * minute,
    ],
    [
      'answered: within 2 minutes of now, as a message may come meanwhile',
      { unansweredSince: undefined, lastReplyAt: minute },
      90_000,
      90_000 + 2 * minute,
    ],
    ['overdue and still with its agent: again in a minute', {}, 5 * minute, 6 * minute],
  ])('%s', (_, change, now, expected) => {
    expect(nextCheckAt({ ...held, ...change }, now, inactivity, reassignAfter)).toBe(expected);
  });

  it('leaves the timeouts to decide when the rule is off', () => {
    expect(nextCheckAt(held, minute, inactivity)).toBe(minute + maxCheckIntervalMs);
  });

  it('is never later than the rule first applies, whatever the customer writes after the check', () => {
    const answered: Conversation = { ...base, assignedAt: 0, lastReplyAt: 0 };
    for (const checkedAt of [0, 7 * minute]) {
      const planned = nextCheckAt(answered, checkedAt, inactivity, reassignAfter);
      for (let at = checkedAt; at < checkedAt + hour; at += 10_000) {
        const written: Conversation = { ...answered, lastCustomerMessageAt: at, unansweredSince: at };
        expect(at + reassignAfter).toBeGreaterThanOrEqual(planned);
        expect(nextCheckAt(written, at, inactivity, reassignAfter)).toBe(at + reassignAfter);
      }
    }
  });
});
