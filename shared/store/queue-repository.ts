import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import { dynamo, tableName } from './client.ts';
import { toConversation } from './conversations-repository.ts';
import { waitingPartition } from './keys.ts';
import { coreTable } from './tables.ts';

/**
 * Waiting conversations live in the index under `WAITING#<app>`, sorted by conversation id, which is
 * time-ordered: the index order is the arrival order. (Index reads lag writes by milliseconds; the
 * periodic drain picks up anything a lagging read missed.)
 */
export async function listWaiting(appId: string, limit: number): Promise<Conversation[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(coreTable),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': waitingPartition(appId) },
      Limit: limit,
    }),
  );
  return (Items ?? []).map(toConversation);
}

export async function hasWaitingConversations(appId: string): Promise<boolean> {
  return (await listWaiting(appId, 1)).length > 0;
}

async function countWaiting(appId: string, upTo?: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        IndexName: 'gsi1',
        KeyConditionExpression: upTo ? 'gsi1pk = :pk AND gsi1sk <= :upTo' : 'gsi1pk = :pk',
        ExpressionAttributeValues: upTo
          ? { ':pk': waitingPartition(appId), ':upTo': upTo }
          : { ':pk': waitingPartition(appId) },
        Select: 'COUNT',
        ExclusiveStartKey: startKey,
      }),
    );
    count += page.Count ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return count;
}

/** Where a waiting conversation stands: everyone who opened theirs earlier is ahead. */
export async function queuePlace(appId: string, conversationId: string) {
  const [position, waiting] = await Promise.all([countWaiting(appId, conversationId), countWaiting(appId)]);
  return { position, waiting: Math.max(waiting, position) };
}
