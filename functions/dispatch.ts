/**
 * Consumes the message log's stream: pushes each message to the assigned agent's sockets, sends
 * agents' (and the bot's) messages to WeChat, answers customers automatically where the queue says so
 * and keeps copies of customers' pictures (`shared/dispatch/log-record.ts`). A conversation's records
 * are handled one after another, so its messages keep their order, and different conversations at
 * once; the batch is retried from the earliest failed record (`shared/dispatch/dispatch-records.ts`).
 */
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { dispatchRecords } from '../shared/dispatch/dispatch-records.ts';
import { observed } from '../shared/observability/invocation.ts';

function handle(event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> {
  return dispatchRecords(event.Records);
}

export const handler = observed(handle);
