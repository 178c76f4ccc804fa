import type { Message } from '../domain/message.ts';
import { previewOf } from '../domain/message.ts';
import { tableName } from './client.ts';
import { conversationKey } from './keys.ts';
import { coreTable } from './tables.ts';

export interface ConversationChange {
  /** Further `SET` clauses. */
  set?: string;
  remove?: string;
  /** What must still hold of the conversation as it was read. */
  condition: string;
  values: Record<string, unknown>;
}

/**
 * The transaction item that applies a lifecycle change to a conversation together with the event
 * written to its log: the conversation's last message becomes the event, and the change applies only
 * while no newer message has arrived (`#state` names the state attribute in `set` and `condition`).
 */
export function conversationChangeItem(message: Message, change: ConversationChange) {
  const set = `SET ${change.set ? `${change.set}, ` : ''}lastMessageAt = :now, lastMessageId = :messageId, lastMessagePreview = :preview`;
  return {
    Update: {
      TableName: tableName(coreTable),
      Key: conversationKey(message.conversationId),
      UpdateExpression: change.remove ? `${set} REMOVE ${change.remove}` : set,
      ConditionExpression: `${change.condition} AND lastMessageId < :messageId`,
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: {
        ':now': message.createdAt,
        ':messageId': message.messageId,
        ':preview': previewOf(message.content),
        ...change.values,
      },
    },
  };
}
