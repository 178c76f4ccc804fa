import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { floorView, oldestUnansweredAt } from '../../../shared/domain/floor.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { AgentLoad } from '../../../shared/domain/routing.ts';

const minute = 60_000;
/** 10:00 on the fixture's day; every time below is minutes before or after it. */
const now = Date.UTC(2026, 11, 5, 10, 0);
const at = (minutesBeforeNow: number) => now - minutesBeforeNow * minute;

const conversation = (id: string, overrides: Partial<Conversation>): Conversation => ({
  conversationId: id,
  workspaceId: 'w1',
  appId: 'wxapp',
  openId: `o-${id}`,
  queueId: 'default',
  state: 'active',
  createdAt: at(30),
  lastMessageAt: at(1),
  lastMessageId: `${id}-last`,
  lastMessagePreview: '…',
  ...overrides,
});

let sequence = 0;
const message = (conversationId: string, minutesBeforeNow: number, overrides: Partial<Message>): Message => ({
  conversationId,
  messageId: `${conversationId}-${String(++sequence).padStart(4, '0')}`,
  workspaceId: 'w1',
  appId: 'wxapp',
  openId: `o-${conversationId}`,
  direction: 'inbound',
  author: 'customer',
  content: { type: 'text', text: '在吗' },
  createdAt: at(minutesBeforeNow),
  ...overrides,
});
const customerSays = (id: string, minutes: number) => message(id, minutes, {});
const agentSays = (id: string, minutes: number, status: Message['status'] = 'sent') =>
  message(id, minutes, {
    direction: 'outbound',
    author: 'agent',
    authorId: 'alice',
    status,
    content: { type: 'text', text: '您好' },
  });
const botSays = (id: string, minutes: number) =>
  message(id, minutes, { direction: 'outbound', author: 'bot', status: 'sent' });

const load = (agentId: string, overrides: Partial<AgentLoad>): AgentLoad => ({
  agentId,
  status: 'online',
  presentUntil: now + 5 * minute,
  capacity: 5,
  activeCount: 0,
  lastAssignedAt: 0,
  ...overrides,
});

describe('oldestUnansweredAt', () => {
  it('is the first customer message after the last answer, bot lines not counting as answers', () => {
    // Alice answered 20 minutes ago; the customer wrote 12 and 4 minutes ago, the bot 11 minutes ago.
    const served = conversation('c1', { lastReplyAt: at(20), lastCustomerMessageAt: at(4) });
    const since = [agentSays('c1', 20), customerSays('c1', 12), botSays('c1', 11), customerSays('c1', 4)];
    expect(oldestUnansweredAt(served, since)).toBe(at(12));
  });

  it('is nothing once an agent answered the customer’s last message', () => {
    const answered = conversation('c2', { lastReplyAt: at(3), lastCustomerMessageAt: at(5) });
    expect(oldestUnansweredAt(answered, [customerSays('c2', 5), agentSays('c2', 3)])).toBeUndefined();
  });

  it('does not count an answer WeChat refused', () => {
    // The customer wrote at 8; the agent's answer at 6 failed; the customer wrote again at 2.
    const refused = conversation('c3', { lastReplyAt: at(9), lastCustomerMessageAt: at(2) });
    const since = [
      agentSays('c3', 9),
      customerSays('c3', 8),
      agentSays('c3', 6, 'failed'),
      customerSays('c3', 2),
    ];
    expect(oldestUnansweredAt(refused, since)).toBe(at(8));
  });

  it('falls back to the customer’s latest message when the messages read do not show it', () => {
    const busy = conversation('c4', { lastReplyAt: at(9), lastCustomerMessageAt: at(7) });
    expect(oldestUnansweredAt(busy, [agentSays('c4', 9), botSays('c4', 8)])).toBe(at(7));
  });

  it('is the customer’s first message when no agent ever answered', () => {
    const fresh = conversation('c5', { lastCustomerMessageAt: at(1) });
    expect(
      oldestUnansweredAt(fresh, [customerSays('c5', 15), botSays('c5', 15), customerSays('c5', 1)]),
    ).toBe(at(15));
  });
});

