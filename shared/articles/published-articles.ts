import type { OutboundProblemCode } from '../domain/outbound-content.ts';
import { type Actor, decideArticleListing } from '../domain/permissions.ts';
import type { PublishedArticlePage } from '../domain/published-article.ts';
import { logger } from '../observability/logger.ts';
import { getAppCached } from '../store/app-cache.ts';
import { WeChatApiError } from '../wechat/api-client.ts';
import { callWeChat } from '../wechat/wechat-call.ts';
import { wechatContext } from '../wechat/wechat-context.ts';

export type ArticleListing =
  | { outcome: 'listed'; page: PublishedArticlePage }
  | { outcome: 'not_found'; sentence: string }
  | { outcome: 'invalid'; code: OutboundProblemCode; sentence: string }
  | { outcome: 'wechat_failed'; errcode?: number; sentence: string };

/**
 * A page is kept this long by a warm function: agents of an account open the picker again and again,
 * while an account publishes a few times a day at most (and an article published a minute ago can wait).
 */
const freshForMs = 60_000;
const pages = new Map<string, { page: PublishedArticlePage; loadedAt: number }>();

/**
 * The account's published articles, `count` from `offset`, newest publications first as WeChat
 * lists them: what an agent picks an article to send from (freepublish/batchget).
 */
export async function listPublishedArticles(
  actor: Actor,
  appId: string,
  offset: number,
  count: number,
  now = Date.now(),
): Promise<ArticleListing> {
  const app = await getAppCached(appId, now);
  if (!app || !decideArticleListing(actor, app).allowed) {
    return { outcome: 'not_found', sentence: `The WeChat app ${appId} does not exist.` };
  }
  if (app.type !== 'official-account') {
    return {
      outcome: 'invalid',
      code: 'article_official_account_only',
      sentence: 'Only Official Accounts publish articles: a Mini Program has none to send.',
    };
  }
  const key = `${appId}\n${offset}\n${count}`;
  const cached = pages.get(key);
  if (cached && now - cached.loadedAt < freshForMs) return { outcome: 'listed', page: cached.page };
  const context = wechatContext();
  try {
    // An agent waits for the list: one quick retry at most, then the reason.
    const page = await callWeChat(app, { ...context, retryDelaysMs: [250] }, (token) =>
      context.wechat.listPublishedArticles(token, offset, count),
    );
    pages.set(key, { page, loadedAt: now });
    return { outcome: 'listed', page };
  } catch (error) {
    logger.warn('published articles not listed', {
      appId,
      error: error instanceof Error ? error.message : String(error),
    });
    if (error instanceof WeChatApiError) {
      return {
        outcome: 'wechat_failed',
        errcode: error.errcode,
        sentence:
          error.errcode === 48001
            ? 'WeChat does not let this Official Account list its published articles (error 48001): publishing through the API needs a verified account.'
            : `WeChat refused to list the published articles (error ${error.errcode}).`,
      };
    }
    return { outcome: 'wechat_failed', sentence: 'WeChat did not answer; try again in a moment.' };
  }
}
