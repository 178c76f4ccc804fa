/**
 * Pushing a callback the way WeChat does (WECHAT.md §4): POST the signed request to the app's URL; the
 * push is acknowledged by HTTP 200 with body `success` or an empty body. Anything else (another status,
 * another body, an error, or no complete answer within the deadline) is followed by an immediate
 * retry of the identical request, up to `maxAttempts` deliveries in total.
 */
import { performance } from 'node:perf_hooks';
import type { CallbackFormat } from '../../../shared/wechat/callback.ts';
import type { CallbackAttempt, CallbackDelivery } from './types.ts';

export interface DeliveryOptions {
  timeoutMs: number;
  maxAttempts: number;
  log: (line: string) => void;
}

export class CallbackDeliverer {
  readonly #options: DeliveryOptions;
  /** Aborted by stop(): in-flight attempts end at once and no retry follows. */
  readonly #stopping = new AbortController();

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
    this.#stopping.abort();
  }

  async #run(delivery: CallbackDelivery, format: CallbackFormat): Promise<CallbackDelivery> {
    const url = withQuery(delivery.request.url, delivery.request.query);
    const contentType = format === 'xml' ? 'text/xml' : 'application/json';
    while (delivery.attempts.length < this.#options.maxAttempts && !this.#stopping.signal.aborted) {
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

  async #attempt(url: string, contentType: string, body: string): Promise<CallbackAttempt> {
    const started = performance.now();
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.#options.timeoutMs);
    const signal = AbortSignal.any([deadline.signal, this.#stopping.signal]);
    const elapsed = () => Math.round(performance.now() - started);
    try {
      const response = await fetch(url, {
        method: 'POST',
        // WeChat's pusher identifies itself as an old browser; nothing should depend on it.
        headers: { 'content-type': contentType, 'user-agent': 'Mozilla/4.0' },
        body,
        signal,
      });
      // The whole answer must arrive within the deadline, not just the status line.
      const text = await response.text();
      return { status: response.status, body: text, ms: elapsed() };
    } catch (error) {
      const reason = this.#stopping.signal.aborted
        ? 'simulator stopped'
        : deadline.signal.aborted
          ? `no answer within ${this.#options.timeoutMs} ms`
          : errorText(error);
      return { error: reason, ms: elapsed() };
    } finally {
      clearTimeout(timer);
    }
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

function errorText(error: unknown): string {
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
    return `${error.message}${cause}`;
  }
  return String(error);
}
