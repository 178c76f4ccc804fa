/**
 * The local stand-in of a stream trigger's on-failure queue and its SQS event source mapping: the
 * redrive gets one message per event, postpones a failed one with SQS's own ChangeMessageVisibility
 * (through the real SDK client, as in the cloud), is given it again with its receive count, and
 * a message that keeps failing is parked after `maxReceiveCount` receives.
 */
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, it } from 'vitest';
import { type FailureQueue, startFailureQueue } from '../../../infra/local/failure-queue.ts';
import { eventually } from '../../support/eventually.ts';
import { quiet } from './helpers.ts';

let queue: FailureQueue | undefined;
let sqs: SQSClient | undefined;

afterEach(async () => {
  await queue?.stop();
  sqs?.destroy();
});

describe('the local failure queue', () => {
  it('postpones by ChangeMessageVisibility, counts receives, and parks after the last', async () => {
    const received: { at: number; count: string; body: string }[] = [];
    let postponeMs = 0;
    queue = await startFailureQueue({
      name: 'test-stream-failures',
      functionName: 'redrive',
      maxReceiveCount: 3,
      visibilityTimeoutSeconds: 3600,
      log: quiet,
      invoke: async (event: SQSEvent) => {
        const [record] = event.Records;
        received.push({
          at: Date.now(),
          count: record?.attributes.ApproximateReceiveCount ?? '',
          body: record?.body ?? '',
        });
        sqs ??= new SQSClient({
          endpoint: queue?.endpoint,
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        const started = Date.now();
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: queue?.url,
            ReceiptHandle: record?.receiptHandle,
            VisibilityTimeout: 1,
          }),
        );
        postponeMs = Math.max(postponeMs, Date.now() - started);
        return { batchItemFailures: [{ itemIdentifier: record?.messageId }] };
      },
    });
    queue.send('{"DDBStreamBatchInfo":{}}');
    await eventually(() => expect(queue?.parked).toHaveLength(1));
    expect(received.map((receive) => receive.count)).toEqual(['1', '2', '3']);
    // Each retry came after the one second asked for, not after the hour-long visibility timeout.
    for (let index = 1; index < received.length; index++) {
      const gap = (received[index]?.at ?? 0) - (received[index - 1]?.at ?? 0);
      expect(gap).toBeGreaterThanOrEqual(950);
      expect(gap).toBeLessThan(10_000 + postponeMs);
    }
    expect(queue.messages).toHaveLength(0);
    expect(queue.parked[0]?.body).toBe('{"DDBStreamBatchInfo":{}}');
  });
});
