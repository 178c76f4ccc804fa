/**
 * Pushing a callback the way WeChat does (WECHAT.md §4): POST the signed request to the app's URL; the
 * push is acknowledged by HTTP 200 with body `success` or an empty body. Anything else (another status,
 * another body, an error, or no complete answer within the deadline) is followed by an immediate
 * retry of the identical request, up to `maxAttempts` deliveries in total.
 */
import { performance } from 'node:perf_hooks';
import { Worker } from 'node:worker_threads';
import type { CallbackFormat } from '../../../shared/wechat/callback.ts';
import type { AttemptOrder, AttemptReport } from './callback-sender.ts';
import type { CallbackAttempt, CallbackDelivery } from './types.ts';

export interface DeliveryOptions {
  timeoutMs: number;
  maxAttempts: number;
  log: (line: string) => void;
}

export class CallbackDeliverer {
  readonly #options: DeliveryOptions;
  /** Set by stop(): attempts on their way end at once and no retry follows. */
  #stopped = false;
  /** Sends the attempts (`callback-sender.ts` says why in a thread of its own). */
  #sender: Worker | undefined;
  #nextAttemptId = 0;
  readonly #attempting = new Map<number, { resolve: (attempt: CallbackAttempt) => void; started: number }>();

  constructor(options: DeliveryOptions) {
    this.#options = options;
  }

  /** Creates the delivery record at once (so a caller can show progress) and a promise of its outcome. */
  start(
    request: CallbackDelivery['request'],
    format: CallbackFormat,
  ): { delivery: CallbackDelivery; done: Promise<CallbackDelivery> } {
    const delivery: CallbackDelivery = { request, attempts: [], acknowledged: false };
    return { delivery, done: this.#run(delivery, format) };
  }

  stop(): void {
    this.#stopped = true;
    this.#endAttempts('simulator stopped');
    void this.#sender?.terminate();
  }

  async #run(delivery: CallbackDelivery, format: CallbackFormat): Promise<CallbackDelivery> {
    const url = withQuery(delivery.request.url, delivery.request.query);
    const contentType = format === 'xml' ? 'text/xml' : 'application/json';
    while (delivery.attempts.length < this.#options.maxAttempts && !this.#stopped) {
      const attempt = await this.#attempt(url, contentType, delivery.request.body);
      delivery.attempts.push(attempt);
      delivery.acknowledged = isAcknowledgement(attempt);
      this.#options.log(
        `callback ${delivery.request.url} attempt ${delivery.attempts.length}: ${describe(attempt)} (${attempt.ms} ms)`,
      );
      if (delivery.acknowledged) break;
    }
    return delivery;
  }

  #attempt(url: string, contentType: string, body: string): Promise<CallbackAttempt> {
    if (this.#stopped) return Promise.resolve({ error: 'simulator stopped', ms: 0 });
    const started = performance.now();
    const id = this.#nextAttemptId++;
    const order: AttemptOrder = { id, url, contentType, body, timeoutMs: this.#options.timeoutMs };
    const sender = this.#senderThread();
    return new Promise((resolve) => {
      this.#attempting.set(id, { resolve, started });
      sender.postMessage(order);
    });
  }

  /** The thread that sends, started on the first push; it keeps the process alive only while it sends. */
  #senderThread(): Worker {
    if (this.#sender) {
      this.#sender.ref();
      return this.#sender;
    }
    const sender = new Worker(new URL('./callback-sender.ts', import.meta.url));
    sender.on('message', ({ id, attempt }: AttemptReport) => {
      this.#attempting.get(id)?.resolve(attempt);
      this.#attempting.delete(id);
      if (this.#attempting.size === 0) sender.unref();
    });
    sender.on('error', (error) => this.#endAttempts(`the sending thread failed: ${error.message}`));
    sender.on('exit', () => {
      if (this.#sender === sender) this.#sender = undefined;
    });
    this.#sender = sender;
    return sender;
  }

  /** Every attempt still on its way ends now, with this reason. */
  #endAttempts(reason: string): void {
    for (const { resolve, started } of this.#attempting.values()) {
      resolve({ error: reason, ms: Math.round(performance.now() - started) });
    }
    this.#attempting.clear();
  }
}

function isAcknowledgement(attempt: CallbackAttempt): boolean {
  return attempt.status === 200 && (attempt.body === '' || attempt.body === 'success');
}

function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(query)) {
    url.searchParams.set(name, value);
  }
  return url.toString();
}

function describe(attempt: CallbackAttempt): string {
  if (attempt.status === undefined) return attempt.error ?? 'no answer';
  const body = attempt.body === undefined ? '' : ` ${JSON.stringify(attempt.body.slice(0, 60))}`;
  return `HTTP ${attempt.status}${body}`;
}
