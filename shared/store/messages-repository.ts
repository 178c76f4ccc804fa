import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DeliveryStatus, MediaCopyRecord, Message } from '../domain/message.ts';
import { dynamo, isConditionalCheckFailure, tableName, updateIf } from './client.ts';
import { messagesTable } from './tables.ts';

/**
 * The `undelivered` index: outbound messages still `pending` or `sending`, found without a scan.
 *
 * A message written `pending` carries `undelivered` (always `outbound`: the index has one partition)
 * and `undeliveredSince` (its creation time, the index's sort key); the move to `sent` or `failed`
 * removes both, so the index holds exactly the messages still on their way (a sparse index) and
 * housekeeping reads the oldest of them with one query. `pending → sending` changes neither key, and
 * the index projects only keys, so that move costs the index nothing: an outbound message costs it
 * one write when created and one when delivered. The move to `sending` records `sendingSince`
 * (not projected) for the sweep to judge how long a send has been under way.
 *
 * One partition takes about 1,000 writes a second, so about 500 outbound messages a second; far
 * above what agents type, and the sweep needs no fan-out over shards.
 */
const undeliveredIndex = 'undelivered';
const undeliveredPartition = 'outbound';
const internalAttributes = ['undelivered', 'undeliveredSince', 'sendingSince'] as const;

function isUnderway(status: DeliveryStatus | undefined): boolean {
  return status === 'pending' || status === 'sending';
}

/** A stored item as a message: without the attributes only the index and the sweep use. */
export function toMessage(item: Record<string, unknown>): Message {
  const message = { ...item };
  for (const attribute of internalAttributes) delete message[attribute];
  return message as unknown as Message;
}

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
  const messages = (Items ?? []).map(toMessage);
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
  return Item && toMessage(Item);
}

/** When the send of a `sending` message began (ms), if it is still `sending`. */
export async function deliveryProgress(
  message: Pick<Message, 'conversationId' | 'messageId'>,
): Promise<{ status?: DeliveryStatus; sendingSince?: number } | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(messagesTable),
      Key: { conversationId: message.conversationId, messageId: message.messageId },
      ProjectionExpression: '#status, sendingSince',
      ExpressionAttributeNames: { '#status': 'status' },
      ConsistentRead: true,
    }),
  );
  return Item as { status?: DeliveryStatus; sendingSince?: number } | undefined;
}

/** The keys of the oldest outbound messages created before `before` and still on their way. */
export async function listUndelivered(
  before: number,
  limit: number,
): Promise<Pick<Message, 'conversationId' | 'messageId'>[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(messagesTable),
      IndexName: undeliveredIndex,
      KeyConditionExpression: 'undelivered = :partition AND undeliveredSince < :before',
      ExpressionAttributeValues: { ':partition': undeliveredPartition, ':before': before },
      Limit: limit,
    }),
  );
  return (Items ?? []).map((item) => ({
    conversationId: String(item.conversationId),
    messageId: String(item.messageId),
  }));
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
  changes: Partial<Pick<Message, 'failure' | 'sentAt' | 'content' | 'followUp'>> = {},
): Promise<boolean> {
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':from': from, ':to': to };
  const sets = ['#status = :to'];
  for (const [field, value] of Object.entries(changes)) {
    names[`#${field}`] = field;
    values[`:${field}`] = value;
    sets.push(`#${field} = :${field}`);
  }
  if (to === 'sending') {
    values[':sendingSince'] = Date.now();
    sets.push('sendingSince = :sendingSince');
  }
  // Leaving `pending`/`sending` takes the message out of the undelivered index.
  const removal = isUnderway(to) ? '' : ' REMOVE undelivered, undeliveredSince, sendingSince';
  return updateIf({
    TableName: tableName(messagesTable),
    Key: { conversationId: message.conversationId, messageId: message.messageId },
    UpdateExpression: `SET ${sets.join(', ')}${removal}`,
    ConditionExpression: '#status = :from',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  });
}

/**
 * Records our copies of a customer's medium, or why there is none, in one write: consoles get one
 * `message.updated` for it from the stream.
 */
export async function recordMediaCopy(
  message: Pick<Message, 'conversationId' | 'messageId'>,
  record: MediaCopyRecord,
): Promise<void> {
  const set = Object.entries(record).filter(([, value]) => value !== undefined);
  if (set.length === 0) return;
  const names = Object.fromEntries(set.map(([field], index) => [`#f${index}`, field]));
  const values = Object.fromEntries(set.map(([, value], index) => [`:v${index}`, value]));
  // A copy made on a later try replaces the reason an earlier try recorded for having none.
  const removeReason = record.storageKey !== undefined && record.mediaUnavailable === undefined;
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(messagesTable),
      Key: { conversationId: message.conversationId, messageId: message.messageId },
      UpdateExpression:
        `SET ${set.map((_, index) => `content.#f${index} = :v${index}`).join(', ')}` +
        (removeReason ? ' REMOVE content.#unavailable' : ''),
      ExpressionAttributeNames: { ...names, ...(removeReason ? { '#unavailable': 'mediaUnavailable' } : {}) },
      ExpressionAttributeValues: values,
    }),
  );
}

/** Writes a machine transcript on a voice message; false when the message is not a voice there. */
export async function writeMachineTranscript(
  message: Pick<Message, 'conversationId' | 'messageId'>,
  text: string,
): Promise<boolean> {
  try {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(messagesTable),
        Key: { conversationId: message.conversationId, messageId: message.messageId },
        UpdateExpression: 'SET content.machineTranscript = :text',
        ConditionExpression: 'content.#type = :voice',
        ExpressionAttributeNames: { '#type': 'type' },
        ExpressionAttributeValues: { ':text': text, ':voice': 'voice' },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}

/**
 * Adds a message to its log unless a message with its id is there already (written by an earlier
 * delivery of the same request): false then. One conditional write, no transaction.
 */
export async function putMessageOnce(message: Message): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand(messagePutItem(message).Put));
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}

/** Whether the log holds the message (an eventually consistent read unless asked otherwise). */
export async function messageExists(
  message: Pick<Message, 'conversationId' | 'messageId'>,
  consistent = false,
): Promise<boolean> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(messagesTable),
      Key: { conversationId: message.conversationId, messageId: message.messageId },
      ProjectionExpression: 'messageId',
      ConsistentRead: consistent,
    }),
  );
  return Item !== undefined;
}

/** The transaction item that adds a message to its log, once: a retried write cannot add it twice. */
export function messagePutItem(message: Message) {
  return {
    Put: {
      TableName: tableName(messagesTable),
      Item:
        message.direction === 'outbound' && isUnderway(message.status)
          ? { ...message, undelivered: undeliveredPartition, undeliveredSince: message.createdAt }
          : message,
      ConditionExpression: 'attribute_not_exists(messageId)',
    },
  };
}
