import { getApp } from '../../shared/store/apps-repository.ts';
import type { SimulatedApp } from './wechat-simulator/index.ts';

/**
 * Lets the WeChat simulator know every app registered with the platform, as WeChat knows the apps
 * configured in its console: an app with an EncodingAESKey pushes in secure mode, one without in
 * plaintext, to the local callback URL.
 */
export function platformApps(httpUrl: () => string): (appId: string) => Promise<SimulatedApp | undefined> {
  return async (appId) => {
    const app = await getApp(appId);
    if (!app) return undefined;
    return {
      appId: app.appId,
      secret: app.secret,
      token: app.token,
      encodingAesKey: app.encodingAesKey,
      type: app.type,
      format: app.format,
      mode: app.encodingAesKey ? 'secure' : 'plaintext',
      callbackUrl: `${httpUrl()}/wechat/${app.appId}`,
      // Linking happens in WeChat's console; locally the platform's own list stands for it.
      linkedMiniPrograms: app.linkedMiniPrograms,
    };
  };
}
