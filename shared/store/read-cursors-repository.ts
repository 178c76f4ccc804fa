import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ReadCursor } from '../domain/read-cursor.ts';
import { dynamo, isConditionalCheckFailure, tableName } from './client.ts';
import { readCursorKey } from './keys.ts';
import { coreTable } from './tables.ts';

function toReadCursor(item: Record<string, unknown>): ReadCursor {
  return {
    conversationId: String(item.conversationId),
    ...(typeof item.readThrough === 'string' ? { readThrough: item.readThrough } : {}),
    markedUnread: item.markedUnread === true,
    updatedAt: Number(item.updatedAt),
  };
}

/** An update that returns the item as it is after it, or undefined when its condition did not hold. */
async function updateCursor(
  input: Omit<ConstructorParameters<typeof UpdateCommand>[0], 'TableName' | 'ReturnValues'>,
): Promise<ReadCursor | undefined> {
  try {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({ ...input, TableName: tableName(coreTable), ReturnValues: 'ALL_NEW' }),
    );
    return Attributes ? toReadCursor(Attributes) : undefined;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return undefined;
    throw error;
  }
}

/**
 * The agent has seen the conversation up to `through`: the cursor moves there unless it is already
 * further (another tab read more), and a mark as unread is lifted. Each step is one conditional
 * write, so tabs reading at once never move it back. Undefined when nothing changed.
 */
export async function advanceReadCursor(
  agentId: string,
  conversationId: string,
  through: string,
  now: number,
): Promise<ReadCursor | undefined> {
  const advanced = await updateCursor({
    Key: readCursorKey(agentId, conversationId),
    UpdateExpression:
      'SET conversationId = :conversationId, readThrough = :through, updatedAt = :now, kind = :kind REMOVE markedUnread',
    ConditionExpression: 'attribute_not_exists(readThrough) OR readThrough < :through',
    ExpressionAttributeValues: {
      ':conversationId': conversationId,
      ':through': through,
      ':now': now,
      ':kind': 'read-cursor',
    },
  });
  if (advanced) return advanced;
  return updateCursor({
    Key: readCursorKey(agentId, conversationId),
    UpdateExpression: 'SET updatedAt = :now REMOVE markedUnread',
    ConditionExpression: 'markedUnread = :marked',
    ExpressionAttributeValues: { ':now': now, ':marked': true },
  });
}

/** The agent wants the conversation shown as unread again; where they had read to stays. */
export async function markCursorUnread(
  agentId: string,
  conversationId: string,
  now: number,
): Promise<ReadCursor> {
  const marked = await updateCursor({
    Key: readCursorKey(agentId, conversationId),
    UpdateExpression:
      'SET conversationId = :conversationId, markedUnread = :marked, updatedAt = :now, kind = :kind',
    ExpressionAttributeValues: {
      ':conversationId': conversationId,
      ':marked': true,
      ':now': now,
      ':kind': 'read-cursor',
    },
  });
  if (!marked) throw new Error(`the read cursor of ${conversationId} was not written`);
  return marked;
}

/**
 * The agent's cursors of their `limit` newest conversations (conversation ids are ULIDs, so the sort
 * key orders them by age): a conversation older than those counts as read.
 */
export async function listReadCursors(agentId: string, limit: number): Promise<ReadCursor[]> {
  const { pk, sk: prefix } = readCursorKey(agentId, '');
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(coreTable),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
      ExpressionAttributeValues: { ':pk': pk, ':prefix': prefix },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(toReadCursor);
}
