/**
 * Exponential backoff with jitter for reconnecting the socket. The jitter matters more than the
 * growth: after a deploy or an outage every console loses its socket at the same moment, and without
 * it they would all come back in lockstep.
 */

export interface BackoffOptions {
  /** Ceiling of the first delay. */
  baseMs: number;
  /** No delay exceeds this, however many attempts failed. */
  capMs: number;
  /** Uniform in [0, 1); injectable so tests can pin the jitter. */
  random?: () => number;
}

/**
 * The delay before attempt `attempt` (0 for the first retry): "equal jitter", uniform in
 * [ceiling / 2, ceiling] with ceiling = min(cap, base * 2^attempt). Half of it is fixed so a console
 * never retries in a tight loop; the other half spreads consoles apart.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, randomValue: number): number {
  // The exponent is clamped so 2^attempt stays finite on a week-long outage; the cap is long reached by then.
  const exponent = Math.min(Math.max(0, attempt), 30);
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  const jitter = Math.min(Math.max(randomValue, 0), 1);
  return ceiling / 2 + (jitter * ceiling) / 2;
}

/** Counts failed attempts and hands out the next delay; reset once a connection has proved itself. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly options: BackoffOptions) {}

  /** How many delays were handed out since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  next(): number {
    const delay = backoffDelay(this.attempt, this.options, (this.options.random ?? Math.random)());
    this.attempt++;
    return delay;
  }

  reset(): void {
    this.attempt = 0;
  }
}
