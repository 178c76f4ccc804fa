import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { WeChatApp } from '../domain/app.ts';
import { dynamo, tableName } from './client.ts';
import { appKey } from './keys.ts';
import { coreTable } from './tables.ts';

const appFields = [
  'appId',
  'workspaceId',
  'type',
  'name',
  'format',
  'token',
  'encodingAesKey',
  'secret',
  'createdAt',
] as const;

function toApp(item: Record<string, unknown>): WeChatApp {
  const app: Record<string, unknown> = {};
  for (const field of appFields) if (item[field] !== undefined) app[field] = item[field];
  return app as unknown as WeChatApp;
}

export async function getApp(appId: string): Promise<WeChatApp | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: appKey(appId) }),
  );
  return Item ? toApp(Item) : undefined;
}

/** Registers an app, or replaces its settings when it exists (its workspace never changes). */
export async function saveApp(app: WeChatApp): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(coreTable),
      Item: { ...appKey(app.appId), kind: 'app', ...app },
      ConditionExpression: 'attribute_not_exists(pk) OR workspaceId = :workspaceId',
      ExpressionAttributeValues: { ':workspaceId': app.workspaceId },
    }),
  );
}

export async function listAppMemberIds(appId: string): Promise<string[]> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
        ExpressionAttributeValues: { ':pk': appKey(appId).pk, ':member': 'MEMBER#' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) ids.push(String(item.agentId));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return ids;
}
