/**
 * How far the stream consumer has got with each conversation, where a retry could repeat it.
 *
 * A stream batch that fails at one record is delivered again from that record on (Lambda
 * checkpoints at the lowest failed sequence number), so the records of *other* conversations that
 * followed it and were handled come again too. Pushing those again would show agents a frame twice.
 * Only then, when a batch fails, does the consumer write, on the conversation item of each such
 * record, the highest sequence number it handled (`dispatchedThrough`). The consumer reads the
 * conversation item for every record anyway (to know its agent), so recognising a record it has
 * handled costs nothing in the usual case, and one write per conversation when a batch fails.
 *
 * Stream sequence numbers are decimal strings of 21 to 40 digits: they are kept left-padded to 40
 * digits so that DynamoDB compares them as strings in the right order.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import { dynamo, tableName, updateIf } from './client.ts';
import { toConversation } from './conversations-repository.ts';
import { conversationKey } from './keys.ts';
import { coreTable } from './tables.ts';

const sequenceDigits = 40;

function padded(sequenceNumber: string): string {
  return sequenceNumber.padStart(sequenceDigits, '0');
}

export interface ConversationForDispatch {
  conversation: Conversation | undefined;
  /** The highest stream sequence number of this conversation handled before a batch failed. */
  dispatchedThrough?: string;
}

/**
 * The conversation (one read, as before) with its watermark. Eventually consistent unless asked
 * otherwise: the caller reads again, consistently, when what it got is older than its record.
 */
export async function getConversationForDispatch(
  conversationId: string,
  consistent = false,
): Promise<ConversationForDispatch> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: conversationKey(conversationId),
      ConsistentRead: consistent,
    }),
  );
  if (!Item) return { conversation: undefined };
  const watermark = Item.dispatchedThrough;
  return {
    conversation: toConversation(Item),
    ...(typeof watermark === 'string' ? { dispatchedThrough: watermark } : {}),
  };
}

/** Whether a record of the conversation was handled already, by the watermark read with it. */
export function alreadyDispatched(dispatchedThrough: string | undefined, sequenceNumber: string): boolean {
  return dispatchedThrough !== undefined && padded(sequenceNumber) <= dispatchedThrough;
}

/** Raises the conversation's watermark to the sequence number (never lowers it). */
export async function raiseDispatchWatermark(conversationId: string, sequenceNumber: string): Promise<void> {
  await updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(conversationId),
    UpdateExpression: 'SET dispatchedThrough = :sequence',
    ConditionExpression:
      'attribute_exists(pk) AND (attribute_not_exists(dispatchedThrough) OR dispatchedThrough < :sequence)',
    ExpressionAttributeValues: { ':sequence': padded(sequenceNumber) },
  });
}
