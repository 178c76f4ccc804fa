/**
 * WeChat's pusher, in a thread of its own (started by `callback-delivery.ts`). WeChat is another
 * machine: it sends a push the moment it has one and times the answer by its own clock, whatever
 * the receiving system is doing. Sharing one event loop with a local system under a crowd of
 * callbacks, the simulator's 5 s deadline would fire before the request had even been written,
 * and a push would be given up without ever having reached the system: a loss no real WeChat
 * causes. Here, each attempt is written at once; a request the busy system has not read yet waits
 * in its socket, and is read and stored once the system gets to it, as API Gateway would have.
 *
 * Node loads this file itself (type stripping), so it may use only erasable TypeScript and import
 * nothing but `node:` modules and types.
 */
import { performance } from 'node:perf_hooks';
import { parentPort } from 'node:worker_threads';
import type { CallbackAttempt } from './types.ts';

/** One attempt to send, from the simulator to this thread. */
export interface AttemptOrder {
  readonly id: number;
  readonly url: string;
  readonly contentType: string;
  readonly body: string;
  readonly timeoutMs: number;
}

/** How an attempt went, back to the simulator. */
export interface AttemptReport {
  readonly id: number;
  readonly attempt: CallbackAttempt;
}

async function attempt(order: AttemptOrder): Promise<CallbackAttempt> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const deadline = AbortSignal.timeout(order.timeoutMs);
  try {
    const response = await fetch(order.url, {
      method: 'POST',
      // WeChat's pusher identifies itself as an old browser; nothing should depend on it.
      headers: { 'content-type': order.contentType, 'user-agent': 'Mozilla/4.0' },
      body: order.body,
      signal: deadline,
    });
    // The whole answer must arrive within the deadline, not just the status line.
    const text = await response.text();
    return { status: response.status, body: text, ms: elapsed() };
  } catch (error) {
    const reason = deadline.aborted ? `no answer within ${order.timeoutMs} ms` : errorText(error);
    return { error: reason, ms: elapsed() };
  }
}

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}

parentPort?.on('message', (order: AttemptOrder) => {
  void attempt(order).then((result) => {
    const report: AttemptReport = { id: order.id, attempt: result };
    parentPort?.postMessage(report);
  });
});
