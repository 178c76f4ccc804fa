import type { WeChatApp } from '../domain/app.ts';
import { getApp } from './apps-repository.ts';

/**
 * Apps change rarely and every callback needs one, so a warm function keeps them briefly. Unknown
 * apps are not remembered: an app registered a moment ago must work at once.
 */
const freshForMs = 30_000;
const cache = new Map<string, { app: WeChatApp; loadedAt: number }>();

export async function getAppCached(appId: string, now = Date.now()): Promise<WeChatApp | undefined> {
  const hit = cache.get(appId);
  if (hit && now - hit.loadedAt < freshForMs) return hit.app;
  const app = await getApp(appId);
  if (app) cache.set(appId, { app, loadedAt: now });
  else cache.delete(appId);
  return app;
}
