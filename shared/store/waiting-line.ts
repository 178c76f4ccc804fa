import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import type { QueueRef } from '../domain/queue.ts';
import type { QueuePlace } from '../domain/waiting-notice.ts';
import { dynamo, tableName } from './client.ts';
import { toConversation } from './conversations-repository.ts';
import { waitingPartition } from './keys.ts';
import { coreTable } from './tables.ts';

/**
 * A queue's waiting conversations live in the index under `WAITING#<app>#<queue>`, sorted by
 * conversation id, which is time-ordered: the index order is the arrival order. (Index reads lag
 * writes by milliseconds; the periodic drain picks up anything a lagging read missed.)
 */
export async function listWaiting({ appId, queueId }: QueueRef, limit: number): Promise<Conversation[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(coreTable),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': waitingPartition(appId, queueId) },
      Limit: limit,
    }),
  );
  return (Items ?? []).map(toConversation);
}

export async function hasWaitingConversations(queue: QueueRef): Promise<boolean> {
  return (await listWaiting(queue, 1)).length > 0;
}

export async function countWaiting({ appId, queueId }: QueueRef, upTo?: string): Promise<number> {
  let count = 0;
  let startKey: Record<string, unknown> | undefined;
  const pk = waitingPartition(appId, queueId);
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        IndexName: 'gsi1',
        KeyConditionExpression: upTo ? 'gsi1pk = :pk AND gsi1sk <= :upTo' : 'gsi1pk = :pk',
        ExpressionAttributeValues: upTo ? { ':pk': pk, ':upTo': upTo } : { ':pk': pk },
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
export async function queuePlace(queue: QueueRef, conversationId: string): Promise<QueuePlace> {
  const [position, waiting] = await Promise.all([countWaiting(queue, conversationId), countWaiting(queue)]);
  return { position, waiting: Math.max(waiting, position) };
}
