/**
 * Per-endpoint call counters and queued failures (`failNext`), so tests and benchmarks can check how
 * often the platform calls WeChat (token caching, retries) and how it copes when WeChat misbehaves.
 * A queued failure is consumed by the next call of that endpoint, before any validation, like an outage.
 */
import type { ApiName, InjectedFailure } from './types.ts';

export class FaultInjection {
  readonly #counts = new Map<ApiName, number>();
  readonly #queued = new Map<ApiName, InjectedFailure[]>();

  /** Counts one call and returns the failure it must suffer, if one is queued. */
  onCall(api: ApiName): InjectedFailure | undefined {
    this.#counts.set(api, this.calls(api) + 1);
    return this.#queued.get(api)?.shift();
  }

  calls(api: ApiName): number {
    return this.#counts.get(api) ?? 0;
  }

  failNext(api: ApiName, failure: InjectedFailure, times = 1): void {
    if (!Number.isInteger(times) || times < 1) {
      throw new RangeError(`failNext(${api}): times must be a positive integer, got ${times}`);
    }
    const queue = this.#queued.get(api) ?? [];
    for (let i = 0; i < times; i += 1) {
      queue.push(failure);
    }
    this.#queued.set(api, queue);
  }
}
