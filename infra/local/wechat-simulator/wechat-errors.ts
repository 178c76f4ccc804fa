/**
 * WeChat's error answers: `{errcode, errmsg}` with HTTP 200, errmsg ending in ` rid: …` as on the real
 * service. Codes come from WECHAT.md §6.3/§7/§8; where it is silent, from WeChat's global error-code list
 * (marked below), so the platform meets the codes it would meet in production.
 */
import { newRid } from './ids.ts';

export interface WeChatErrorBody {
  errcode: number;
  errmsg: string;
}

export class WeChatApiError extends Error {
  constructor(
    readonly errcode: number,
    readonly errmsg: string,
  ) {
    super(`${errcode} ${errmsg}`);
    this.name = 'WeChatApiError';
  }

  toBody(): WeChatErrorBody {
    return { errcode: this.errcode, errmsg: `${this.errmsg} rid: ${newRid()}` };
  }
}

const error = (errcode: number, errmsg: string) => () => new WeChatApiError(errcode, errmsg);

export const errors = {
  systemBusy: error(-1, 'system error'),
  invalidAppSecret: error(40001, 'invalid appsecret'),
  invalidCredential: error(
    40001,
    'invalid credential, access_token is invalid or not latest, could get access_token by getStableAccessToken',
  ),
  invalidGrantType: error(40002, 'invalid grant_type'),
  invalidOpenId: error(40003, 'invalid openid'),
  invalidMediaType: error(40004, 'invalid media type'),
  /** Global list: 不合法的文件类型 (content that is not what `type` says). */
  invalidFileType: error(40005, 'invalid file type'),
  invalidMediaId: error(40007, 'invalid media_id'),
  invalidMessageType: error(40008, 'invalid message type'),
  /** Global list: 40009 image, 40010 voice, 40011 video, 40012 thumb size. */
  invalidImageSize: error(40009, 'invalid image size'),
  invalidVoiceSize: error(40010, 'invalid voice size'),
  invalidVideoSize: error(40011, 'invalid video size'),
  invalidThumbSize: error(40012, 'invalid thumb size'),
  invalidAppId: error(40013, 'invalid appid'),
  invalidAccessToken: error(40014, 'invalid access_token'),
  /** What getStableAccessToken answers to a wrong secret (community reports; WECHAT.md is silent). */
  stableInvalidAppSecret: error(40125, 'invalid appsecret'),
  /**
   * The caller's address is not in the app's API IP whitelist; WeChat names the address it saw, as
   * IPv4 and IPv4-mapped IPv6 (developers.weixin.qq.com/community/develop/doc/000aecf711cf80b01e53be0e161400).
   */
  ipNotWhitelisted: (ip: string) =>
    new WeChatApiError(40164, `invalid ip ${ip} ipv6 ::ffff:${ip}, not in whitelist`),
  /**
   * The AppSecret is frozen in WeChat's console: no access token can be fetched with it
   * (developers.weixin.qq.com/doc/service/guide/dev/api). The errmsg is not documented; ours.
   */
  appSecretFrozen: error(40243, 'appsecret is frozen'),
  accessTokenMissing: error(41001, 'access_token missing'),
  /** Global list: 缺少appid参数 / 缺少secret参数. */
  appIdMissing: error(41002, 'appid missing'),
  appSecretMissing: error(41004, 'appsecret missing'),
  /** Global list: 缺少多媒体文件数据. */
  mediaDataMissing: error(41005, 'media data missing'),
  /** Global list: 缺少 media_id 参数. */
  mediaIdMissing: error(41006, 'media_id missing'),
  accessTokenExpired: error(42001, 'access_token expired'),
  requireGet: error(43001, 'require GET method'),
  requirePost: error(43002, 'require POST method'),
  emptyPostData: error(44002, 'empty post data'),
  /** Global list: news message without articles. */
  emptyNewsData: error(44003, 'empty news data'),
  /** Global list: text message with empty content. */
  emptyContent: error(44004, 'empty content'),
  contentSizeOutOfLimit: error(45002, 'content size out of limit'),
  /** sendCustomMessage: a news message with more than one article. */
  articleSizeOutOfLimit: error(45008, 'article size out of limit'),
  /** The daily quota of an API, e.g. stable_token's 20 forced refreshes a day (community-reported errmsg). */
  dailyQuotaReached: error(45009, 'reach max api daily quota limit'),
  outOfTimeLimit: error(45015, 'response out of time limit or subscription is canceled'),
  outOfResponseCount: error(45047, 'out of response count limit'),
  typingCommandInvalid: error(45072, 'command invalid'),
  /** WECHAT.md §7: no message interaction with the user within the last 30 s. */
  typingNoRecentInteraction: error(45080, 'has not interacted with user in 30 seconds'),
  typingAlready: error(45081, 'user is already in typing'),
  dataFormatError: error(47001, 'data format error'),
  /**
   * freepublish/batchget with an offset or count it does not take (community-reported,
   * developers.weixin.qq.com/community/personal/oCJUsw-_I05HxGU2u8ltkiGIWYNY/question).
   */
  invalidArgs: error(40097, 'invalid args'),
  /**
   * An API the account may not call: publishing needs a verified Official Account
   * (developers.weixin.qq.com/community/develop/doc/000408e32484089db0b34889f61400); a Mini Program has none.
   */
  apiUnauthorized: error(48001, 'api unauthorized'),
  /** freepublish/getarticle's code for an article_id the account has not published (Get_article_from_id). */
  invalidArticleId: error(53600, 'Article ID 无效'),
  /** The customer-service APIs' code for a kf_account the account does not have. */
  invalidKfAccount: error(65401, 'invalid custom service account'),
} satisfies Record<string, (...details: string[]) => WeChatApiError>;