describe('floorView', () => {
  const served = conversation('served', {
    assigneeId: 'alice',
    createdAt: at(30),
    lastReplyAt: at(20),
    lastCustomerMessageAt: at(4),
  });
  const answered = conversation('answered', {
    assigneeId: 'alice',
    createdAt: at(45),
    lastReplyAt: at(2),
    lastCustomerMessageAt: at(5),
  });
  const bobs = conversation('bobs', {
    assigneeId: 'bob',
    createdAt: at(10),
    lastCustomerMessageAt: at(10),
  });
  const firstInLine = conversation('first', {
    state: 'queued',
    waitingKind: 'queue',
    queueId: 'shop-12',
    createdAt: at(8),
    lastCustomerMessageAt: at(8),
  });
  const secondInLine = conversation('second', {
    state: 'queued',
    waitingKind: 'queue',
    queueId: 'shop-12',
    createdAt: at(3),
    lastCustomerMessageAt: at(3),
  });
  const leftMessage = conversation('left', {
    state: 'queued',
    waitingKind: 'left_message',
    createdAt: at(90),
    lastCustomerMessageAt: at(90),
  });
  const closed = conversation('closed', { state: 'closed', closedAt: at(1), lastCustomerMessageAt: at(50) });

  const view = floorView({
    now,
    apps: [{ appId: 'wxapp', name: '演示小程序' }],
    queues: [
      { appId: 'wxapp', queueId: 'default', name: '客服' },
      {
        appId: 'wxapp',
        queueId: 'shop-12',
        name: '12 号店',
        responseTargets: { firstResponseMinutes: 5, nextResponseMinutes: 10 },
      },
      { appId: 'wxapp', queueId: 'vip', name: 'VIP' },
    ],
    conversations: [served, answered, bobs, firstInLine, secondInLine, leftMessage, closed],
    messagesSinceLastAnswer: new Map([
      ['served', [agentSays('served', 20), customerSays('served', 12), customerSays('served', 4)]],
      ['bobs', [customerSays('bobs', 10)]],
      ['first', [customerSays('first', 8)]],
      ['second', [customerSays('second', 3)]],
      ['left', [customerSays('left', 90)]],
    ]),
    // Listed in no order: the view puts online agents first, then away, then offline.
    agents: [
      { agentId: 'carol', displayName: 'Carol', load: load('carol', { status: 'offline' }) },
      { agentId: 'alice', displayName: 'Alice', load: load('alice', { activeCount: 2 }) },
      {
        agentId: 'bob',
        displayName: 'Bob',
        load: load('bob', { status: 'away', activeCount: 1, capacity: 3, presentUntil: now - 1 }),
      },
    ],
    truncated: false,
  });

  it('lists the open conversations, longest unanswered first, with their clocks', () => {
    expect(
      view.conversations.map(({ conversationId, openForMs, unansweredMs }) => ({
        conversationId,
        openMinutes: openForMs / minute,
        unansweredMinutes: unansweredMs === undefined ? undefined : unansweredMs / minute,
      })),
    ).toEqual([
      { conversationId: 'left', openMinutes: 90, unansweredMinutes: 90 },
      { conversationId: 'served', openMinutes: 30, unansweredMinutes: 12 },
      { conversationId: 'bobs', openMinutes: 10, unansweredMinutes: 10 },
      { conversationId: 'first', openMinutes: 8, unansweredMinutes: 8 },
      { conversationId: 'second', openMinutes: 3, unansweredMinutes: 3 },
      { conversationId: 'answered', openMinutes: 45, unansweredMinutes: undefined },
    ]);
  });

  it('says who serves each, or how it waits', () => {
    const who = Object.fromEntries(
      view.conversations.map((row) => [row.conversationId, row.assigneeId ?? row.waitingKind]),
    );
    expect(who).toEqual({
      left: 'left_message',
      served: 'alice',
      bobs: 'bob',
      first: 'queue',
      second: 'queue',
      answered: 'alice',
    });
    expect(view.conversations.find((row) => row.conversationId === 'served')?.unansweredSince).toBe(at(12));
  });

  it('says which conversations an agent has answered, for their first- or next-response clock', () => {
    const answeredIds = view.conversations.filter((row) => row.answered).map((row) => row.conversationId);
    expect(answeredIds.sort()).toEqual(['answered', 'served']);
  });

  it('counts each queue’s line and its longest wait', () => {
    expect(view.queues).toEqual([
      { appId: 'wxapp', queueId: 'default', name: '客服', waitingCount: 1, oldestWaitMs: 90 * minute },
      {
        appId: 'wxapp',
        queueId: 'shop-12',
        name: '12 号店',
        responseTargets: { firstResponseMinutes: 5, nextResponseMinutes: 10 },
        waitingCount: 2,
        oldestWaitMs: 8 * minute,
      },
      { appId: 'wxapp', queueId: 'vip', name: 'VIP', waitingCount: 0 },
    ]);
  });

  it('gives each agent, those taking customers first, their status, presence, load and time since their latest answer', () => {
    expect(view.agents).toEqual([
      {
        agentId: 'alice',
        displayName: 'Alice',
        status: 'online',
        present: true,
        activeCount: 2,
        capacity: 5,
        lastReplyAt: at(2),
        sinceLastReplyMs: 2 * minute,
      },
      {
        agentId: 'bob',
        displayName: 'Bob',
        status: 'away',
        present: false,
        activeCount: 1,
        capacity: 3,
      },
      {
        agentId: 'carol',
        displayName: 'Carol',
        status: 'offline',
        present: true,
        activeCount: 0,
        capacity: 5,
      },
    ]);
    expect(view.takenAt).toBe(now);
    expect(view.truncated).toBe(false);
  });
});
