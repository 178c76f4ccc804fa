/**
 * What custom/send accepts (WECHAT.md §6.1): which msgtypes each kind of app may send, the fields each
 * one needs, the text limit (2048 UTF-8 bytes, 45002), that referenced temporary media exist (40007) and
 * that an Official Account's `customservice.kf_account` is one of its customer-service accounts (65401).
 * Window and quota are not checked here (service-window.ts): WeChat validates the message first.
 *
 * Fields per msgtype follow sendCustomMessage for Official Accounts
 * (developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage) and for Mini Programs
 * (developers.weixin.qq.com/miniprogram/dev/api-backend/open-api/customer-message/customerServiceMessage.send.html).
 * Neither page says that unknown top-level or message fields are refused, so the simulator, like
 * WeChat as far as it is documented, ignores them.
 */
import type { SimulatedApp } from './types.ts';
import { errors } from './wechat-errors.ts';

const MAX_TEXT_BYTES = 2048;
const MAX_NEWS_ARTICLES = 1;

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
  hasArticle: (articleId: string) => boolean,
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
  validateContent(app, msgtype, content, hasMedia);
  if (msgtype === 'mpnewsarticle' && !hasArticle(content.article_id as string)) {
    // sendCustomMessage documents no code for it; 53600 is what WeChat answers for an article_id the
    // account has not published elsewhere ("Article ID 无效", freepublish/getarticle,
    // developers.weixin.qq.com/doc/offiaccount/Publish/Get_article_from_id.html).
    throw errors.invalidArticleId();
  }
  if (app.type === 'official-account') {
    validateKfAccount(app, body.customservice);
  }
  // A Mini Program's customerServiceMessage.send has no `customservice`: like any unknown field, it is ignored.
  return { touser, msgtype, body };
}

function validateContent(
  app: SimulatedApp,
  msgtype: string,
  content: Record<string, unknown>,
  hasMedia: (mediaId: string) => boolean,
): void {
  const fields = new Fields(content, hasMedia);
  switch (msgtype) {
    case 'text': {
      fields.strings('content');
      const text = content.content as string;
      if (text === '') throw errors.emptyContent();
      if (Buffer.byteLength(text, 'utf8') > MAX_TEXT_BYTES) throw errors.contentSizeOutOfLimit();
      break;
    }
    case 'image':
    case 'voice':
      fields.media('media_id');
      break;
    case 'video':
      fields.media('media_id');
      // Optional: WeChat's own example carries it, but the community reports sends failing because of it
      // (developers.weixin.qq.com/community/personal/oCJUswzTEg6LoBVJgDsT1HNda-Fk/question).
      fields.optionalMedia('thumb_media_id');
      fields.optionalStrings('title', 'description');
      break;
    case 'link':
      // Mini Programs only (OFFICIAL_ACCOUNT_TYPES has no link). All four fields are required
      // ("Required: Yes", customerServiceMessage.send,
      // developers.weixin.qq.com/miniprogram/en/dev/api-backend/open-api/customer-message/customerServiceMessage.send.html).
      // WeChat documents no errcode for a missing or empty one; 47001 (data format error) is ours.
      fields.nonEmptyStrings('title', 'description', 'url', 'thumb_url');
      break;
    case 'miniprogrampage':
      fields.strings('title', 'pagepath');
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
      fields.media('thumb_media_id');
      break;
    case 'music':
      fields.nonEmptyStrings('musicurl', 'hqmusicurl');
      fields.media('thumb_media_id');
      fields.optionalStrings('title', 'description');
      break;
    case 'news':
      validateNews(content.articles);
      break;
    case 'mpnews':
      // Permanent material (素材管理), which the simulator does not keep: only its presence is checked.
      fields.mediaIdPresent('media_id');
      break;
    case 'mpnewsarticle':
      // A published article (发布能力): "使用通过 “发布” 系列接口得到的 article_id" (sendCustomMessage).
      fields.nonEmptyStrings('article_id');
      break;
    case 'msgmenu':
      validateMenu(content);
      break;
    case 'wxcard':
      fields.nonEmptyStrings('card_id');
      break;
  }
}

