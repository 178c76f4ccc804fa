/**
 * Handles a batch of message-log records the way the stream consumer must: a conversation's records
 * one after another (its messages keep their order), different conversations at once, and the
 * batch reported as failed from its earliest failed record (Lambda's partial batch response).
 *
 * Everything from that record on is delivered again, including records of other conversations that
 * were handled already. Before answering, the conversations of handled records get a watermark
 * (`shared/store/dispatch-watermark.ts`) so that their second delivery is recognised and skipped:
 * only the failed record and those after it in its own conversation are really handled again.
 */
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { logger } from '../observability/logger.ts';
import { handleInKeyOrder } from '../realtime/handle-in-key-order.ts';
import { raiseDispatchWatermark } from '../store/dispatch-watermark.ts';
import { announceFloorChanges, floorChangesOf } from './floor-changes.ts';
import { conversationOf, handleLogRecord } from './log-record.ts';

export interface DispatchOptions {
  /** What to do with one record; the real thing unless a test wraps it. */
  readonly handleRecord?: (record: DynamoDBRecord) => Promise<void>;
}

export async function dispatchRecords(
  records: readonly DynamoDBRecord[],
  options: DispatchOptions = {},
): Promise<DynamoDBBatchResponse> {
  const handleRecord = options.handleRecord ?? handleLogRecord;
  const handled = new Set<DynamoDBRecord>();
  const failed = await handleInKeyOrder(
    records,
    (record) => conversationOf(record) ?? record.eventID ?? '',
    async (record) => {
      await handleRecord(record);
      handled.add(record);
    },
    (record, error) =>
      logger.error('dispatch failed; the record will be retried', {
        eventID: record.eventID,
        conversationId: conversationOf(record),
        error,
      }),
  );
  // Best effort: an open floor view also reads itself every 15 seconds.
  await announceFloorChanges(floorChangesOf(handled)).catch((error: unknown) =>
    logger.warn('could not tell supervisors their floor changed', { error }),
  );
  if (failed === undefined) return { batchItemFailures: [] };
  await markHandled(records, handled);
  return { batchItemFailures: [{ itemIdentifier: records[failed]?.dynamodb?.SequenceNumber ?? '' }] };
}

/**
 * Watermarks the conversations of the records that were handled: those after the failed one come
 * again from the stream, and a redrive reads its whole range again.
 */
async function markHandled(records: readonly DynamoDBRecord[], handled: Set<DynamoDBRecord>) {
  const highest = new Map<string, string>();
  for (const record of records) {
    const conversationId = conversationOf(record);
    const sequenceNumber = record.dynamodb?.SequenceNumber;
    // In key order: a conversation's handled records come before its failed one, if any.
    if (conversationId && sequenceNumber && handled.has(record)) highest.set(conversationId, sequenceNumber);
  }
  await Promise.all(
    [...highest].map(([conversationId, sequenceNumber]) =>
      raiseDispatchWatermark(conversationId, sequenceNumber).catch((error: unknown) =>
        // Then its records are handled again: agents may see a frame twice, nothing is lost.
        logger.warn('could not record how far a conversation was dispatched', { conversationId, error }),
      ),
    ),
  );
}
