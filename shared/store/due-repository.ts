/**
 * The `due` index (see tables.ts): open conversations by when housekeeping must next look at them.
 * The workflows that open, assign, queue and close conversations put them in and take them out with
 * the same write that changes their state, so the index costs nothing per message.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueRef } from '../domain/queue.ts';
import { dynamo, tableName, updateIf } from './client.ts';
import { conversationKey, type DueKind, duePartition, dueShardCount, dueShardPartition } from './keys.ts';
import { coreTable } from './tables.ts';

/** The attributes that file a conversation under `kind`, due at `at`: for a Put's item. */
export const dueAttributes = (kind: DueKind, conversationId: string, at: number) => ({
  dueIn: duePartition(kind, conversationId),
  dueAt: at,
});

/** The same, for an update: a SET clause and its values. */
export const dueChange = (kind: DueKind, conversationId: string, at: number) => ({
  set: 'dueIn = :dueIn, dueAt = :dueAt',
  values: { ':dueIn': duePartition(kind, conversationId), ':dueAt': at },
});

/** What an update REMOVEs when the conversation closes: nothing is due of it any more. */
export const dueRemoval = 'dueIn, dueAt';

/** The entries of `kind` due by `upTo`, earliest first in each shard; with `limit`, at most that many per shard. */
async function dueEntries(kind: DueKind, upTo: number, limit?: number): Promise<Record<string, unknown>[]> {
  const shards = Array.from({ length: dueShardCount }, (_, shard) => dueShardPartition(kind, shard));
  const perShard = await Promise.all(
    shards.map(async (partition) => {
      const entries: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await dynamo().send(
          new QueryCommand({
            TableName: tableName(coreTable),
            IndexName: 'due',
            KeyConditionExpression: 'dueIn = :partition AND dueAt <= :upTo',
            ExpressionAttributeValues: { ':partition': partition, ':upTo': upTo },
            ExclusiveStartKey: startKey,
            ...(limit === undefined ? {} : { Limit: limit - entries.length }),
          }),
        );
        entries.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey && (limit === undefined || entries.length < limit));
      return entries;
    }),
  );
  return perShard.flat();
}

/** Every queue that has someone waiting in it (by the index, which lags writes by milliseconds). */
export async function listQueuesWithWaiting(): Promise<QueueRef[]> {
  const queues = new Map<string, QueueRef>();
  for (const entry of await dueEntries('QUEUED', Number.MAX_SAFE_INTEGER)) {
    const queue = { appId: String(entry.appId), queueId: String(entry.queueId) };
    queues.set(`${queue.appId}\n${queue.queueId}`, queue);
  }
  return [...queues.values()];
}

/** Every assigned conversation, whenever due. */
export async function listAssignedConversationIds(): Promise<string[]> {
  return (await dueEntries('ACTIVE', Number.MAX_SAFE_INTEGER)).map((entry) => String(entry.conversationId));
}

/** The assigned conversations due by `now`, those due longest first, at most `limit`. */
export async function listDueConversationIds(now: number, limit: number): Promise<string[]> {
  const entries = await dueEntries('ACTIVE', now, limit);
  entries.sort((left, right) => Number(left.dueAt) - Number(right.dueAt));
  return entries.slice(0, limit).map((entry) => String(entry.conversationId));
}

/**
 * Files an assigned conversation to be looked at again at `at`. Only while it is still open and
 * assigned: a conversation closed or queued meanwhile keeps what its own change wrote.
 */
export async function postponeDue(conversationId: string, at: number): Promise<void> {
  await updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(conversationId),
    UpdateExpression: 'SET dueAt = :at',
    ConditionExpression: '#state = :active AND dueIn = :partition',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: {
      ':at': at,
      ':active': 'active',
      ':partition': duePartition('ACTIVE', conversationId),
    },
  });
}
