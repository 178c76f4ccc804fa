import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { floorView } from '../../../shared/domain/floor.ts';
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

const load = (agentId: string, overrides: Partial<AgentLoad>): AgentLoad => ({
  agentId,
  status: 'online',
  presentUntil: now + 5 * minute,
  capacity: 5,
  activeCount: 0,
  lastAssignedAt: 0,
  ...overrides,
});

describe('floorView', () => {
  // Answered 20 minutes ago; the customer wrote again 12 and 4 minutes ago: waiting since the first.
  const served = conversation('served', {
    assigneeId: 'alice',
    createdAt: at(30),
    lastReplyAt: at(20),
    lastCustomerMessageAt: at(4),
    unansweredSince: at(12),
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
    unansweredSince: at(10),
  });
  const firstInLine = conversation('first', {
    state: 'queued',
    waitingKind: 'queue',
    queueId: 'shop-12',
    createdAt: at(8),
    lastCustomerMessageAt: at(8),
    unansweredSince: at(8),
  });
  const secondInLine = conversation('second', {
    state: 'queued',
    waitingKind: 'queue',
    queueId: 'shop-12',
    createdAt: at(3),
    lastCustomerMessageAt: at(3),
    unansweredSince: at(3),
  });
  const leftMessage = conversation('left', {
    state: 'queued',
    waitingKind: 'left_message',
    createdAt: at(90),
    lastCustomerMessageAt: at(90),
    unansweredSince: at(90),
  });
  const closed = conversation('closed', {
    state: 'closed',
    closedAt: at(1),
    lastCustomerMessageAt: at(50),
    unansweredSince: at(50),
  });

  const input = {
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
  };
  const view = floorView(input);

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

  it('shows a customer whose only answer WeChat refused as waiting since their message', () => {
    // The customer wrote 9 minutes ago; Alice's answer 6 minutes ago was refused for good, which put
    // the customer's wait back on the conversation.
    const refused = conversation('refused', {
      assigneeId: 'alice',
      lastCustomerMessageAt: at(9),
      lastReplyAt: at(6),
      unansweredSince: at(9),
    });
    const [row] = floorView({ ...input, conversations: [refused] }).conversations;
    expect(row).toMatchObject({ answered: true, unansweredSince: at(9), unansweredMs: 9 * minute });
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
