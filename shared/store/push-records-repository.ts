import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { PushClass } from '../domain/push-kinds.ts';
import { dynamo, isConditionalCheckFailure, tableName } from './client.ts';
import { pushRecordKey } from './keys.ts';
import { coreTable } from './tables.ts';

/** Kept for a quarter: long enough to answer "what did WeChat send about this customer?". */
const keptForSeconds = 90 * 24 * 60 * 60;

export interface PushRecord {
  appId: string;
  openId: string;
  pushClass: PushClass;
  msgType: string;
  event?: string;
  /** WeChat's CreateTime (seconds). */
  createTime: number;
  dedupeKey: string;
  /** What a delivery report reports on (the MsgID of the template or mass message), when it says. */
  reportsOn?: string;
  /** Every field WeChat sent, as strings. */
  fields: Record<string, string>;
}

/** The conditional put of a push: it fails when a delivery of it was stored before (WeChat's retry). */
export function pushPutItem(record: PushRecord) {
  return {
    TableName: tableName(coreTable),
    Item: {
      ...pushRecordKey(record.appId, record.openId, record.createTime, record.dedupeKey),
      kind: 'push',
      ...record,
      receivedAt: Date.now(),
      expiresAt: Math.floor(Date.now() / 1000) + keptForSeconds,
    },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
}

/** Stores the push once: false when a delivery of it was stored before (WeChat's retry). */
export async function recordPushOnce(record: PushRecord): Promise<boolean> {
  try {
    await dynamo().send(new PutCommand(pushPutItem(record)));
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}
