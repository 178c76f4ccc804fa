import { AbortedError, ApiError, type LoginResult } from './api.ts';
import type { Session } from './session.ts';
import type { Clock } from './socket.ts';
import { localExpiry } from './token-lifetime.ts';

/**
 * Keeps the agent signed in: a few minutes before the one-hour token expires it asks
 * `POST /api/auth/refresh` for a fresh one, silently. Only when that keeps failing does the agent
 * hear about it (a warning with the time the session ends), and at the end they are signed out
 * before a request can fail half-way with a 401. A 401 from the refresh itself signs out at once
 * (ApiClient's onUnauthorized), since no retry can help.
 *
 * DOM-free: the clock is injected, so tests run every path with fake timers.
 */

export interface SessionKeeperTiming {
  /** Renew this long before the token expires. */
  refreshBeforeMs: number;
  /** After a failed renewal, try again this often while there is time. */
  retryEveryMs: number;
  /** Sign out this long before expiry, so no request fails half-way. */
  signOutBeforeMs: number;
}

const defaultSessionTiming: SessionKeeperTiming = {
  refreshBeforeMs: 5 * 60_000,
  retryEveryMs: 30_000,
  signOutBeforeMs: 30_000,
};

export interface SessionKeeperOptions {
  session: Session;
  refresh: () => Promise<LoginResult>;
  /** A new token: the API client and storage take it. */
  onRenewed: (session: Session) => void;
  /** Renewal failed: the session ends at `expiresAt` unless a retry works (then `undefined`). */
  onExpiring: (expiresAt: number | undefined) => void;
  onExpired: () => void;
  now?: () => number;
  clock?: Clock;
  timing?: Partial<SessionKeeperTiming>;
}

export class SessionKeeper {
  private session: Session;
  private readonly timing: SessionKeeperTiming;
  private readonly clock: Clock;
  private readonly now: () => number;
  private refreshTimer: unknown;
  private signOutTimer: unknown;
  private refreshing = false;
  private running = false;

  constructor(private readonly options: SessionKeeperOptions) {
    this.session = options.session;
    this.timing = { ...defaultSessionTiming, ...options.timing };
    this.now = options.now ?? Date.now;
    this.clock = options.clock ?? {
      setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
      clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof globalThis.setTimeout>),
    };
  }

  get current(): Session {
    return this.session;
  }

  /** A token from elsewhere (another tab's renewal, a new password): used from now on. */
  adopt(session: Session): void {
    this.session = session;
    this.options.onExpiring(undefined);
    if (this.running) this.schedule();
  }

  start(): void {
    this.running = true;
    this.schedule();
  }

  stop(): void {
    this.running = false;
    this.clock.clearTimeout(this.refreshTimer);
    this.clock.clearTimeout(this.signOutTimer);
  }

  /** Timers do not run while a laptop sleeps: check the deadlines on waking. */
  wake(): void {
    if (!this.running) return;
    const now = this.now();
    if (now >= this.signOutAt()) {
      this.expire();
      return;
    }
    if (now >= this.refreshAt()) void this.refreshNow();
  }

  private refreshAt(): number {
    return this.session.expiresAt - this.timing.refreshBeforeMs;
  }

  private signOutAt(): number {
    return this.session.expiresAt - this.timing.signOutBeforeMs;
  }

  private schedule(): void {
    this.clock.clearTimeout(this.refreshTimer);
    this.clock.clearTimeout(this.signOutTimer);
    const now = this.now();
    const untilSignOut = this.signOutAt() - now;
    if (untilSignOut <= 0) {
      this.expire();
      return;
    }
    this.refreshTimer = this.clock.setTimeout(
      () => void this.refreshNow(),
      Math.max(0, this.refreshAt() - now),
    );
    this.signOutTimer = this.clock.setTimeout(() => this.expire(), untilSignOut);
  }

  private async refreshNow(): Promise<void> {
    if (this.refreshing || !this.running) return;
    this.refreshing = true;
    try {
      // The moment of asking, not of the answer: an estimate that errs on the early side.
      const askedAt = this.now();
      const result = await this.options.refresh();
      if (!this.running) return;
      this.session = {
        token: result.token,
        agent: result.agent,
        expiresAt: localExpiry(result.token, result.expiresAt, askedAt),
      };
      this.options.onRenewed(this.session);
      this.options.onExpiring(undefined);
      this.schedule();
    } catch (error) {
      if (!this.running || error instanceof AbortedError) return;
      // Refused outright: the API client has signed the agent out already.
      if (error instanceof ApiError && error.status === 401) return;
      this.options.onExpiring(this.session.expiresAt);
      const retryAt = this.now() + this.timing.retryEveryMs;
      if (retryAt < this.signOutAt()) {
        this.clock.clearTimeout(this.refreshTimer);
        this.refreshTimer = this.clock.setTimeout(() => void this.refreshNow(), this.timing.retryEveryMs);
      }
    } finally {
      this.refreshing = false;
    }
  }

  private expire(): void {
    if (!this.running) return;
    this.stop();
    this.options.onExpired();
  }
}
