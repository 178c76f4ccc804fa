import type { Conversation } from '../domain/conversation.ts';
import type { TimeoutReason } from '../domain/conversation-timeouts.ts';
import { newId } from '../domain/ids.ts';
import { type Message, previewOf } from '../domain/message.ts';
import { releaseCapacityItem } from './agent-load-repository.ts';
import { tableName } from './client.ts';
import { getConversation } from './conversations-repository.ts';
import { guardedTransaction } from './guarded-transaction.ts';
import { conversationKey } from './keys.ts';
import { coreTable, messagesTable } from './tables.ts';

const maxAttempts = 5;

/** Who ends a conversation: its agent, or the platform when it timed out. */
export type Closer = { agentId: string; workspaceId: string } | { timeout: TimeoutReason };

export type CloseOutcome =
  | { outcome: 'closed'; message: Message; conversation: Conversation }
  | { outcome: 'refused'; reason: 'not_found' | 'not_assigned'; sentence: string };

/**
 * Closes an active conversation and frees its agent's capacity. The change is written to the
 * conversation's log in the same transaction, so it reaches the consoles through the stream like
 * every message and stays in the history; the customer's next message opens a new conversation.
 */
export async function closeConversation(conversationId: string, closer: Closer): Promise<CloseOutcome> {
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const conversation = await getConversation(conversationId, true);
    if (!conversation || ('workspaceId' in closer && conversation.workspaceId !== closer.workspaceId)) {
      return { outcome: 'refused', reason: 'not_found', sentence: 'The conversation does not exist.' };
    }
    const assigneeId = conversation.assigneeId;
    if (
      conversation.state !== 'active' ||
      !assigneeId ||
      ('agentId' in closer && assigneeId !== closer.agentId)
    ) {
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
      ...('agentId' in closer
        ? { author: 'agent', authorId: closer.agentId, content: closedEvent({ by: closer.agentId }) }
        : { author: 'system', content: closedEvent({ reason: closer.timeout }) }),
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
          ConditionExpression: '#state = :active AND assigneeId = :assigneeId AND lastMessageId < :messageId',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':closed': 'closed',
            ':active': 'active',
            ':assigneeId': assigneeId,
            ':now': now,
            ':messageId': message.messageId,
            ':preview': previewOf(message.content),
          },
        },
      },
      releaseCapacityItem(assigneeId),
    ]);
    // The message id is new, so only the conversation's condition can fail: it changed; look again.
    if (result === 'written') {
      return {
        outcome: 'closed',
        message,
        conversation: {
          ...conversation,
          state: 'closed',
          lastMessageAt: now,
          lastMessageId: message.messageId,
        },
      };
    }
  }
  throw new Error(`conversation ${conversationId} kept changing while being closed`);
}

function closedEvent(detail: Record<string, string>) {
  return { type: 'event' as const, event: 'conversation_closed', detail };
}
