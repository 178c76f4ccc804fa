import type { WeChatApp } from '../domain/app.ts';
import { getApp } from './apps-repository.ts';

/**
 * Apps change rarely and every callback needs one, so a warm function keeps them briefly (so an
 * owner's change, disabling included, reaches a warm function within `freshForMs`). Unknown and
 * disabled apps are not remembered: an app registered or enabled a moment ago must work at once.
 */
const freshForMs = 30_000;
const cache = new Map<string, { app: WeChatApp; loadedAt: number }>();
/** Reads under way: a crowd of callbacks arriving as an entry expires makes one read, not one each. */
const loading = new Map<string, Promise<WeChatApp | undefined>>();

export async function getAppCached(appId: string, now = Date.now()): Promise<WeChatApp | undefined> {
  const hit = cache.get(appId);
  if (hit && now - hit.loadedAt < freshForMs) return hit.app;
  let load = loading.get(appId);
  if (!load) {
    load = getApp(appId)
      .then((app) => {
        if (app && !app.disabled) cache.set(appId, { app, loadedAt: now });
        else cache.delete(appId);
        return app;
      })
      .finally(() => loading.delete(appId));
    loading.set(appId, load);
  }
  return load;
}
