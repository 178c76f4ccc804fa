import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepHouse } from '../../../shared/conversations/housekeeping.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { AdministeredApp } from '../../../shared/domain/queue-view.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getAgentLoads } from '../../../shared/store/agent-load-repository.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { customerKey } from '../../../shared/store/keys.ts';
import { isStatus, storedConversation } from '../../support/conversation-fixture.ts';
import { deskWithWaitingCustomer, isReassignment, type SlaDesk } from '../../support/sla-desk.ts';
import { startSystem, type TestAgent, type TestSystem } from '../../support/system.ts';

/**
 * A queue's SLA rule on the local runtime: a conversation whose agent has not answered within the
 * queue's `reassignAfterMinutes` goes, at the next housekeeping run, to another agent of the queue
 * chosen by routing, never back to the late one; both agents' consoles hear of it with the reason.
 * Housekeeping is run here with a chosen clock instead of waiting minutes.
 */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const minute = 60_000;

async function loads(...agents: TestAgent[]): Promise<number[]> {
  const found = await getAgentLoads(agents.map((agent) => agent.agentId));
  return agents.map((agent) => found.find((load) => load.agentId === agent.agentId)?.activeCount ?? -1);
}

const isUpdateOf =
  (conversationId: string) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
    frame.type === 'conversation.updated' && frame.conversation.conversationId === conversationId;

async function closeSockets(desk: SlaDesk): Promise<void> {
  await Promise.all([desk.lateSocket.close(), desk.otherSocket.close()]);
}

describe('reassigning a conversation its agent did not answer', () => {
  it('moves it to the other agent once the minutes are up, telling both, once', async () => {
    const desk = await deskWithWaitingCustomer(system, { nextResponseMinutes: 10, reassignAfterMinutes: 2 });
    const { conversation, late, other } = desk;
    const since = conversation.createdAt;

    expect((await keepHouse(since + minute)).reassigned).toBe(0);
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      assigneeId: late.agentId,
      dueAt: since + 2 * minute,
    });

    // Two housekeeping runs at once (two Lambdas): one moves it.
    const due = since + 2 * minute + 1_000;
    const runs = await Promise.all([keepHouse(due), keepHouse(due)]);
    expect(runs.map((run) => run.reassigned).sort()).toEqual([0, 1]);

    const detail = { from: late.agentId, to: other.agentId, reason: 'unanswered', afterMinutes: '2' };
    const left = await desk.lateSocket.next(isReassignment(conversation.conversationId));
    expect(left.message).toMatchObject({ author: 'system', content: { detail } });
    expect(left.conversation.assigneeId).toBe(other.agentId);
    expect((await desk.lateSocket.next(isUpdateOf(conversation.conversationId))).conversation).toMatchObject({
      assigneeId: other.agentId,
    });
    const arrived = await desk.otherSocket.next(isReassignment(conversation.conversationId));
    expect(arrived.message.messageId).toBe(left.message.messageId);
    expect(arrived.conversation).toMatchObject({ assigneeId: other.agentId, state: 'active' });
    expect(await loads(late, other)).toEqual([0, 1]);
    // Still unanswered; the new agent's time runs from the move.
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      assigneeId: other.agentId,
      unansweredSince: since,
      transferredAt: due,
      dueAt: due + 2 * minute,
    });
    // The customer's next conversation sticks to the new agent.
    const { Item: customer } = await dynamo().send(
      new GetCommand({
        TableName: system.runtime.tableNames.core,
        Key: customerKey(conversation.appId, conversation.openId),
        ConsistentRead: true,
      }),
    );
    expect(customer?.lastAgentId).toBe(other.agentId);

    // The new agent has their own 2 minutes: later runs within them change nothing.
    expect((await keepHouse(due)).reassigned).toBe(0);
    expect((await keepHouse(due + minute)).reassigned).toBe(0);
    expect(await loads(late, other)).toEqual([0, 1]);
    const history = await system.request<{ messages: Message[] }>(
      other.token,
      'GET',
      `/api/conversations/${conversation.conversationId}/messages`,
    );
    const transfers = history.body.messages.filter(
      (message) => message.content.type === 'event' && message.content.event === 'conversation_transferred',
    );
    expect(transfers).toHaveLength(1);
    await closeSockets(desk);
  });

  it('leaves it with its agent while nobody else can take it, and moves it when someone can', async () => {
    const desk = await deskWithWaitingCustomer(system, { nextResponseMinutes: 10, reassignAfterMinutes: 2 });
    const { conversation, late, other } = desk;
    const since = conversation.createdAt;
    const offline = await system.request(other.token, 'PUT', '/api/me/status', { status: 'offline' });
    expect(offline.status).toBe(200);

    const overdue = since + 2 * minute + 1_000;
    expect((await keepHouse(overdue)).reassigned).toBe(0);
    // Not put back in line: still served by its agent, and looked at again a minute later.
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      state: 'active',
      assigneeId: late.agentId,
      dueAt: overdue + minute,
    });
    expect(await loads(late, other)).toEqual([1, 0]);

    const online = await system.request(other.token, 'PUT', '/api/me/status', { status: 'online' });
    expect(online.status).toBe(200);
    expect((await keepHouse(overdue + minute)).reassigned).toBe(1);
    const arrived = await desk.otherSocket.next(isReassignment(conversation.conversationId));
    expect(arrived.conversation.assigneeId).toBe(other.agentId);
    expect(await loads(late, other)).toEqual([0, 1]);
    await closeSockets(desk);
  });

  it('leaves it with an agent who answered in time', async () => {
    const desk = await deskWithWaitingCustomer(system, { nextResponseMinutes: 10, reassignAfterMinutes: 2 });
    const { conversation, late } = desk;
    const since = conversation.createdAt;
    const reply = await system.request<{ message: Message }>(
      late.token,
      'POST',
      `/api/conversations/${conversation.conversationId}/messages`,
      { clientMessageId: crypto.randomUUID(), content: { type: 'text', text: '您好，马上为您查询' } },
    );
    expect(reply.status).toBe(201);
    await desk.lateSocket.next(isStatus('sent', reply.body.message.messageId));
    expect(await storedConversation(system, conversation.conversationId)).not.toHaveProperty(
      'unansweredSince',
    );

    const after = since + 2 * minute + 1_000;
    expect((await keepHouse(after)).reassigned).toBe(0);
    // Answered: looked at again within the 2 minutes a new customer message would have.
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      assigneeId: late.agentId,
      dueAt: after + 2 * minute,
    });
    await closeSockets(desk);
  });

  it('refuses a rule outside 1–120 whole minutes with a sentence, and keeps the one saved', async () => {
    const app = await system.addApp({ format: 'json' });
    const owner = await system.addAgent([app.appId], { role: 'owner' });
    const path = `/api/admin/queues/${app.appId}/default`;
    const rule = { reassignAfterMinutes: 5 };
    expect((await system.request(owner.token, 'PUT', path, { responseTargets: rule })).status).toBe(200);
    for (const minutes of [0, 121, 1.5]) {
      const refused = await system.request<{ error: { message: string } }>(owner.token, 'PUT', path, {
        responseTargets: { reassignAfterMinutes: minutes },
      });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body)).toContain(
        'a conversation is reassigned after a whole number of minutes from 1 to 120 without an answer',
      );
    }
    const overview = await system.request<{ apps: AdministeredApp[] }>(
      owner.token,
      'GET',
      '/api/admin/queues',
    );
    const queues = overview.body.apps.find((listed) => listed.appId === app.appId)?.queues;
    expect(queues?.find((queue) => queue.queueId === 'default')?.responseTargets).toEqual(rule);
  });
});
