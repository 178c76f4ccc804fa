/**
 * Drains of the same queues asked for at once in one process: they join the running one, which goes
 * round once more so that room freed meanwhile is used, instead of all reaching for the same customer
 * and agent and all but one losing.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { AgentLoad } from '../../../shared/domain/routing.ts';

const waiting: Conversation[] = [];
const loads: AgentLoad[] = [];
const reads = { waiting: 0 };
/** Held open until released, so that a test can ask for more drains while one runs. */
let gate: Promise<void> = Promise.resolve();

vi.mock('../../../shared/store/waiting-line.ts', () => ({
  listWaiting: vi.fn(async () => {
    reads.waiting++;
    await gate;
    return waiting.slice(0, 1);
  }),
}));
vi.mock('../../../shared/store/queues-repository.ts', () => ({
  listQueueMemberIds: vi.fn(async () => loads.map((load) => load.agentId)),
  listAgentQueues: vi.fn(async () => []),
}));
vi.mock('../../../shared/store/agent-load-repository.ts', () => ({
  getAgentLoads: vi.fn(async () => loads.map((load) => ({ ...load }))),
  takeCapacityItem: vi.fn(() => ({})),
}));
vi.mock('../../../shared/store/guarded-transaction.ts', () => ({
  guardedTransaction: vi.fn(async () => {
    const taken = waiting.shift();
    const agent = loads.find((load) => load.activeCount < load.capacity);
    if (!taken || !agent) return 'conflict';
    agent.activeCount++;
    return 'written';
  }),
}));
vi.mock('../../../shared/store/client.ts', () => ({ tableName: () => 'core' }));

const { drainQueues } = await import('../../../shared/conversations/queue-drainer.ts');

const queue = { appId: 'wx1', queueId: 'default' };
const now = Date.now();

function customer(index: number): Conversation {
  const conversationId = `01J${String(index).padStart(23, '0')}`;
  return {
    conversationId,
    workspaceId: 'ws',
    appId: queue.appId,
    openId: `o${index}`,
    queueId: queue.queueId,
    state: 'queued',
    createdAt: now,
    lastMessageAt: now,
    lastMessageId: conversationId,
  } as Conversation;
}

function agent(agentId: string, activeCount: number): AgentLoad {
  return {
    agentId,
    status: 'online',
    presentUntil: now + 60_000,
    capacity: 1,
    activeCount,
    lastAssignedAt: 0,
  };
}

beforeEach(() => {
  waiting.splice(0, waiting.length, customer(1), customer(2), customer(3));
  loads.splice(0, loads.length, agent('a', 0));
  reads.waiting = 0;
  gate = Promise.resolve();
});

describe('drainQueues', () => {
  it('gives the line to whoever has room until nobody has', async () => {
    loads.push(agent('b', 0));
    expect(await drainQueues([queue])).toBe(2);
    expect(waiting).toHaveLength(1);
  });

  it('joins drains asked for while one runs, and goes round again for what they freed', async () => {
    let release: () => void = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    const first = drainQueues([queue]);
    // Meanwhile a colleague closes a conversation (room for one more) and asks for a drain, twice.
    loads.push(agent('b', 0));
    const second = drainQueues([queue]);
    const third = drainQueues([queue]);
    expect(second).toBe(first);
    expect(third).toBe(first);
    release();
    expect(await first).toBe(2);
    expect(waiting).toHaveLength(1);
    // One pass of 3 rounds (2 assignments, then nobody free) and one more pass of 1: not one per caller.
    expect(reads.waiting).toBe(4);
  });

  it('runs drains of other queues on their own', async () => {
    let release: () => void = () => {};
    gate = new Promise((resolve) => {
      release = resolve;
    });
    const ours = drainQueues([queue]);
    const theirs = drainQueues([{ appId: 'wx1', queueId: 'vip' }]);
    expect(theirs).not.toBe(ours);
    release();
    await Promise.all([ours, theirs]);
  });

  it('starts afresh once the running drain is over', async () => {
    const first = drainQueues([queue]);
    await first;
    loads.push(agent('b', 0));
    const next = drainQueues([queue]);
    expect(next).not.toBe(first);
    expect(await next).toBe(1);
  });
});
