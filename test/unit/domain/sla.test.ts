import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import {
  byUrgency,
  type ResponseStanding,
  responseClocks,
  responseStanding,
} from '../../../shared/domain/sla.ts';

const minute = 60_000;
const second = 1_000;
/** 10:00 on the fixture's day; every time below is minutes before it. */
const now = Date.UTC(2026, 11, 5, 10, 0);
const at = (minutesBeforeNow: number) => now - minutesBeforeNow * minute;

const targets = { firstResponseMinutes: 5, nextResponseMinutes: 10 };

const conversation = (overrides: Partial<Conversation> = {}): Conversation => ({
  conversationId: 'c1',
  workspaceId: 'w1',
  appId: 'wxapp',
  openId: 'o-1',
  queueId: 'default',
  state: 'active',
  assigneeId: 'alice',
  createdAt: at(4),
  lastMessageAt: at(1),
  lastMessageId: 'c1-last',
  lastMessagePreview: '…',
  ...overrides,
});

let sequence = 0;
const message = (minutesBeforeNow: number, overrides: Partial<Message>): Message => ({
  conversationId: 'c1',
  messageId: `c1-${String(++sequence).padStart(4, '0')}`,
  workspaceId: 'w1',
  appId: 'wxapp',
  openId: 'o-1',
  direction: 'inbound',
  author: 'customer',
  content: { type: 'text', text: '在吗' },
  createdAt: at(minutesBeforeNow),
  ...overrides,
});
const customerSays = (minutes: number) => message(minutes, {});
const agentSays = (minutes: number, status: Message['status'] = 'sent') =>
  message(minutes, {
    direction: 'outbound',
    author: 'agent',
    authorId: 'alice',
    status,
    content: { type: 'text', text: '您好' },
  });
const botSays = (minutes: number) =>
  message(minutes, {
    direction: 'outbound',
    author: 'bot',
    status: 'sent',
    content: { type: 'text', text: '目前共有2人在排队，您在第2位' },
  });

describe('responseStanding', () => {
  it('says nothing without a target, or when nobody waits for an answer', () => {
    const unanswered = { openedAt: at(30), answered: false };
    expect(responseStanding(undefined, unanswered, now)).toEqual({ status: 'none' });
    expect(responseStanding({ nextResponseMinutes: 10 }, unanswered, now)).toEqual({ status: 'none' });
    // Answered, and the customer has not written since.
    expect(responseStanding(targets, { openedAt: at(30), answered: true }, now)).toEqual({ status: 'none' });
    // Answered once, waiting now, but only a first-response target is set.
    expect(
      responseStanding(
        { firstResponseMinutes: 5 },
        { openedAt: at(30), answered: true, unansweredSince: at(20) },
        now,
      ),
    ).toEqual({ status: 'none' });
  });

  it('counts the first response from the opening: on track, due soon from 80 %, then breached', () => {
    // Opened 3 min ago, 5 min target: 2 min left (60 % used).
    expect(responseStanding(targets, { openedAt: at(3), answered: false }, now)).toEqual({
      status: 'on_track',
      target: 'first',
      dueAt: at(-2),
      remainingMs: 2 * minute,
    });
    // 4 min used of 5 is exactly 80 %.
    expect(responseStanding(targets, { openedAt: at(4), answered: false }, now)).toEqual({
      status: 'due_soon',
      target: 'first',
      dueAt: at(-1),
      remainingMs: minute,
    });
    // One second short of 80 %.
    expect(
      responseStanding(targets, { openedAt: now - 4 * minute + second, answered: false }, now).status,
    ).toBe('on_track');
    // Exactly 5 min: the answer was due now.
    expect(responseStanding(targets, { openedAt: at(5), answered: false }, now)).toEqual({
      status: 'breached',
      target: 'first',
      dueAt: now,
      remainingMs: 0,
    });
    // 12 min: 7 min overdue.
    expect(responseStanding(targets, { openedAt: at(12), answered: false }, now)).toMatchObject({
      status: 'breached',
      remainingMs: -7 * minute,
    });
  });

  it('counts the next response from the oldest unanswered message once answered', () => {
    // Opened an hour ago and answered: the first-response target no longer applies.
    const clocks = { openedAt: at(60), answered: true, unansweredSince: at(7) };
    expect(responseStanding(targets, clocks, now)).toEqual({
      status: 'on_track',
      target: 'next',
      dueAt: at(-3),
      remainingMs: 3 * minute,
    });
    expect(responseStanding(targets, { ...clocks, unansweredSince: at(8.5) }, now)).toMatchObject({
      status: 'due_soon',
      remainingMs: 1.5 * minute,
    });
    expect(responseStanding(targets, { ...clocks, unansweredSince: at(25) }, now)).toMatchObject({
      status: 'breached',
      target: 'next',
      remainingMs: -15 * minute,
    });
  });

  it('takes the 1-minute and 1440-minute bounds', () => {
    expect(
      responseStanding({ firstResponseMinutes: 1 }, { openedAt: now - 61 * second, answered: false }, now),
    ).toMatchObject({ status: 'breached', remainingMs: -second });
    expect(
      responseStanding({ firstResponseMinutes: 1440 }, { openedAt: at(19 * 60), answered: false }, now),
    ).toMatchObject({ status: 'on_track', remainingMs: 5 * 60 * minute });
    // 20 h of 24 is 83 %.
    expect(
      responseStanding({ firstResponseMinutes: 1440 }, { openedAt: at(20 * 60), answered: false }, now),
    ).toMatchObject({ status: 'due_soon', remainingMs: 4 * 60 * minute });
  });
});

