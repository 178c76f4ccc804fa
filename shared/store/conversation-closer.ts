import { newId } from '../domain/ids.ts';
import { type Message, previewOf } from '../domain/message.ts';
import { releaseCapacityItem } from './agent-load-repository.ts';
import { tableName } from './client.ts';
import { getConversation } from './conversations-repository.ts';
import { guardedTransaction } from './guarded-transaction.ts';
import { conversationKey } from './keys.ts';
import { coreTable, messagesTable } from './tables.ts';

const maxAttempts = 5;

export type CloseOutcome =
  | { outcome: 'closed'; message: Message; appId: string }
  | { outcome: 'refused'; reason: 'not_found' | 'not_assigned'; sentence: string };

/**
 * Closes an agent's active conversation. The change is written to the conversation's log in the same
 * transaction, so it reaches the consoles through the stream like every message and stays in the
 * history; the customer's next message opens a new conversation.
 */
export async function closeConversation(
  conversationId: string,
  agent: { agentId: string; workspaceId: string },
): Promise<CloseOutcome> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const conversation = await getConversation(conversationId, true);
    if (!conversation || conversation.workspaceId !== agent.workspaceId) {
      return { outcome: 'refused', reason: 'not_found', sentence: 'The conversation does not exist.' };
    }
    if (conversation.state !== 'active' || conversation.assigneeId !== agent.agentId) {
      return {
        outcome: 'refused',
        reason: 'not_assigned',
        sentence: 'Only an open conversation assigned to you can be closed.',
      };
    }
    const now = Date.now();
    const message: Message = {
      conversationId,
      messageId: newId(now),
      workspaceId: conversation.workspaceId,
      appId: conversation.appId,
      openId: conversation.openId,
      direction: 'internal',
      author: 'agent',
      authorId: agent.agentId,
      content: { type: 'event', event: 'conversation_closed', detail: { by: agent.agentId } },
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
          Key: conversationKey(conversationId),
          UpdateExpression:
            'SET #state = :closed, closedAt = :now, lastMessageAt = :now, lastMessageId = :messageId, lastMessagePreview = :preview, gsi1sk = :messageId',
          ConditionExpression: '#state = :active AND assigneeId = :agentId AND lastMessageId < :messageId',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':closed': 'closed',
            ':active': 'active',
            ':agentId': agent.agentId,
            ':now': now,
            ':messageId': message.messageId,
            ':preview': previewOf(message.content),
          },
        },
      },
      releaseCapacityItem(agent.agentId),
    ]);
    // The message id is new, so only the conversation's condition can fail: it changed; look again.
    if (result === 'written') return { outcome: 'closed', message, appId: conversation.appId };
  }
  throw new Error(`conversation ${conversationId} kept changing while being closed`);
}
