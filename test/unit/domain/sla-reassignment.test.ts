import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { AgentLoad } from '../../../shared/domain/routing.ts';
import { reassigneeOf, reassignmentDueAt } from '../../../shared/domain/sla-reassignment.ts';

const minute = 60_000;
const now = 100 * minute;

function agent(agentId: string, overrides: Partial<AgentLoad> = {}): AgentLoad {
  return {
    agentId,
    status: 'online',
    presentUntil: now + 10 * minute,
    capacity: 3,
    activeCount: 1,
    lastAssignedAt: 0,
    ...overrides,
  };
}

const held: Conversation = {
  conversationId: 'C',
  workspaceId: 'w',
  appId: 'wx',
  queueId: 'default',
  openId: 'o',
  state: 'active',
  assigneeId: 'late',
  stickyAgentId: 'late',
  createdAt: 0,
  assignedAt: 0,
  lastMessageAt: 0,
  lastMessageId: 'M',
  lastMessagePreview: '',
  lastCustomerMessageAt: 0,
  unansweredSince: 0,
};

describe('reassignmentDueAt', () => {
  it.each<[string, Partial<Conversation>, number | undefined]>([
    ['the oldest unanswered message, not the latest', { lastCustomerMessageAt: 7 * minute }, 2 * minute],
    ['answered: nothing is due', { unansweredSince: undefined, lastReplyAt: minute }, undefined],
    ['taken from the line later: from when the agent got it', { assignedAt: 10 * minute }, 12 * minute],
    ['transferred later: from the transfer', { transferredAt: 30 * minute }, 32 * minute],
    ['written after the agent got it: from the message', { unansweredSince: 40 * minute }, 42 * minute],
    ['closed', { state: 'closed' }, undefined],
  ])('%s', (_name, overrides, expected) => {
    expect(reassignmentDueAt({ ...held, ...overrides }, 2 * minute)).toBe(expected);
  });
});

describe('reassigneeOf', () => {
  it('never hands it back to the agent who did not answer, though they are its sticky, least loaded agent', () => {
    const members = [agent('late', { activeCount: 0 }), agent('b', { activeCount: 2 })];
    expect(reassigneeOf(members, 'late', 'late', now)?.agentId).toBe('b');
  });

  it('takes the least loaded of the others, then who waited longest', () => {
    const members = [
      agent('late'),
      agent('b', { activeCount: 2 }),
      agent('c', { lastAssignedAt: 5 }),
      agent('d', { lastAssignedAt: 3 }),
    ];
    expect(reassigneeOf(members, 'late', 'late', now)?.agentId).toBe('d');
  });

  it('finds nobody when no other agent is online, present and has room: the conversation stays', () => {
    const members = [
      agent('late'),
      agent('away', { status: 'away' }),
      agent('offline', { status: 'offline' }),
      agent('gone', { presentUntil: now }),
      agent('full', { activeCount: 3 }),
    ];
    expect(reassigneeOf(members, 'late', 'late', now)).toBeUndefined();
  });
});
