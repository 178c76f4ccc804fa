import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { WeChatApp } from '../domain/app.ts';
import { defaultQueueId, defaultQueueOf, type Queue, type QueueRef } from '../domain/queue.ts';
import { dynamo, queryAll, tableName } from './client.ts';
import { agentQueueKey, appKey, queueKey, queueMemberKey } from './keys.ts';
import { coreTable } from './tables.ts';

const queueFields = [
  'appId',
  'queueId',
  'workspaceId',
  'name',
  'sessionFromRules',
  'qrSceneRules',
  'businessHours',
  'autoReplies',
  'inactivityMinutes',
  'responseTargets',
  'createdAt',
] as const;

function toQueue(item: Record<string, unknown>): Queue {
  const queue: Record<string, unknown> = {};
  for (const field of queueFields) if (item[field] !== undefined) queue[field] = item[field];
  return queue as unknown as Queue;
}

/** Creates or replaces a queue's settings; a queue never moves to another workspace. */
export async function saveQueue(queue: Queue): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(coreTable),
      Item: { ...queueKey(queue.appId, queue.queueId), kind: 'queue', ...queue },
      ConditionExpression: 'attribute_not_exists(pk) OR workspaceId = :workspaceId',
      ExpressionAttributeValues: { ':workspaceId': queue.workspaceId },
    }),
  );
}

/** The app's queues, the default one always among them (as configured, or as every app starts). */
export async function listQueues(app: WeChatApp): Promise<Queue[]> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :queue)',
    ExpressionAttributeValues: { ':pk': appKey(app.appId).pk, ':queue': 'QUEUE#' },
  });
  const queues = items.map(toQueue);
  if (!queues.some((queue) => queue.queueId === defaultQueueId)) queues.unshift(defaultQueueOf(app));
  return queues;
}

/** Removes a queue's settings (its members are removed one by one with `removeQueueMember`). */
export async function deleteQueue({ appId, queueId }: QueueRef): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: tableName(coreTable), Key: queueKey(appId, queueId) }));
}

export async function getQueue(app: WeChatApp, queueId: string): Promise<Queue | undefined> {
  if (queueId === defaultQueueId) return (await listQueues(app)).find((queue) => queue.queueId === queueId);
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: queueKey(app.appId, queueId) }),
  );
  return Item ? toQueue(Item) : undefined;
}

export function queueMembershipItems(agentId: string, { appId, queueId }: QueueRef) {
  return [
    { ...queueMemberKey(appId, queueId, agentId), kind: 'queue-member', agentId, appId, queueId },
    { ...agentQueueKey(agentId, appId, queueId), kind: 'agent-queue', agentId, appId, queueId },
  ];
}

export async function addQueueMember(agentId: string, queue: QueueRef): Promise<void> {
  const table = tableName(coreTable);
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: queueMembershipItems(agentId, queue).map((Item) => ({
        Put: { TableName: table, Item },
      })),
    }),
  );
}

export async function removeQueueMember(agentId: string, { appId, queueId }: QueueRef): Promise<void> {
  const table = tableName(coreTable);
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: [queueMemberKey(appId, queueId, agentId), agentQueueKey(agentId, appId, queueId)].map(
        (Key) => ({ Delete: { TableName: table, Key } }),
      ),
    }),
  );
}

export async function listQueueMemberIds({ appId, queueId }: QueueRef): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
    ExpressionAttributeValues: { ':pk': queueMemberKey(appId, queueId, '').pk, ':member': 'MEMBER#' },
  });
  return items.map((item) => String(item.agentId));
}

/** The queues an agent serves, for moving their lines along when they have room. */
export async function listAgentQueues(agentId: string): Promise<QueueRef[]> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :queue)',
    ExpressionAttributeValues: { ':pk': agentQueueKey(agentId, '', '').pk, ':queue': 'QUEUE#' },
  });
  return items.map((item) => ({ appId: String(item.appId), queueId: String(item.queueId) }));
}