/**
 * An Official Account may send as one of its customer-service accounts (客服账号, `prefix@wechat-id`,
 * added in WeChat's console or with kfaccount/add). WeChat answers an account it does not have with
 * 65401 "invalid custom service account", the code its customer-service APIs document for it
 * (createkfsession, developers.weixin.qq.com/doc/service/api/customer/messctrl/api_createkfsession;
 * delkfaccount, developers.weixin.qq.com/doc/service/api/customer/servicermanage/api_delkfaccount.html);
 * sendCustomMessage's own page lists no code for it.
 */
function validateKfAccount(app: SimulatedApp, customservice: unknown): void {
  if (customservice === undefined) return;
  if (!isObject(customservice) || typeof customservice.kf_account !== 'string') {
    throw errors.dataFormatError();
  }
  if (!(app.kfAccounts ?? []).includes(customservice.kf_account)) throw errors.invalidKfAccount();
}

/**
 * News (图文消息, links out): one article at most since 2018, "如果图文数超过1，则将会返回错误码45008"
 * (blog.csdn.net/qq_37968920/article/details/83042840, quoting sendCustomMessage for Official Accounts);
 * none at all is the global list's 44003 empty news data. Which article fields are required is not
 * documented, so only their shape is checked.
 */
function validateNews(articles: unknown): void {
  if (!Array.isArray(articles) || articles.length === 0) throw errors.emptyNewsData();
  if (articles.length > MAX_NEWS_ARTICLES) throw errors.articleSizeOutOfLimit();
  for (const article of articles) {
    if (!isObject(article)) throw errors.dataFormatError();
    new Fields(article, () => false).optionalStrings('title', 'description', 'url', 'picurl');
  }
}

/**
 * A menu message: `head_content`, `list` of `{id, content}` options, `tail_content`. Official Accounts'
 * sendCustomMessage documents the shape but no limits and no errcode, so the simulator refuses only a
 * menu without options or an option without id or text (47001) and takes head and tail as optional.
 * (The same message of WeCom's customer-service API, developer.work.weixin.qq.com/document/path/94677,
 * documents ids of 1–64 and texts of 1–128 bytes; those limits are not WeChat's to apply here.)
 */
function validateMenu(menu: Record<string, unknown>): void {
  const fields = new Fields(menu, () => false);
  fields.optionalStrings('head_content', 'tail_content');
  const { list } = menu;
  if (!Array.isArray(list) || list.length === 0) throw errors.dataFormatError();
  for (const option of list) {
    if (!isObject(option)) throw errors.dataFormatError();
    new Fields(option, () => false).nonEmptyStrings('id', 'content');
  }
}

/** Checks of one message object's fields, each throwing WeChat's errcode. */
class Fields {
  readonly content: Record<string, unknown>;
  readonly hasMedia: (mediaId: string) => boolean;

  constructor(content: Record<string, unknown>, hasMedia: (mediaId: string) => boolean) {
    this.content = content;
    this.hasMedia = hasMedia;
  }

  strings(...names: string[]): void {
    for (const name of names) {
      if (typeof this.content[name] !== 'string') throw errors.dataFormatError();
    }
  }

  nonEmptyStrings(...names: string[]): void {
    this.strings(...names);
    for (const name of names) {
      if ((this.content[name] as string).trim() === '') throw errors.dataFormatError();
    }
  }

  optionalStrings(...names: string[]): void {
    for (const name of names) {
      const value = this.content[name];
      if (value !== undefined && typeof value !== 'string') throw errors.dataFormatError();
    }
  }

  /** Missing or empty is the global list's 41006 缺少media_id参数; unknown or expired is 40007. */
  media(name: string): void {
    this.mediaIdPresent(name);
    if (!this.hasMedia(this.content[name] as string)) throw errors.invalidMediaId();
  }

  optionalMedia(name: string): void {
    if (this.content[name] !== undefined) this.media(name);
  }

  mediaIdPresent(name: string): void {
    const mediaId = this.content[name];
    if (mediaId === undefined || mediaId === '') throw errors.mediaIdMissing();
    if (typeof mediaId !== 'string') throw errors.invalidMediaId();
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
