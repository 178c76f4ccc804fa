import { DeleteCommand, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { failureWindowMs, type ThrottleSubject } from '../domain/sign-in-throttle.ts';
import { dynamo, tableName } from './client.ts';
import { signInFailuresKey } from './keys.ts';
import { coreTable } from './tables.ts';

export interface SignInFailures {
  failures: number;
  lastFailureAt: number;
  lockedUntil: number;
}

export async function getSignInFailures(
  subject: ThrottleSubject,
  value: string,
): Promise<SignInFailures | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: signInFailuresKey(subject, value),
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  return {
    failures: Number(Item.failures),
    lastFailureAt: Number(Item.lastFailureAt),
    lockedUntil: Number(Item.lockedUntil ?? 0),
  };
}

/**
 * Counts one more failure (a count older than the window starts again) and stores the lock the policy
 * gives for the new count. Concurrent failures are added atomically, so a burst of guesses counts whole.
 */
export async function addSignInFailure(
  subject: ThrottleSubject,
  value: string,
  previous: SignInFailures | undefined,
  now: number,
  lockFor: (failures: number) => number,
): Promise<SignInFailures> {
  const Key = signInFailuresKey(subject, value);
  const expiresAt = Math.ceil((now + failureWindowMs) / 1000) + 15 * 60;
  let failures: number;
  if (!previous || now - previous.lastFailureAt > failureWindowMs) {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(coreTable),
        Item: { ...Key, kind: 'signin-failures', failures: 1, lastFailureAt: now, lockedUntil: 0, expiresAt },
      }),
    );
    failures = 1;
  } else {
    const { Attributes } = await dynamo().send(
      new UpdateCommand({
        TableName: tableName(coreTable),
        Key,
        UpdateExpression: 'ADD failures :one SET lastFailureAt = :now, expiresAt = :expiresAt',
        ExpressionAttributeValues: { ':one': 1, ':now': now, ':expiresAt': expiresAt },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    failures = Number(Attributes?.failures ?? 1);
  }
  const lockedUntil = now + lockFor(failures);
  if (lockedUntil > now) {
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(coreTable),
        Key,
        UpdateExpression: 'SET lockedUntil = :lockedUntil',
        ExpressionAttributeValues: { ':lockedUntil': lockedUntil },
      }),
    );
  }
  return { failures, lastFailureAt: now, lockedUntil };
}

export async function clearSignInFailures(subject: ThrottleSubject, value: string): Promise<void> {
  await dynamo().send(
    new DeleteCommand({ TableName: tableName(coreTable), Key: signInFailuresKey(subject, value) }),
  );
}
