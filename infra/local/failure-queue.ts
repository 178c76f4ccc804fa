/**
 * The on-failure queue of a stream trigger, in memory, with what Lambda's SQS event source mapping
 * does with it in the cloud: each message is handed to the redrive function as an `SQSEvent` (one
 * message per event), deleted when the function succeeds with it, and otherwise received again once
 * its visibility timeout has passed, until `maxReceiveCount` receives have failed; then it is parked
 * (the queue's own dead-letter queue in the cloud) and said loudly.
 *
 * The function backs off by changing its message's visibility timeout (SQS ChangeMessageVisibility),
 * so the queue answers that one SQS call, in SQS's JSON protocol, on a loopback port of its own: the
 * function gets the queue's URL there and the SDK sends the call to it (`AWS_ENDPOINT_URL_SQS`).
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { SQSEvent, SQSRecord } from 'aws-lambda';
import { localAccountId, localRegion } from './aws-identity.ts';
import { closeServer, listen, urlAuthority } from './ports.ts';

export interface FailureQueueOptions {
  /** The queue's name (part of its URL and ARN). */
  readonly name: string;
  readonly functionName: string;
  readonly invoke: (event: SQSEvent) => Promise<unknown>;
  readonly maxReceiveCount: number;
  /** How long a received message stays invisible unless the function changes it. */
  readonly visibilityTimeoutSeconds: number;
  readonly log: (line: string) => void;
}

export interface QueuedMessage {
  readonly messageId: string;
  readonly body: string;
  readonly sentAt: number;
  receiveCount: number;
  receiptHandle: string | undefined;
  visibleAt: number;
}

export interface FailureQueue {
  /** The QueueUrl the function uses (on the queue's own loopback port). */
  readonly url: string;
  /** What `AWS_ENDPOINT_URL_SQS` must be for the SDK to reach the queue. */
  readonly endpoint: string;
  send(body: string): void;
  /** Messages not yet handled (visible or in flight). */
  readonly messages: readonly QueuedMessage[];
  /** Messages that failed `maxReceiveCount` times: the dead-letter queue's stand-in. */
  readonly parked: readonly QueuedMessage[];
  /** Resolves once the queue is empty (nothing waiting, nothing in flight); parked ones do not count. */
  drained(): Promise<void>;
  stop(): Promise<void>;
}

export async function startFailureQueue(options: FailureQueueOptions): Promise<FailureQueue> {
  const arn = `arn:aws:sqs:${localRegion}:${localAccountId}:${options.name}`;
  const messages: QueuedMessage[] = [];
  const parked: QueuedMessage[] = [];
  const drainWaiters = new Set<() => void>();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  const server = createServer((request, response) => void answer(request, response));
  const host = '127.0.0.1';
  const port = await listen(server, { service: 'failure queue', port: 0, host, hint: 'none' });
  const endpoint = `http://${urlAuthority(host, port)}`;
  const url = `${endpoint}/${localAccountId}/${options.name}`;

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
      response.end(JSON.stringify(body));
    };
    const target = String(request.headers['x-amz-target'] ?? '');
    if (target !== 'AmazonSQS.ChangeMessageVisibility') {
      return reply(400, {
        __type: 'com.amazonaws.sqs#UnsupportedOperation',
        message: `${target} is not emulated`,
      });
    }
    const input = JSON.parse(Buffer.concat(chunks).toString() || '{}') as {
      ReceiptHandle?: string;
      VisibilityTimeout?: number;
    };
    const message = messages.find((candidate) => candidate.receiptHandle === input.ReceiptHandle);
    if (!message) {
      return reply(400, {
        __type: 'com.amazonaws.sqs#ReceiptHandleIsInvalid',
        message: 'unknown receipt handle',
      });
    }
    message.visibleAt = Date.now() + Number(input.VisibilityTimeout ?? 0) * 1000;
    reply(200, {});
    schedule();
  }

  function toRecord(message: QueuedMessage): SQSRecord {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle as string,
      body: message.body,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentAt),
        SenderId: localAccountId,
        ApproximateFirstReceiveTimestamp: String(message.sentAt),
      },
      messageAttributes: {},
      md5OfBody: '',
      eventSource: 'aws:sqs',
      eventSourceARN: arn,
      awsRegion: localRegion,
    };
  }

  /** Receives and handles the next visible message, one at a time. */
  async function receiveNext(): Promise<void> {
    const now = Date.now();
    const message = messages.find((candidate) => candidate.visibleAt <= now);
    if (!message) return;
    message.receiveCount++;
    message.receiptHandle = randomUUID();
    message.visibleAt = now + options.visibilityTimeoutSeconds * 1000;
    let failed: boolean;
    try {
      const result = (await options.invoke({ Records: [toRecord(message)] })) as
        | { batchItemFailures?: { itemIdentifier?: string }[] }
        | undefined;
      failed = (result?.batchItemFailures ?? []).length > 0;
    } catch (error) {
      options.log(`${options.name} → ${options.functionName} failed: ${String(error)}`);
      failed = true;
    }
    message.receiptHandle = undefined;
    if (failed && message.receiveCount < options.maxReceiveCount) return;
    messages.splice(messages.indexOf(message), 1);
    if (failed) {
      parked.push(message);
      options.log(
        `!!! ${options.name}: message ${message.messageId} failed ${message.receiveCount} times and is parked: ` +
          `its stream records were NOT dispatched (${message.body})`,
      );
    }
  }

  function schedule(): void {
    if (stopped || running) return;
    clearTimeout(timer);
    if (messages.length === 0) {
      for (const wake of [...drainWaiters]) wake();
      return;
    }
    const next = Math.min(...messages.map((message) => message.visibleAt));
    timer = setTimeout(
      () => {
        running = receiveNext().finally(() => {
          running = undefined;
          schedule();
        });
      },
      Math.max(0, next - Date.now()),
    );
  }

  return {
    url,
    endpoint,
    send(body) {
      messages.push({
        messageId: randomUUID(),
        body,
        sentAt: Date.now(),
        receiveCount: 0,
        receiptHandle: undefined,
        visibleAt: Date.now(),
      });
      schedule();
    },
    messages,
    parked,
    drained() {
      return new Promise((resolve) => {
        if (messages.length === 0) return resolve();
        const wake = () => {
          drainWaiters.delete(wake);
          resolve();
        };
        drainWaiters.add(wake);
      });
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
      for (const wake of [...drainWaiters]) wake();
      await closeServer(server);
    },
  };
}
