import { BatchGetCommand, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CustomerProfile } from '../domain/customer-profile.ts';
import { dynamo, tableName } from './client.ts';
import { customerProfileKey, customerTagsKey } from './keys.ts';
import { coreTable } from './tables.ts';

/**
 * Customer profiles on the customer's `PROFILE` item. That item is shared: the customer's pushes set
 * `lastLocation` on it (customer-location-repository.ts), so every write here SETs or REMOVEs only the
 * attributes agents keep, never puts the whole item.
 */

function toProfile(
  appId: string,
  openId: string,
  item: Record<string, unknown> | undefined,
): CustomerProfile {
  const location = item?.lastLocation as CustomerProfile['lastLocation'] | undefined;
  return {
    appId,
    openId,
    ...(typeof item?.remarkName === 'string' ? { remarkName: item.remarkName } : {}),
    tags: Array.isArray(item?.tags) ? item.tags.map(String) : [],
    ...(typeof item?.note === 'string' ? { note: item.note } : {}),
    ...(location ? { lastLocation: location } : {}),
    ...(typeof item?.profileUpdatedAt === 'number' ? { updatedAt: item.profileUpdatedAt } : {}),
    ...(typeof item?.profileUpdatedBy === 'string' ? { updatedBy: item.profileUpdatedBy } : {}),
  };
}

/** The profile, empty when nobody has written anything about the customer yet. */
export async function getCustomerProfile(appId: string, openId: string): Promise<CustomerProfile> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: customerProfileKey(appId, openId) }),
  );
  return toProfile(appId, openId, Item);
}

/** The remark names of many customers at once (at most 100, one BatchGet), by `appId openId`. */
export async function getRemarkNames(
  customers: readonly { appId: string; openId: string }[],
): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (customers.length === 0) return names;
  const table = tableName(coreTable);
  let keys: Record<string, unknown>[] = customers.map(({ appId, openId }) =>
    customerProfileKey(appId, openId),
  );
  // Unprocessed keys come back when DynamoDB is busy: asked again, a few times.
  for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
    const { Responses, UnprocessedKeys } = await dynamo().send(
      new BatchGetCommand({
        RequestItems: {
          [table]: { Keys: keys, ProjectionExpression: 'appId, openId, remarkName' },
        },
      }),
    );
    for (const item of Responses?.[table] ?? []) {
      if (typeof item.remarkName === 'string') names.set(`${item.appId} ${item.openId}`, item.remarkName);
    }
    keys = UnprocessedKeys?.[table]?.Keys ?? [];
  }
  return names;
}

export interface ProfileWrite {
  /** `null` removes; absent leaves as it is. */
  remarkName?: string | null;
  tags?: string[];
  note?: string | null;
}

/** Applies an agent's change to the attributes agents keep, and answers the profile as it is now. */
export async function writeCustomerProfile(
  appId: string,
  openId: string,
  change: ProfileWrite,
  by: string,
  now: number,
): Promise<CustomerProfile> {
  const sets = ['appId = :appId', 'openId = :openId', 'profileUpdatedAt = :now', 'profileUpdatedBy = :by'];
  const removes: string[] = [];
  const values: Record<string, unknown> = { ':appId': appId, ':openId': openId, ':now': now, ':by': by };
  for (const field of ['remarkName', 'tags', 'note'] as const) {
    const value = change[field];
    if (value === undefined) continue;
    if (value === null || (Array.isArray(value) && value.length === 0)) removes.push(field);
    else {
      sets.push(`${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  const { Attributes } = await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: customerProfileKey(appId, openId),
      UpdateExpression: `SET ${sets.join(', ')}${removes.length ? ` REMOVE ${removes.join(', ')}` : ''}`,
      ExpressionAttributeValues: values,
      ReturnValues: 'ALL_NEW',
    }),
  );
  return toProfile(appId, openId, Attributes);
}

/** Adds tags to the workspace's vocabulary (a string set: adding one twice keeps one). */
export async function addToTagVocabulary(workspaceId: string, tags: readonly string[]): Promise<void> {
  if (tags.length === 0) return;
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: customerTagsKey(workspaceId),
      UpdateExpression: 'ADD tags :tags',
      ExpressionAttributeValues: { ':tags': new Set(tags) },
    }),
  );
}

/** Every tag given in the workspace so far, sorted. */
export async function tagVocabulary(workspaceId: string): Promise<string[]> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: customerTagsKey(workspaceId) }),
  );
  const tags = Item?.tags instanceof Set ? [...Item.tags].map(String) : [];
  return tags.sort((left, right) => left.localeCompare(right, 'zh-CN'));
}
