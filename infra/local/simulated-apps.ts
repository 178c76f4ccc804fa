import { getAgent } from '../../shared/store/agents-repository.ts';
import { getApp, listAppMemberIds } from '../../shared/store/apps-repository.ts';
import { isKfAccount, type SimulatedApp } from './wechat-simulator/index.ts';

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
      // Linking and customer-service accounts are set up in WeChat's console; locally the platform's own
      // settings stand for them.
      linkedMiniPrograms: app.linkedMiniPrograms,
      ...(app.type === 'official-account' ? { kfAccounts: await kfAccountsOf(app.appId) } : {}),
    };
  };
}

/**
 * The kf accounts the app's agents send as (`--kf-account`), those WeChat could have created: an
 * account it could not is refused on sending (65401), as WeChat would.
 */
async function kfAccountsOf(appId: string): Promise<string[]> {
  const agents = await Promise.all((await listAppMemberIds(appId)).map((agentId) => getAgent(agentId)));
  const accounts = agents.flatMap((agent) => (agent?.kfAccount ? [agent.kfAccount] : []));
  return [...new Set(accounts.filter(isKfAccount))];
}
