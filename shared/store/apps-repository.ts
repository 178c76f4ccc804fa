import { BatchWriteCommand, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { WeChatApp } from '../domain/app.ts';
import { dynamo, queryAll, tableName } from './client.ts';
import { accessTokenKey, appIndexKey, appKey } from './keys.ts';
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
  'disabled',
  'linkedMiniPrograms',
  'menuKeys',
  'machineTranscripts',
  'followUp',
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

/**
 * Removes the app's own items: the app, its place in the app index, its members and queues (all in
 * the app's partition) and its access token. Queue memberships and the agents' app lists are the
 * caller's to update; conversations and messages stay as history.
 */
export async function deleteApp(appId: string): Promise<void> {
  const table = tableName(coreTable);
  const own = await queryAll({
    TableName: table,
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': appKey(appId).pk },
    ProjectionExpression: 'pk, sk',
  });
  const keys = [
    ...own.map((item) => ({ pk: String(item.pk), sk: String(item.sk) })),
    appIndexKey(appId),
    accessTokenKey(appId),
  ];
  for (let start = 0; start < keys.length; start += 25) {
    let requests: { DeleteRequest: { Key: Record<string, unknown> } }[] | undefined = keys
      .slice(start, start + 25)
      .map((Key) => ({ DeleteRequest: { Key } }));
    while (requests && requests.length > 0) {
      const { UnprocessedItems } = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = UnprocessedItems?.[table] as typeof requests;
    }
  }
}
