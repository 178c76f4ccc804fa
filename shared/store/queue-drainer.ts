import type { Conversation } from '../domain/conversation.ts';
import { newId } from '../domain/ids.ts';
import type { Message } from '../domain/message.ts';
import { rankAssignees } from '../domain/routing.ts';
import { getAgentLoads, takeCapacityItem } from './agent-load-repository.ts';
import { listAppMemberIds } from './apps-repository.ts';
import { tableName } from './client.ts';
import { guardedTransaction } from './guarded-transaction.ts';
import { assigneePartition, conversationKey, customerKey } from './keys.ts';
import { listWaiting } from './queue-repository.ts';
import { coreTable, messagesTable } from './tables.ts';

/** Bounds one drain so a request never runs long; the periodic drain continues where it stopped. */
const maxRounds = 60;

/**
 * Gives the oldest waiting conversations of an app to the best available agents until nobody is
 * waiting or nobody is free. Safe to run anywhere and any number of times at once: each assignment is
 * one transaction conditioned on the conversation still waiting and the agent still having room.
 */
export async function drainQueue(appId: string): Promise<number> {
  let assigned = 0;
  for (let round = 0; round < maxRounds; round++) {
    const [oldest] = await listWaiting(appId, 1);
    if (!oldest) break;
    const now = Date.now();
    const [agent] = rankAssignees(
      await getAgentLoads(await listAppMemberIds(appId)),
      oldest.stickyAgentId,
      now,
    );
    if (!agent) break;
    if (await assignFromQueue(oldest, agent.agentId, now)) assigned++;
    // Otherwise another drain got there first, or the index lagged; read again.
  }
  return assigned;
}

/**
 * One assignment, written to the conversation's log too: the stream then tells the new assignee's
 * consoles (message.created and conversation.updated), and the history shows who took it when.
 */
async function assignFromQueue(conversation: Conversation, agentId: string, now: number): Promise<boolean> {
  const message: Message = {
    conversationId: conversation.conversationId,
    messageId: newId(now),
    workspaceId: conversation.workspaceId,
    appId: conversation.appId,
    openId: conversation.openId,
    direction: 'internal',
    author: 'system',
    content: { type: 'event', event: 'conversation_assigned', detail: { to: agentId } },
    createdAt: now,
  };
  const result = await guardedTransaction([
    {
      Put: {
        TableName: tableName(messagesTable),
        Item: message,
        ConditionExpression: 'attribute_not_exists(messageId)',
      },
    },
    {
      Update: {
        TableName: tableName(coreTable),
        Key: conversationKey(conversation.conversationId),
        UpdateExpression:
          'SET #state = :active, assigneeId = :agentId, gsi1pk = :partition, gsi1sk = lastMessageId',
        ConditionExpression: '#state = :queued AND attribute_not_exists(assigneeId)',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':queued': 'queued',
          ':agentId': agentId,
          ':partition': assigneePartition(agentId),
        },
      },
    },
    {
      Update: {
        TableName: tableName(coreTable),
        Key: customerKey(conversation.appId, conversation.openId),
        UpdateExpression: 'SET lastAgentId = :agentId',
        ConditionExpression: 'conversationId = :conversationId',
        ExpressionAttributeValues: { ':agentId': agentId, ':conversationId': conversation.conversationId },
      },
    },
    takeCapacityItem(agentId, now),
  ]);
  return result === 'written';
}
