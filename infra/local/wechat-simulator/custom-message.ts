/**
 * What custom/send accepts (WECHAT.md §6.1): which msgtypes each kind of app may send, the fields each
 * one needs, the text limit (2048 UTF-8 bytes, 45002) and that referenced temporary media exist (40007).
 * Window and quota are not checked here (service-window.ts): WeChat validates the message first.
 */
import type { SimulatedApp } from './types.ts';
import { errors } from './wechat-errors.ts';

const MAX_TEXT_BYTES = 2048;

const MINI_PROGRAM_TYPES = new Set(['text', 'image', 'link', 'miniprogrampage']);
const OFFICIAL_ACCOUNT_TYPES = new Set([
  'text',
  'image',
  'voice',
  'video',
  'music',
  'news',
  'mpnews',
  'mpnewsarticle',
  'msgmenu',
  'wxcard',
  'miniprogrampage',
]);

export interface CustomMessage {
  touser: string;
  msgtype: string;
  body: Record<string, unknown>;
}

/** Parses the raw body: 44002 when empty, 47001 when not a JSON object. */
export function parseJsonBody(raw: string): Record<string, unknown> {
  if (raw.trim() === '') {
    throw errors.emptyPostData();
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw errors.dataFormatError();
  }
  if (!isObject(parsed)) {
    throw errors.dataFormatError();
  }
  return parsed;
}

/**
 * Checks a custom/send body against the app's rules. `hasMedia` says whether a media_id is live
 * temporary media of this app. `touser` is only shape-checked; whether it is a customer is the caller's.
 */
export function validateCustomMessage(
  app: SimulatedApp,
  body: Record<string, unknown>,
  hasMedia: (mediaId: string) => boolean,
): CustomMessage {
  const { touser, msgtype } = body;
  if (typeof touser !== 'string' || touser === '') {
    throw errors.invalidOpenId();
  }
  const allowed = app.type === 'miniprogram' ? MINI_PROGRAM_TYPES : OFFICIAL_ACCOUNT_TYPES;
  if (typeof msgtype !== 'string' || !allowed.has(msgtype)) {
    throw errors.invalidMessageType();
  }
  const content = body[msgtype];
  if (!isObject(content)) {
    throw errors.dataFormatError();
  }
  const media = (field: string, required = true) => {
    const mediaId = content[field];
    if (mediaId === undefined && !required) return;
    if (typeof mediaId !== 'string' || !hasMedia(mediaId)) {
      throw errors.invalidMediaId();
    }
  };
  const strings = (...fields: string[]) => {
    for (const field of fields) {
      if (typeof content[field] !== 'string') {
        throw errors.dataFormatError();
      }
    }
  };

  switch (msgtype) {
    case 'text': {
      strings('content');
      const text = content.content as string;
      if (text === '') throw errors.emptyContent();
      if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) throw errors.contentSizeOutOfLimit();
      break;
    }
    case 'image':
    case 'voice':
      media('media_id');
      break;
    case 'video':
      media('media_id');
      media('thumb_media_id', false);
      break;
    case 'link':
      // Mini Programs only (OFFICIAL_ACCOUNT_TYPES has no link). All four fields are required
      // ("Required: Yes", customerServiceMessage.send,
      // developers.weixin.qq.com/miniprogram/en/dev/api-backend/open-api/customer-message/customerServiceMessage.send.html).
      // WeChat documents no errcode for a missing or empty one; 47001 (data format error) is ours.
      strings('title', 'description', 'url', 'thumb_url');
      for (const field of ['title', 'description', 'url', 'thumb_url']) {
        if ((content[field] as string).trim() === '') throw errors.dataFormatError();
      }
      break;
    case 'miniprogrampage':
      strings('title', 'pagepath');
      if (app.type === 'official-account') {
        // An Official Account's card must name a Mini Program linked to it: "发送小程序卡片（要求小程序与
        // 公众号已关联）" (sendCustomMessage, developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage,
        // quoted in developers.weixin.qq.com/community/develop/doc/000c0ea950c09063f79bc01ee59400). The errcodes
        // for this case are not documented; these are the global list's 41002 缺少appid参数 and 40013 不合法的appid.
        // A Mini Program's card is always of itself: its customerServiceMessage.send has no appid.
        const appid = content.appid;
        if (appid === undefined || appid === '') throw errors.appIdMissing();
        if (typeof appid !== 'string') throw errors.dataFormatError();
        if (!(app.linkedMiniPrograms ?? []).includes(appid)) throw errors.invalidAppId();
      }
      media('thumb_media_id');
      break;
    case 'music':
      strings('musicurl', 'hqmusicurl');
      media('thumb_media_id');
      break;
    case 'news':
      if (!Array.isArray(content.articles) || content.articles.length === 0) throw errors.emptyNewsData();
      break;
    case 'mpnews':
      strings('media_id');
      break;
    case 'mpnewsarticle':
      strings('article_id');
      break;
    case 'msgmenu':
      if (!Array.isArray(content.list)) throw errors.dataFormatError();
      break;
    case 'wxcard':
      strings('card_id');
      break;
  }
  return { touser, msgtype, body };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
