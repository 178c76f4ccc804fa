/**
 * What WeChat's error codes mean for us (WECHAT.md §6.3): whether trying again can help, whether the
 * access token must be refreshed, and a sentence an agent understands.
 */

export type ErrorHandling = 'retry' | 'refresh-token' | 'give-up';

const tokenInvalid = new Set([40001, 40014, 42001]);

/**
 * 40164 ("invalid ip, not in whitelist") and 61004 ("access clientip is not registered"): the app's
 * IP whitelist is on and the platform's address is not on it. Only an administrator can fix it.
 */
const ipNotWhitelisted =
  "WeChat refused the message: this system's IP address is not on the app's IP whitelist (IP白名单). " +
  'An administrator must add it in WeChat’s developer settings, then send the message again.';

const sentences: Record<number, string> = {
  [-1]: 'WeChat was busy and did not take the message.',
  40001: "WeChat refused the app's access token.",
  40003:
    'WeChat does not know this customer for this app (wrong openid, or they no longer follow the account).',
  40007: 'The image or card cover expired on WeChat; upload it again.',
  40013: 'WeChat refused the Mini Program AppID of the card: it is not one linked to this Official Account.',
  40014: "WeChat refused the app's access token.",
  41002: 'WeChat refused the card: an Official Account’s Mini Program card must name a linked Mini Program.',
  42001: "The app's access token had expired.",
  43004: 'The customer no longer follows the Official Account.',
  44002: 'The message was empty.',
  45002: 'The message is longer than WeChat accepts.',
  45009: "The app has used up today's WeChat API quota.",
  45015: "WeChat's 48-hour reply window has closed; the customer has to write again first.",
  45047: 'WeChat allows no more messages until the customer writes again.',
  47001: 'WeChat could not read the message.',
  // subscribe/send and subscribe/bizsend (follow-up.ts).
  40037: "WeChat refused the follow-up: the app's subscribe-message template id is wrong.",
  43101: 'The customer has no subscription left (or turned the notices off), so WeChat did not notify them.',
  47003: "WeChat refused the follow-up: the template's fields do not fit what WeChat expects.",
  48001: 'The app is not allowed to use customer-service messages.',
  // "Article ID 无效" (freepublish/getarticle, developers.weixin.qq.com/doc/offiaccount/Publish/Get_article_from_id.html).
  53600: 'WeChat no longer has this article: it was deleted or never published by this Official Account.',
  40164: ipNotWhitelisted,
  61004: ipNotWhitelisted,
};

export function handlingOf(errcode: number): ErrorHandling {
  if (errcode === -1) return 'retry';
  if (tokenInvalid.has(errcode)) return 'refresh-token';
  return 'give-up';
}

export function sentenceFor(errcode: number): string {
  return sentences[errcode] ?? `WeChat refused the message (error ${errcode}).`;
}
