import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { WeChatApp } from '../domain/app.ts';
import { dynamo, queryAll, tableName } from './client.ts';
import { appIndexKey, appKey } from './keys.ts';
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
  const table = tableName(coreTable);
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: table,
            Item: { ...appKey(app.appId), kind: 'app', ...app },
            ConditionExpression: 'attribute_not_exists(pk) OR workspaceId = :workspaceId',
            ExpressionAttributeValues: { ':workspaceId': app.workspaceId },
          },
        },
        // One partition lists every app, for the periodic work that visits each.
        {
          Put: { TableName: table, Item: { ...appIndexKey(app.appId), kind: 'app-index', appId: app.appId } },
        },
      ],
    }),
  );
}

export async function listAppIds(): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': appIndexKey('').pk },
  });
  return items.map((item) => String(item.appId));
}

/** Everyone who serves the app, whatever their queues. */
export async function listAppMemberIds(appId: string): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :member)',
    ExpressionAttributeValues: { ':pk': appKey(appId).pk, ':member': 'MEMBER#' },
  });
  return items.map((item) => String(item.agentId));
}
