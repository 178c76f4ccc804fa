import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryStatus, Message } from '../domain/message.ts';
import { dynamo, tableName, updateIf } from './client.ts';
import { messagesTable } from './tables.ts';

export interface MessagePage {
  messages: Message[];
  /** Pass as `after` to read on; absent when the page reached the newest message. */
  nextAfter?: string;
}

/** Messages of a conversation in order, strictly after the given message id when one is given. */
export async function listMessages(
  conversationId: string,
  after: string | undefined,
  limit: number,
): Promise<MessagePage> {
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

export async function getMessage(conversationId: string, messageId: string): Promise<Message | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(messagesTable),
      Key: { conversationId, messageId },
      ConsistentRead: true,
    }),
  );
  return Item as Message | undefined;
}

/**
 * Moves an outbound message from one delivery status to the next, only if it is still in the
 * expected one: the guard that makes a message go to WeChat at most once although the stream
 * delivers its record at least once.
 */
export function transitionStatus(
  message: Pick<Message, 'conversationId' | 'messageId'>,
  from: DeliveryStatus,
  to: DeliveryStatus,
  changes: Partial<Pick<Message, 'failure' | 'sentAt' | 'content'>> = {},
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':from': from, ':to': to };
  const sets = ['#status = :to'];
  for (const [field, value] of Object.entries(changes)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  return updateIf({
    TableName: tableName(messagesTable),
    Key: { conversationId: message.conversationId, messageId: message.messageId },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: '#status = :from',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

export async function attachStorageKey(
  message: Pick<Message, 'conversationId' | 'messageId'>,
  field: 'storageKey' | 'thumbStorageKey',
  key: string,
): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(messagesTable),
      Key: { conversationId: message.conversationId, messageId: message.messageId },
      UpdateExpression: 'SET content.#field = :key',
      ExpressionAttributeNames: { '#field': field },
      ExpressionAttributeValues: { ':key': key },
    }),
  );
}

/** The transaction item that adds a message to its log, once: a retried write cannot add it twice. */
export function messagePutItem(message: Message) {
  return {
    Put: {
      TableName: tableName(messagesTable),
      Item: message,
      ConditionExpression: 'attribute_not_exists(messageId)',
    },
  };
}
