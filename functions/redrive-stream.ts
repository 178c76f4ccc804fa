/**
 * Consumes the on-failure queue of the message log's stream trigger: each message names a batch of
 * stream records the trigger gave up on, which is read again from the stream and dispatched like
 * the stream's own (`shared/dispatch/redrive.ts`). A redrive that fails comes back later, each time
 * later (the function postpones its own message), until the queue parks it.
 */
import {
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { functionEnv } from '../shared/config/env-names.ts';
import { redriveStreamFailures, type StreamRecordReader } from '../shared/dispatch/redrive.ts';
import { observed } from '../shared/observability/invocation.ts';

let streams: DynamoDBStreamsClient | undefined;
let sqs: SQSClient | undefined;

function reader(): StreamRecordReader {
  // The Streams API has an endpoint of its own (AWS_ENDPOINT_URL_DYNAMODB_STREAMS locally).
  streams ??= new DynamoDBStreamsClient({});
  const client = streams;
  return {
    getShardIterator: (input) => client.send(new GetShardIteratorCommand(input)),
    getRecords: (input) => client.send(new GetRecordsCommand(input)),
  };
}

function handle(event: SQSEvent): Promise<SQSBatchResponse> {
  return redriveStreamFailures(event.Records, {
    reader: reader(),
    async postpone(message, seconds) {
      const queueUrl = process.env[functionEnv.streamFailuresQueueUrl];
      if (!queueUrl) throw new Error(`${functionEnv.streamFailuresQueueUrl} is not set`);
      sqs ??= new SQSClient({});
      await sqs.send(
        new ChangeMessageVisibilityCommand({
          QueueUrl: queueUrl,
          ReceiptHandle: message.receiptHandle,
          VisibilityTimeout: seconds,
        }),
      );
    },
  });
}

export const handler = observed(handle);
