import { describe, expect, it } from 'vitest';
import {
  type AccessTokenStore,
  createAccessTokenProvider,
  type StoredAccessToken,
} from '../../../shared/wechat/access-token-provider.ts';

/** An in-memory stand-in for the table, with the same lock semantics as the conditional update. */
function memoryStore(): AccessTokenStore & {
  items: Map<string, StoredAccessToken & { lockedUntil?: number }>;
} {
  const items = new Map<string, StoredAccessToken & { lockedUntil?: number }>();
  return {
    items,
    async read(appId) {
      const item = items.get(appId);
      return item?.accessToken ? { accessToken: item.accessToken, expiresAt: item.expiresAt } : undefined;
    },
    async tryLock(appId, now, leaseMs) {
      const item = items.get(appId) ?? { accessToken: '', expiresAt: 0 };
      if (item.lockedUntil !== undefined && item.lockedUntil >= now) return false;
      items.set(appId, { ...item, lockedUntil: now + leaseMs });
      return true;
    },
    async save(appId, token) {
      items.set(appId, { ...token });
    },
    async releaseLock(appId) {
      const item = items.get(appId);
      if (item) items.set(appId, { accessToken: item.accessToken, expiresAt: item.expiresAt });
    },
  };
}

function fakeWeChat() {
  const calls: { force: boolean }[] = [];
  return {
    calls,
    async stableToken(_appId: string, _secret: string, force: boolean) {
      calls.push({ force });
      // Let the other callers run into the lock while this one is "on the network".
      await new Promise((resolve) => setImmediate(resolve));
      return { accessToken: `token-${calls.length}`, expiresIn: 7200 };
    },
  };
}

const app = { appId: 'wx0123456789abcdef', secret: 's' };

describe('access token provider', () => {
  it('fetches once for 20 concurrent callers and shares the token', async () => {
    const api = fakeWeChat();
    const provider = createAccessTokenProvider({
      store: memoryStore(),
      api,
      sleep: () => new Promise((r) => setImmediate(r)),
    });
    const tokens = await Promise.all(Array.from({ length: 20 }, () => provider.get(app)));
    expect(new Set(tokens)).toEqual(new Set(['token-1']));
    expect(api.calls).toEqual([{ force: false }]);
  });

  it('shares a token across instances through the store', async () => {
    const store = memoryStore();
    const api = fakeWeChat();
    const first = createAccessTokenProvider({ store, api });
    const second = createAccessTokenProvider({ store, api });
    expect(await first.get(app)).toBe('token-1');
    expect(await second.get(app)).toBe('token-1');
    expect(api.calls).toHaveLength(1);
  });

  it('refreshes before expiry without forcing', async () => {
    let now = 1_000_000;
    const api = fakeWeChat();
    const provider = createAccessTokenProvider({ store: memoryStore(), api, clock: () => now });
    expect(await provider.get(app)).toBe('token-1');
    now += (7200 - 299) * 1000;
    expect(await provider.get(app)).toBe('token-2');
    expect(api.calls).toEqual([{ force: false }, { force: false }]);
  });

  it('force-refreshes once when many callers report the same refused token', async () => {
    const api = fakeWeChat();
    const provider = createAccessTokenProvider({
      store: memoryStore(),
      api,
      sleep: () => new Promise((r) => setImmediate(r)),
    });
    const refused = await provider.get(app);
    const replacements = await Promise.all(Array.from({ length: 20 }, () => provider.get(app, refused)));
    expect(new Set(replacements)).toEqual(new Set(['token-2']));
    expect(api.calls).toEqual([{ force: false }, { force: true }]);
  });

  it('does not force again when another caller refreshed between its read and its lock', async () => {
    const store = memoryStore();
    const api = fakeWeChat();
    const other = createAccessTokenProvider({ store, api });
    const refused = await other.get(app);
    // This caller reads the refused token; before it takes the lock, the other caller refreshes.
    const reads = store.read.bind(store);
    let first = true;
    store.read = async (appId) => {
      const seen = await reads(appId);
      if (first) {
        first = false;
        await other.get(app, refused);
      }
      return seen;
    };
    const late = createAccessTokenProvider({ store, api });
    expect(await late.get(app, refused)).toBe('token-2');
    expect(api.calls).toEqual([{ force: false }, { force: true }]);
    expect(await store.tryLock(app.appId, Date.now(), 1000)).toBe(true);
  });

  it('releases the lock when WeChat fails, so the next caller can try', async () => {
    const store = memoryStore();
    let fail = true;
    const provider = createAccessTokenProvider({
      store,
      api: {
        async stableToken() {
          if (fail) throw new Error('down');
          return { accessToken: 'later', expiresIn: 7200 };
        },
      },
    });
    await expect(provider.get(app)).rejects.toThrow('down');
    fail = false;
    expect(await provider.get(app)).toBe('later');
  });

  it('gives up waiting for a refresher that never finishes', async () => {
    let now = 0;
    const store = memoryStore();
    await store.tryLock(app.appId, now, 60_000);
    const provider = createAccessTokenProvider({
      store,
      api: fakeWeChat(),
      clock: () => now,
      sleep: async (ms) => {
        now += ms;
      },
      waitForRefreshMs: 1000,
    });
    await expect(provider.get(app)).rejects.toThrow('did not finish in time');
  });
});
