import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Message } from '../domain/message.ts';
import { dynamo, tableName } from './client.ts';
import { messagesTable } from './tables.ts';

export interface MessagePage {
  messages: Message[];
  /** Pass as `after` to read on; absent when the page reached the newest message. */
  nextAfter?: string;
}

/** Messages of a conversation in order, strictly after the given message id when one is given. */
export async function listMessages(conversationId: string, after: string | undefined, limit: number): Promise<MessagePage> {
  const { Items, LastEvaluatedKey } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(messagesTable),
      KeyConditionExpression: after
        ? 'conversationId = :conversationId AND messageId > :after'
        : 'conversationId = :conversationId',
      ExpressionAttributeValues: after
        ? { ':conversationId': conversationId, ':after': after }
        : { ':conversationId': conversationId },
      Limit: limit,
    }),
  );
  const messages = (Items ?? []) as Message[];
  const last = messages.at(-1);
  return LastEvaluatedKey && last ? { messages, nextAfter: last.messageId } : { messages };
}
