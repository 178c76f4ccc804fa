/**
 * One access token per app, shared by every Lambda: cached in memory, kept in the table with its
 * expiry, and refreshed by one caller at a time under a conditional lock (WECHAT.md §8, AWS.md §3.8).
 * Callers that lose the race wait for the winner's token instead of fetching their own, because
 * every fetch can invalidate the token others hold.
 */
import type { WeChatApi } from './api-client.ts';

export interface StoredAccessToken {
  accessToken: string;
  /** ms since epoch */
  expiresAt: number;
}

/** Where tokens are shared between instances (the core table in practice). */
export interface AccessTokenStore {
  read(appId: string): Promise<StoredAccessToken | undefined>;
  /** Takes the refresh lock unless another caller holds an unexpired one. */
  tryLock(appId: string, now: number, leaseMs: number): Promise<boolean>;
  /** Stores the new token and releases the lock. */
  save(appId: string, token: StoredAccessToken): Promise<void>;
  releaseLock(appId: string): Promise<void>;
}

export interface AppCredentials {
  appId: string;
  secret: string;
}

export interface AccessTokenProvider {
  /**
   * A token for the app. Pass the token WeChat just refused (40001/42001/40014) as `rejected` to get
   * a different one: the first caller to report it refreshes, the others get that caller's token.
   */
  get(app: AppCredentials, rejected?: string): Promise<string>;
}

interface ProviderOptions {
  store: AccessTokenStore;
  api: Pick<WeChatApi, 'stableToken'>;
  clock?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Refresh this long before expiry; stable_token renews in a token's last five minutes. */
  refreshAheadMs?: number;
  lockLeaseMs?: number;
  /** How long a caller waits for another caller's refresh. */
  waitForRefreshMs?: number;
}

const pollIntervalMs = 50;

export function createAccessTokenProvider(options: ProviderOptions): AccessTokenProvider {
  const clock = options.clock ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const refreshAheadMs = options.refreshAheadMs ?? 5 * 60_000;
  const lockLeaseMs = options.lockLeaseMs ?? 10_000;
  const waitForRefreshMs = options.waitForRefreshMs ?? 6_000;
  const memory = new Map<string, StoredAccessToken>();

  /** The token if it is worth using: not the refused one and not about to expire. */
  const fresh = (token: StoredAccessToken | undefined, rejected: string | undefined) =>
    token && token.accessToken !== rejected && token.expiresAt - clock() > refreshAheadMs ? token : undefined;

  async function refresh(app: AppCredentials, current: StoredAccessToken | undefined, rejected?: string) {
    // Force only when WeChat refused the very token the table holds; otherwise stable_token hands out
    // the current token or renews it, without invalidating what other callers use.
    const force = rejected !== undefined && current?.accessToken === rejected;
    try {
      const issued = await options.api.stableToken(app.appId, app.secret, force);
      const token = { accessToken: issued.accessToken, expiresAt: clock() + issued.expiresIn * 1000 };
      await options.store.save(app.appId, token);
      return token;
    } catch (error) {
      await options.store.releaseLock(app.appId);
      throw error;
    }
  }

  return {
    async get(app, rejected) {
      const cached = fresh(memory.get(app.appId), rejected);
      if (cached) return cached.accessToken;
      const deadline = clock() + waitForRefreshMs;
      for (;;) {
        const stored = await options.store.read(app.appId);
        const shared = fresh(stored, rejected);
        if (shared) {
          memory.set(app.appId, shared);
          return shared.accessToken;
        }
        if (await options.store.tryLock(app.appId, clock(), lockLeaseMs)) {
          // Another caller may have refreshed between our read and our lock: forcing again now would
          // invalidate the token it just handed out.
          const latest = await options.store.read(app.appId);
          const refreshed = fresh(latest, rejected);
          if (refreshed) {
            await options.store.releaseLock(app.appId);
            memory.set(app.appId, refreshed);
            return refreshed.accessToken;
          }
          const token = await refresh(app, latest, rejected);
          memory.set(app.appId, token);
          return token.accessToken;
        }
        if (clock() >= deadline) {
          // The refresher is slow or gone; a token that has not expired yet still works.
          if (stored && stored.accessToken !== rejected && stored.expiresAt > clock())
            return stored.accessToken;
          throw new Error(`no access token for ${app.appId}: another refresh did not finish in time`);
        }
        await sleep(pollIntervalMs);
      }
    },
  };
}
