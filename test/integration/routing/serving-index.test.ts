import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo } from '../../../shared/store/client.ts';
import {
  listActiveConversations,
  listClosedConversations,
} from '../../../shared/store/conversations-repository.ts';
import { dueAttributes } from '../../../shared/store/due-repository.ts';
import { assigneePartition, conversationKey } from '../../../shared/store/keys.ts';
import { listEarlierServedConversations } from '../../../shared/store/serving-index.ts';
import { meterCosts } from '../../bench/cost.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { isStatus, servedConversation, storedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestSystem } from '../../support/system.ts';

/**
 * The conversations an agent serves are listed by a keys-only index whose keys change only when the
 * conversation changes hands: what a customer or an agent writes into it changes no index entry, and
 * every change of hands moves the entry with it.
 */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const activeIdsOf = async (agent: TestAgent) =>
  (await listActiveConversations(agent.agentId)).map((conversation) => conversation.conversationId);

const closedIdsOf = async (agent: TestAgent) =>
  (await listClosedConversations(agent.agentId, 20)).conversations.map(
    (conversation) => conversation.conversationId,
  );

describe('the serving index', () => {
  it("writes no index entry for a customer's message or an agent's answer in a served conversation", async () => {
    const meter = meterCosts(system.runtime.tableNames);
    meter.exactTransactions = true;
    const served = await servedConversation(system);
    meter.units.clear();

    await served.customer.say('还在吗？订单什么时候发货');
    await served.socket.next(isMessageCreated);
    const answered = await served.send({ type: 'text', text: '今天下午发货' });
    expect(answered.status).toBe(201);
    const { message } = (await answered.json()) as { message: { messageId: string } };
    await served.socket.next(isStatus('sent', message.messageId));

    const written = [...meter.units].filter(([key]) => key.endsWith('\twrite'));
    // The meter saw the two conversation writes: the customer's and the answer's.
    expect(written.filter(([key]) => key.startsWith('wechat-callback\tcore\t')).length).toBe(1);
    expect(written.filter(([key]) => key.startsWith('api\tcore\t')).length).toBe(1);
    const indexWrites = written.filter(([key]) => /^(wechat-callback|api|dispatch)\tcore\//.test(key));
    expect(indexWrites).toEqual([]);
    meter.exactTransactions = false;
    await served.socket.close();
  });

  it('moves with every change of hands: transfer, back to the queue, taken again, closed, reopened', async () => {
    const served = await servedConversation(system);
    const { conversationId } = served.conversation;
    const alice = served.agent;
    const bob = await system.addAgent([served.app.appId]);
    const bobSocket = await system.connect(bob.token);
    const act = (agent: TestAgent, action: string, body?: unknown) =>
      system.request(agent.token, 'POST', `/api/conversations/${conversationId}/${action}`, body);
    expect(await activeIdsOf(alice)).toEqual([conversationId]);

    expect((await act(alice, 'transfer', { toAgentId: bob.agentId })).status).toBe(200);
    await eventually(async () => {
      expect(await activeIdsOf(bob)).toEqual([conversationId]);
      expect(await activeIdsOf(alice)).toEqual([]);
    });

    // Back to its queue, from which the only agent online with room, alice, takes it at once.
    await bobSocket.close();
    expect((await act(bob, 'transfer', { toQueueId: served.conversation.queueId })).status).toBe(200);
    await eventually(async () => {
      expect(await activeIdsOf(bob)).toEqual([]);
      expect(await activeIdsOf(alice)).toEqual([conversationId]);
    });
    const holder = alice;

    expect((await act(holder, 'close')).status).toBe(200);
    await eventually(async () => {
      expect(await activeIdsOf(holder)).toEqual([]);
      expect(await closedIdsOf(holder)).toEqual([conversationId]);
    });
    expect(await storedConversation(system, conversationId)).not.toHaveProperty('servedBy');

    expect((await act(holder, 'reopen')).status).toBe(200);
    await eventually(async () => {
      expect(await activeIdsOf(holder)).toEqual([conversationId]);
      expect(await closedIdsOf(holder)).toEqual([]);
    });
    await served.socket.close();
  });

  it('lists, once, a conversation assigned before the index existed', async () => {
    const served = await servedConversation(system);
    const { agent, conversation } = served;
    await served.socket.close();
    // As a version before the index stored it: under its agent in gsi1, without `servedBy`.
    const { servedBy: _servedBy, ...earlier } =
      (await storedConversation(system, conversation.conversationId)) ?? {};
    await dynamo().send(
      new PutCommand({
        TableName: system.runtime.tableNames.core,
        Item: {
          ...earlier,
          ...conversationKey(conversation.conversationId),
          ...dueAttributes('ACTIVE', conversation.conversationId, conversation.createdAt),
          gsi1pk: assigneePartition(agent.agentId),
          gsi1sk: conversation.lastMessageId,
        },
      }),
    );
    await eventually(async () => expect(await activeIdsOf(agent)).toEqual([]));

    expect(await listEarlierServedConversations()).toBeGreaterThanOrEqual(1);
    await eventually(async () => expect(await activeIdsOf(agent)).toEqual([conversation.conversationId]));
    const stored = await storedConversation(system, conversation.conversationId);
    expect(stored).toMatchObject({ servedBy: agent.agentId });
    expect(stored).not.toHaveProperty('gsi1pk');
    expect(await listEarlierServedConversations()).toBe(0);
  });
});
