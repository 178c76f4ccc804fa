/**
 * How long a queue's agents take with a customer, as hourly sums (conversations closed, and the time
 * from their agent taking them to closing), kept by the stream consumer as conversations close. One
 * item per queue and hour, written with atomic additions, so closes never contend for it beyond that
 * hour's item, and reading the recent figures costs one query of a few small items.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { QueueRef } from '../domain/queue.ts';
import type { HandlingSample } from '../domain/queue-eta.ts';
import { dynamo, tableName } from './client.ts';
import { queueHandlingKey, queueHandlingPartition } from './keys.ts';
import { coreTable } from './tables.ts';

const hourOf = (time: number) => new Date(time).toISOString().slice(0, 13);

/** Counts one conversation handled for `handledMs`, in the hour it closed. */
export async function addHandled(queue: QueueRef, handledMs: number, closedAt: number): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: queueHandlingKey(queue.appId, queue.queueId, hourOf(closedAt)),
      UpdateExpression: 'ADD closed :one, handledMs :ms',
      ExpressionAttributeValues: { ':one': 1, ':ms': Math.max(0, Math.round(handledMs)) },
    }),
  );
}

/** The sums of the hours since `since` (eventually consistent: an estimate needs no more). */
export async function handledSince(queue: QueueRef, since: number): Promise<HandlingSample> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(coreTable),
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: {
        ':pk': queueHandlingPartition(queue.appId, queue.queueId),
        ':since': queueHandlingKey(queue.appId, queue.queueId, hourOf(since)).sk,
      },
    }),
  );
  let closed = 0;
  let handledMs = 0;
  for (const item of Items ?? []) {
    closed += Number(item.closed ?? 0);
    handledMs += Number(item.handledMs ?? 0);
  }
  return { closed, handledMs };
}
