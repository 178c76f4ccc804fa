/**
 * The WeChat server APIs the platform calls. The base URL is configuration (`WECHAT_API_BASE`), so
 * the local simulator and the real WeChat are used the same way. Access tokens travel in URLs, so no
 * URL ever goes into an error message or a log line.
 */

import type { PublishedArticle, PublishedArticlePage } from '../domain/published-article.ts';

export const defaultWeChatApiBase = 'https://api.weixin.qq.com';

/** WeChat answered with a non-zero errcode. */
export class WeChatApiError extends Error {
  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`WeChat ${api} answered errcode ${errcode}`);
    this.name = 'WeChatApiError';
  }
}

/** No usable answer (network failure, timeout, HTTP error): trying again may help. */
export class WeChatUnavailableError extends Error {
  constructor(
    readonly api: string,
    reason: string,
  ) {
    super(`WeChat ${api} did not answer: ${reason}`);
    this.name = 'WeChatUnavailableError';
  }
}

export interface AccessToken {
  accessToken: string;
  /** Seconds the token stays valid, as WeChat says. */
  expiresIn: number;
}

export type CustomMessage =
  | { msgtype: 'text'; text: { content: string } }
  | { msgtype: 'image'; image: { media_id: string } }
  | { msgtype: 'voice'; voice: { media_id: string } }
  | { msgtype: 'video'; video: { media_id: string; title?: string; description?: string } }
  | { msgtype: 'link'; link: { title: string; description: string; url: string; thumb_url: string } }
  | {
      msgtype: 'news';
      news: { articles: [{ title: string; description: string; url: string; picurl: string }] };
    }
  | {
      msgtype: 'miniprogrampage';
      miniprogrampage: { title: string; pagepath: string; thumb_media_id: string; appid?: string };
    }
  | {
      msgtype: 'msgmenu';
      msgmenu: { head_content: string; list: { id: string; content: string }[]; tail_content?: string };
    }
  | { msgtype: 'mpnewsarticle'; mpnewsarticle: { article_id: string } };

/**
 * A subscribe message: a Mini Program's subscribe/send (subscribeMessage.send,
 * developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html)
 * or an Official Account's subscribe/bizsend (developers.weixin.qq.com/doc/service/en/api/notify/notify/api_sendnewsubscribemsg.html).
 */
export interface SubscribeMessage {
  template_id: string;
  data: Record<string, { value: string }>;
  page?: string;
}

export type TempMediaType = 'image' | 'voice' | 'video';

const extensions: Record<string, string> = { 'audio/amr': 'amr', 'audio/mpeg': 'mp3', 'video/mp4': 'mp4' };

export interface DownloadedMedia {
  bytes: Buffer;
  contentType: string;
}

/**
 * What media/get answers: the file itself, or, for a video, JSON naming where to download it
 * (`{"video_url": "DOWN_URL"}`, getMedia, developers.weixin.qq.com/doc/service/api/material/temporary/api_getmedia).
 */
export type MediaGetAnswer = DownloadedMedia | { videoUrl: string };

export interface WeChatApi {
  stableToken(appId: string, secret: string, forceRefresh: boolean): Promise<AccessToken>;
  sendCustomMessage(
    accessToken: string,
    toOpenId: string,
    message: CustomMessage,
    kfAccount?: string,
  ): Promise<void>;
  setTyping(accessToken: string, toOpenId: string, typing: boolean): Promise<void>;
  sendSubscribeMessage(
    accessToken: string,
    appType: 'miniprogram' | 'official-account',
    toOpenId: string,
    message: SubscribeMessage,
  ): Promise<void>;
  /** media/upload: temporary media of that type (image, voice or video), its media_id. */
  uploadMedia(accessToken: string, type: TempMediaType, bytes: Buffer, contentType: string): Promise<string>;
  downloadMedia(accessToken: string, mediaId: string): Promise<MediaGetAnswer>;
  /** freepublish/batchget: `count` (1 to 20) of the account's publications from `offset`. */
  listPublishedArticles(accessToken: string, offset: number, count: number): Promise<PublishedArticlePage>;
}

interface WeChatReply {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

/**
 * freepublish/batchget's answer: `{total_count, item_count, item: [{article_id, update_time, content:
 * {news_item: [{title, digest, thumb_url, url, is_deleted, …}]}}]}`
 * (developers.weixin.qq.com/doc/service/api/public/api_freepublish_batchget.html). A publication is
 * sent by its `article_id` and shown by its first article; one whose articles were all deleted is left out.
 */
function publishedArticlePage(reply: WeChatReply, offset: number): PublishedArticlePage {
  const items = Array.isArray(reply.item) ? (reply.item as unknown[]) : [];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const articles = items.flatMap((item): PublishedArticle[] => {
    if (typeof item !== 'object' || item === null) return [];
    const { article_id: articleId, update_time: updateTime, content } = item as Record<string, unknown>;
    const news = (content as { news_item?: unknown } | undefined)?.news_item;
    const first = (Array.isArray(news) ? news : []).find(
      (entry): entry is Record<string, unknown> =>
        typeof entry === 'object' && entry !== null && entry.is_deleted !== true,
    );
    if (typeof articleId !== 'string' || !first) return [];
    return [
      {
        articleId,
        title: text(first.title) ?? '',
        ...(text(first.digest) ? { digest: text(first.digest) } : {}),
        ...(text(first.thumb_url) ? { coverUrl: text(first.thumb_url) } : {}),
        ...(text(first.url) ? { url: text(first.url) } : {}),
        ...(typeof updateTime === 'number' ? { updatedAt: updateTime } : {}),
      },
    ];
  });
  const total = typeof reply.total_count === 'number' ? reply.total_count : offset + items.length;
  const next = offset + items.length;
  return { articles, total, ...(items.length > 0 && next < total ? { nextOffset: next } : {}) };
}

export function createWeChatApi(baseUrl: string, timeoutMs = 5000): WeChatApi {
  const base = baseUrl.replace(/\/+$/, '');

  async function call(api: string, path: string, init: RequestInit): Promise<Response> {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'network error';
      throw new WeChatUnavailableError(api, reason);
    }
    if (!response.ok) {
      await response.body?.cancel();
      throw new WeChatUnavailableError(api, `HTTP ${response.status}`);
    }
    return response;
  }

