/**
 * The subscribe messages each customer allows, per app and template: every grant WeChat pushes adds one,
 * every follow-up sent takes one (一次性订阅: one send per accept), turning a template off leaves none.
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SubscriptionChoice } from '../wechat/subscription-event.ts';
import { dynamo, isConditionalCheckFailure, tableName } from './client.ts';
import { guardedTransaction, type TransactItems } from './guarded-transaction.ts';
import { subscriptionGrantKey } from './keys.ts';
import { type PushRecord, pushPutItem } from './push-records-repository.ts';
import { retryOnConflict } from './retry-on-conflict.ts';
import { coreTable } from './tables.ts';

function choiceUpdate(record: PushRecord, choice: SubscriptionChoice): TransactItems[number] {
  return {
    Update: {
      TableName: tableName(coreTable),
      Key: subscriptionGrantKey(record.appId, record.openId, choice.templateId),
      UpdateExpression:
        choice.change === 'grant'
          ? 'SET kind = :kind, templateId = :templateId ADD available :one'
          : 'SET kind = :kind, templateId = :templateId, available = :zero',
      ExpressionAttributeValues: {
        ':kind': 'subscription-grant',
        ':templateId': choice.templateId,
        ...(choice.change === 'grant' ? { ':one': 1 } : { ':zero': 0 }),
      },
    },
  };
}

/**
 * Stores the push and what it changes in one transaction keyed by the push: WeChat's retries of it
 * (and two Lambdas receiving it at once) count once. False when it was stored before.
 */
export async function recordSubscriptionPush(
  record: PushRecord,
  choices: readonly SubscriptionChoice[],
): Promise<boolean> {
  // The same template twice in one push would be two updates of one item, which a transaction refuses.
  const byTemplate = new Map(choices.map((choice) => [choice.templateId, choice]));
  return retryOnConflict(`subscriptions of ${record.openId}`, async () => {
    const result = await guardedTransaction([
      { Put: pushPutItem(record) },
      ...[...byTemplate.values()].map((choice) => choiceUpdate(record, choice)),
    ]);
    if (result === 'conflict') return undefined;
    return result === 'written';
  });
}

export async function grantsLeft(appId: string, openId: string, templateId: string): Promise<number> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: subscriptionGrantKey(appId, openId, templateId),
      ConsistentRead: true,
    }),
  );
  return typeof Item?.available === 'number' ? Item.available : 0;
}

/** Takes one grant in the caller's transaction; its condition fails when none is left. */
export function consumeGrantItem(appId: string, openId: string, templateId: string): TransactItems[number] {
  return {
    Update: {
      TableName: tableName(coreTable),
      Key: subscriptionGrantKey(appId, openId, templateId),
      UpdateExpression: 'ADD available :minusOne',
      ConditionExpression: 'available > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
    },
  };
}

/** Takes one grant on its own (a send already claimed by its `sending` state): false when none is left. */
export async function takeGrant(appId: string, openId: string, templateId: string): Promise<boolean> {
  const item = consumeGrantItem(appId, openId, templateId).Update;
  if (!item) return false;
  try {
    await dynamo().send(new UpdateCommand(item));
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}
