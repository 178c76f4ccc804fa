import { getAgent } from '../../shared/store/agents-repository.ts';
import { getApp, listAppMemberIds } from '../../shared/store/apps-repository.ts';
import { isKfAccount, type SimulatedApp, type SimulatedArticle } from './wechat-simulator/index.ts';

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
      // The follow-up template stands for the one added in WeChat's console, with the keywords it fills.
      ...(app.followUp
        ? {
            subscribeTemplates: [
              {
                templateId: app.followUp.templateId,
                title: '留言回复通知',
                keywords: Object.keys(app.followUp.fields),
              },
            ],
          }
        : {}),
      ...(app.type === 'official-account'
        ? { kfAccounts: await kfAccountsOf(app.appId), publishedArticles: sampleArticles }
        : {}),
    };
  };
}

/**
 * What every local Official Account has published (in WeChat's console, for a real one), so that
 * agents have articles to send; tests publish their own with the simulator's publishArticle.
 */
const sampleArticles: SimulatedArticle[] = [
  {
    title: '退货与退款说明',
    digest: '收到商品 7 天内可申请退货，退款 1–3 个工作日到账。',
    author: '客服中心',
  },
  { title: '会员积分规则', digest: '每消费 1 元积 1 分，积分可在下单时抵扣。', author: '会员中心' },
  { title: '配送时间与运费', digest: '满 99 元包邮，下单后 48 小时内发货。', author: '客服中心' },
];

/**
 * The kf accounts the app's agents send as (`--kf-account`), those WeChat could have created: an
 * account it could not is refused on sending (65401), as WeChat would.
 */
async function kfAccountsOf(appId: string): Promise<string[]> {
  const agents = await Promise.all((await listAppMemberIds(appId)).map((agentId) => getAgent(agentId)));
  const accounts = agents.flatMap((agent) => (agent?.kfAccount ? [agent.kfAccount] : []));
  return [...new Set(accounts.filter(isKfAccount))];
}