  async function callJson(api: string, path: string, init: RequestInit): Promise<WeChatReply> {
    const response = await call(api, path, init);
    let reply: WeChatReply;
    try {
      reply = (await response.json()) as WeChatReply;
    } catch {
      throw new WeChatUnavailableError(api, 'the answer was not JSON');
    }
    if (reply.errcode !== undefined && reply.errcode !== 0) {
      throw new WeChatApiError(api, reply.errcode, String(reply.errmsg ?? ''));
    }
    return reply;
  }

  const postJson = (body: unknown): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/json; charset=utf-8' },
    // WeChat wants unescaped Unicode, which JSON.stringify produces.
    body: JSON.stringify(body),
  });
  const withToken = (path: string, accessToken: string) =>
    `${path}?access_token=${encodeURIComponent(accessToken)}`;

  return {
    async stableToken(appId, secret, forceRefresh) {
      const reply = await callJson(
        'stable_token',
        '/cgi-bin/stable_token',
        postJson({ grant_type: 'client_credential', appid: appId, secret, force_refresh: forceRefresh }),
      );
      if (typeof reply.access_token !== 'string' || typeof reply.expires_in !== 'number') {
        throw new WeChatUnavailableError('stable_token', 'the answer had no access_token');
      }
      return { accessToken: reply.access_token, expiresIn: reply.expires_in };
    },

    async sendCustomMessage(accessToken, toOpenId, message, kfAccount) {
      await callJson(
        'custom_send',
        withToken('/cgi-bin/message/custom/send', accessToken),
        postJson({
          touser: toOpenId,
          ...message,
          ...(kfAccount ? { customservice: { kf_account: kfAccount } } : {}),
        }),
      );
    },

    async sendSubscribeMessage(accessToken, appType, toOpenId, message) {
      const [api, path] =
        appType === 'miniprogram'
          ? ['subscribe_send', '/cgi-bin/message/subscribe/send']
          : ['subscribe_bizsend', '/cgi-bin/message/subscribe/bizsend'];
      // The Mini Program's state and language are WeChat's defaults (formal, zh_CN).
      await callJson(api, withToken(path, accessToken), postJson({ touser: toOpenId, ...message }));
    },

    async setTyping(accessToken, toOpenId, typing) {
      await callJson(
        'typing',
        withToken('/cgi-bin/message/custom/typing', accessToken),
        postJson({ touser: toOpenId, command: typing ? 'Typing' : 'CancelTyping' }),
      );
    },

    async uploadMedia(accessToken, type, bytes, contentType) {
      const form = new FormData();
      const extension = extensions[contentType] ?? contentType.split('/')[1] ?? 'jpg';
      form.set('media', new Blob([bytes], { type: contentType }), `${type}.${extension}`);
      const reply = await callJson(
        'media_upload',
        `${withToken('/cgi-bin/media/upload', accessToken)}&type=${type}`,
        {
          method: 'POST',
          body: form,
        },
      );
      if (typeof reply.media_id !== 'string') throw new WeChatUnavailableError('media_upload', 'no media_id');
      return reply.media_id;
    },

    async downloadMedia(accessToken, mediaId) {
      const response = await call(
        'media_get',
        `${withToken('/cgi-bin/media/get', accessToken)}&media_id=${encodeURIComponent(mediaId)}`,
        { method: 'GET' },
      );
      const contentType = response.headers.get('content-type') ?? 'application/octet-stream';
      // Failures come back as JSON with HTTP 200, so the content type tells an error (or a video's
      // download address) from the file itself.
      if (contentType.includes('json') || contentType.startsWith('text/')) {
        const reply = (await response.json().catch(() => ({}))) as WeChatReply;
        if ((reply.errcode ?? 0) === 0 && typeof reply.video_url === 'string') {
          return { videoUrl: reply.video_url };
        }
        throw new WeChatApiError('media_get', reply.errcode ?? -1, String(reply.errmsg ?? ''));
      }
      return { bytes: Buffer.from(await response.arrayBuffer()), contentType };
    },

    async listPublishedArticles(accessToken, offset, count) {
      // no_content: the articles' HTML bodies are not needed to pick one, and can be large.
      const reply = await callJson(
        'freepublish_batchget',
        withToken('/cgi-bin/freepublish/batchget', accessToken),
        postJson({ offset, count, no_content: 1 }),
      );
      return publishedArticlePage(reply, offset);
    },
  };
}
