import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName, updateIf } from './client.ts';
import { accessTokenKey } from './keys.ts';
import { coreTable } from './tables.ts';

interface StoredAccessToken {
  accessToken: string;
  expiresAt: number;
}

/** The shared access-token cache: one item per app holding the token, its expiry and the refresh lock. */
export const accessTokenStore = {
  async read(appId: string): Promise<StoredAccessToken | undefined> {
    const { Item } = await dynamo().send(
      new GetCommand({ TableName: tableName(coreTable), Key: accessTokenKey(appId), ConsistentRead: true }),
    );
    if (typeof Item?.accessToken !== 'string') return undefined;
    return { accessToken: Item.accessToken, expiresAt: Number(Item.expiresAt) };
  },

  tryLock(appId: string, now: number, leaseMs: number): Promise<boolean> {
    return updateIf({
      TableName: tableName(coreTable),
      Key: accessTokenKey(appId),
      UpdateExpression: 'SET lockedUntil = :until',
      ConditionExpression: 'attribute_not_exists(lockedUntil) OR lockedUntil < :now',
      ExpressionAttributeValues: { ':until': now + leaseMs, ':now': now },
    });
  },

  async save(appId: string, token: StoredAccessToken): Promise<void> {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(coreTable),
        Item: { ...accessTokenKey(appId), kind: 'access-token', ...token },
      }),
    );
  },

  async releaseLock(appId: string): Promise<void> {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(coreTable),
        Key: accessTokenKey(appId),
        UpdateExpression: 'REMOVE lockedUntil',
      }),
    );
  },
};
