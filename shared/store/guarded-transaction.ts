import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo } from './client.ts';

export type TransactItems = NonNullable<
  ConstructorParameters<typeof TransactWriteCommand>[0]['TransactItems']
>;

export type GuardedResult = 'written' | 'duplicate' | 'conflict';

interface CancellationReason {
  Code?: string;
}

/**
 * Runs a transaction whose first item is an idempotency marker (a put conditioned on
 * `attribute_not_exists`): its failure means the request was seen before (`duplicate`); any other
 * failed condition or a concurrent transaction means the state read beforehand changed (`conflict`),
 * and the caller reads again and retries.
 */
export async function guardedTransaction(items: TransactItems): Promise<GuardedResult> {
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
    return 'written';
  } catch (error) {
    const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
    if (!reasons) throw error;
    if (reasons[0]?.Code === 'ConditionalCheckFailed') return 'duplicate';
    if (
      reasons.some(
        (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
      )
    ) {
      return 'conflict';
    }
    throw error;
  }
}

/**
 * Runs a transaction none of whose items is an idempotency marker: any failed condition or a
 * concurrent transaction means the state read beforehand changed (`conflict`).
 */
export async function conditionalTransaction(items: TransactItems): Promise<'written' | 'conflict'> {
  try {
    await dynamo().send(new TransactWriteCommand({ TransactItems: items }));
    return 'written';
  } catch (error) {
    const reasons = (error as { CancellationReasons?: CancellationReason[] }).CancellationReasons;
    if (
      reasons?.some(
        (reason) => reason.Code === 'ConditionalCheckFailed' || reason.Code === 'TransactionConflict',
      )
    ) {
      return 'conflict';
    }
    throw error;
  }
}
