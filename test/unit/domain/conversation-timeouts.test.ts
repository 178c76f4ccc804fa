import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { timeoutOf } from '../../../shared/domain/conversation-timeouts.ts';

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