describe('responseClocks', () => {
  it('reads a whole thread: bot lines and failed replies answer nothing', () => {
    const thread = [customerSays(9), botSays(9), agentSays(6, 'failed'), customerSays(3)];
    const clocks = responseClocks(conversation({ createdAt: at(9), lastReplyAt: at(6) }), thread);
    expect(clocks).toEqual({ openedAt: at(9), answered: false, unansweredSince: at(9) });
    // 9 min since the opening against a 5-min first-response target: 4 min overdue.
    expect(clocks && responseStanding(targets, clocks, now)).toMatchObject({
      status: 'breached',
      target: 'first',
      remainingMs: -4 * minute,
    });
  });

  it('reads a whole thread: a sent or pending answer ends the wait, the next message starts the next one', () => {
    const thread = [customerSays(20), agentSays(18), customerSays(9), botSays(8), customerSays(2)];
    expect(responseClocks(conversation({ createdAt: at(20) }), thread)).toEqual({
      openedAt: at(20),
      answered: true,
      unansweredSince: at(9),
    });
    const answered = [customerSays(3), agentSays(1, 'pending')];
    expect(responseClocks(conversation({ createdAt: at(3) }), answered)).toEqual({
      openedAt: at(3),
      answered: true,
    });
  });

  it('falls back on the conversation’s own times without the thread', () => {
    expect(
      responseClocks(
        conversation({ createdAt: at(4), lastCustomerMessageAt: at(4), unansweredSince: at(4) }),
        undefined,
      ),
    ).toEqual({ openedAt: at(4), answered: false, unansweredSince: at(4) });
    // Answered 10 minutes ago; the customer wrote again 7 and 3 minutes ago: waiting since the first.
    expect(
      responseClocks(
        conversation({
          createdAt: at(40),
          lastReplyAt: at(10),
          lastCustomerMessageAt: at(3),
          unansweredSince: at(7),
        }),
        undefined,
      ),
    ).toEqual({ openedAt: at(40), answered: true, unansweredSince: at(7) });
    expect(
      responseClocks(
        conversation({ createdAt: at(40), lastReplyAt: at(2), lastCustomerMessageAt: at(3) }),
        undefined,
      ),
    ).toEqual({ openedAt: at(40), answered: true });
  });

  it('falls back on the conversation’s wait, which an answer WeChat refused does not end', () => {
    // The customer wrote at 9; the agent's only answer, at 6, was refused for good.
    expect(
      responseClocks(
        conversation({
          createdAt: at(40),
          lastCustomerMessageAt: at(9),
          lastReplyAt: at(6),
          unansweredSince: at(9),
        }),
        undefined,
      ),
    ).toEqual({ openedAt: at(40), answered: true, unansweredSince: at(9) });
  });

  it('gives a closed conversation no clocks', () => {
    expect(
      responseClocks(conversation({ state: 'closed', closedAt: at(1) }), [customerSays(3)]),
    ).toBeUndefined();
  });
});

describe('byUrgency', () => {
  it('puts the longest overdue first and conversations without a target last', () => {
    const standing = (remainingMinutes: number | undefined): ResponseStanding =>
      remainingMinutes === undefined
        ? { status: 'none' }
        : {
            status: remainingMinutes <= 0 ? 'breached' : 'on_track',
            target: 'first',
            dueAt: now + remainingMinutes * minute,
            remainingMs: remainingMinutes * minute,
          };
    const sorted = [
      standing(3),
      standing(undefined),
      standing(-1),
      standing(-8),
      standing(undefined),
      standing(1),
    ]
      .sort(byUrgency)
      .map((item) => (item.status === 'none' ? 'none' : item.remainingMs / minute));
    expect(sorted).toEqual([-8, -1, 1, 3, 'none', 'none']);
  });
});
