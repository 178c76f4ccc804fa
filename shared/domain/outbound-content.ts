/**
 * What an agent may send, checked before anything is written: WeChat would refuse the rest, and the
 * agent deserves the reason now rather than a failed message later.
 */
import type { WeChatApp } from './app.ts';
import { menuLimits } from './menu-limits.ts';
import type { MessageContent } from './message.ts';
import { articleLimits } from './published-article.ts';

/**
 * WeChat documents no limit for customer-service text; 2048 UTF-8 bytes is the measured one
 * (WECHAT.md §6.3). Longer text is refused, not split: each part would use one of the customer's
 * five messages, which is the agent's decision to make.
 */
export const maxTextBytes = 2048;

export type SendableContent = Extract<
  MessageContent,
  { type: 'text' | 'image' | 'miniprogrampage' | 'link' | 'menu' | 'voice' | 'video' | 'article' }
>;

/** Why a send is refused: a stable `code` for the console (its words in web/src/locales), and a sentence. */
export interface OutboundProblem {
  code?: OutboundProblemCode;
  sentence: string;
}

/** Refusals the console words itself (zh-CN and en), as each is a setting to fix rather than a typo. */
export type OutboundProblemCode =
  | 'miniprogram_appid_required'
  | 'miniprogram_not_linked'
  | 'link_card_incomplete'
  | 'menu_official_account_only'
  | 'voice_video_official_account_only'
  | 'article_official_account_only';

const plain = (sentence: string): OutboundProblem => ({ sentence });

const isHttpUrl = (value: string | undefined) => value !== undefined && /^https?:\/\/\S+$/.test(value.trim());

/**
 * What WeChat would refuse of this content from this app, checked against WeChat's documentation:
 * - An Official Account's Mini Program card must name (`appid`) a Mini Program linked to the account
 *   ("发送小程序卡片（要求小程序与公众号已关联）", sendCustomMessage for Official Accounts,
 *   developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage; the section is quoted
 *   in developers.weixin.qq.com/community/develop/doc/000c0ea950c09063f79bc01ee59400). A Mini Program's
 *   card is always of itself: its customerServiceMessage.send has no `appid`.
 * - A Mini Program's link card needs all four of title, description, url and thumb_url ("Required: Yes"
 *   for each, customerServiceMessage.send,
 *   developers.weixin.qq.com/miniprogram/en/dev/api-backend/open-api/customer-message/customerServiceMessage.send.html).
 *   An Official Account has no `link` message: its link card is the one-article `news` ("图文消息（点击
 *   跳转到外链）", sendCustomMessage; one article since 2018, 45008 beyond), whose title, description,
 *   url and picurl carry the same four, held to the same rule so that nothing goes out half empty.
 */
export function problemWithOutbound(
  content: MessageContent,
  app: Pick<WeChatApp, 'type' | 'linkedMiniPrograms'>,
): OutboundProblem | undefined {
  switch (content.type) {
    case 'text': {
      if (content.text.trim() === '') return plain('The message is empty.');
      const bytes = Buffer.byteLength(content.text, 'utf8');
      if (bytes > maxTextBytes) {
        return plain(
          `The message is ${bytes} bytes long; WeChat accepts at most ${maxTextBytes} bytes (about 680 Chinese characters).`,
        );
      }
      return undefined;
    }
    case 'image':
      return content.storageKey ? undefined : plain('Upload the image first.');
    case 'miniprogrampage': {
      if (!content.title.trim()) return plain('A Mini Program card needs a title.');
      if (!content.pagePath.trim()) return plain('A Mini Program card needs a page path.');
      if (!content.thumbStorageKey) return plain('A Mini Program card needs a cover image.');
      if (app.type !== 'official-account') return undefined;
      const linked = app.linkedMiniPrograms ?? [];
      const appId = content.appId?.trim();
      if (!appId) {
        return {
          code: 'miniprogram_appid_required',
          sentence:
            linked.length === 0
              ? 'This Official Account has no linked Mini Program: an owner adds the Mini Programs linked to it in WeChat to the app’s settings first.'
              : 'Choose the Mini Program the card opens: an Official Account’s card must name one linked to it.',
        };
      }
      if (!linked.includes(appId)) {
        return {
          code: 'miniprogram_not_linked',
          sentence: `The Mini Program ${appId} is not linked to this Official Account; choose one of its linked Mini Programs.`,
        };
      }
      return undefined;
    }
    case 'link':
      if (
        !content.title.trim() ||
        !content.description?.trim() ||
        !isHttpUrl(content.url) ||
        !isHttpUrl(content.thumbUrl)
      ) {
        return {
          code: 'link_card_incomplete',
          sentence:
            'A link card needs a title, a description, an http(s) address and an http(s) thumbnail address: WeChat refuses it without any of them.',
        };
      }
      return undefined;
    case 'menu':
      return problemWithMenu(content, app);
    case 'voice':
    case 'video':
      // An Official Account's sendCustomMessage has voice and video; a Mini Program's
      // customerServiceMessage.send has text, image, link and miniprogrampage only.
      if (app.type !== 'official-account') {
        return {
          code: 'voice_video_official_account_only',
          sentence:
            'Only Official Accounts can send voice and video: a Mini Program’s customer-service messages have neither.',
        };
      }
      return content.storageKey ? undefined : plain(`Upload the ${content.type} first.`);
    case 'article':
      return problemWithArticle(content, app);
    default:
      return plain(`Agents cannot send ${content.type} messages.`);
  }
}

const bytesOf = (text: string) => Buffer.byteLength(text, 'utf8');

/** A menu message (`msgmenu`) exists for Official Accounts only; its limits are menuLimits'. */
function problemWithMenu(
  menu: Extract<MessageContent, { type: 'menu' }>,
  app: Pick<WeChatApp, 'type'>,
): OutboundProblem | undefined {
  if (app.type !== 'official-account') {
    return {
      code: 'menu_official_account_only',
      sentence:
        'Only Official Accounts can send menu messages: a Mini Program’s customer-service messages have no menus.',
    };
  }
  if (!menu.head.trim()) return plain('A menu message needs a question above its options.');
  if (bytesOf(menu.head) > menuLimits.headBytes) {
    return plain(`The text above the options is over ${menuLimits.headBytes} bytes (UTF-8).`);
  }
  if (bytesOf(menu.tail) > menuLimits.tailBytes) {
    return plain(`The text below the options is over ${menuLimits.tailBytes} bytes (UTF-8).`);
  }
  if (menu.options.length === 0) return plain('A menu message needs at least one option.');
  if (menu.options.length > menuLimits.options) {
    return plain(`A menu message has at most ${menuLimits.options} options.`);
  }
  const ids = new Set<string>();
  for (const [index, option] of menu.options.entries()) {
    if (!option.text.trim()) return plain(`Option ${index + 1} has no text.`);
    if (bytesOf(option.text) > menuLimits.optionTextBytes) {
      return plain(`Option ${index + 1} is over ${menuLimits.optionTextBytes} bytes (UTF-8).`);
    }
    if (!menuLimits.optionIdPattern.test(option.id)) {
      return plain(`Option ${index + 1} needs an id of 1 to 64 letters, digits, - or _.`);
    }
    if (ids.has(option.id)) return plain(`Two options have the id ${option.id}; each needs its own.`);
    ids.add(option.id);
  }
  return undefined;
}

/**
 * A published article (WeChat's `mpnewsarticle`, "发送图文消息（点击跳转到图文消息页面）使用通过 “发布”
 * 系列接口得到的 article_id", sendCustomMessage for Official Accounts,
 * developers.weixin.qq.com/doc/service/api/customer/message/api_sendcustommessage) is an Official
 * Account's only: a Mini Program's customerServiceMessage.send has text, image, link and
 * miniprogrampage. The older `mpnews` (a permanent news material's media_id) is not offered: articles
 * moved from the material library to drafts and publishing, whose article_id replaces the news
 * media_id ("不再支持图文消息类型的media_id，需要进行修改和替换成新的article_id",
 * developers.weixin.qq.com/community/develop/doc/0008ee5555c8c8dc35fc3b38e51800), and a published
 * article's id sent as `mpnews` is refused ("invalid media_id … article_id 应使用 mpnewsarticle 消息类型下发",
 * developers.weixin.qq.com/community/minihome/doc/0008a2459f8ba825d51252f3865c00).
 */
function problemWithArticle(
  article: Extract<MessageContent, { type: 'article' }>,
  app: Pick<WeChatApp, 'type'>,
): OutboundProblem | undefined {
  if (app.type !== 'official-account') {
    return {
      code: 'article_official_account_only',
      sentence:
        'Only Official Accounts can send their published articles: a Mini Program’s customer-service messages have no articles.',
    };
  }
  if (!articleLimits.idPattern.test(article.articleId)) {
    return plain('Choose one of the account’s published articles: the article id is not one WeChat gives.');
  }
  if (!article.title.trim()) return plain('An article card needs the article’s title.');
  if (article.coverUrl !== undefined && !isHttpUrl(article.coverUrl)) {
    return plain('The article’s cover must be an http(s) address.');
  }
  if (article.url !== undefined && !isHttpUrl(article.url)) {
    return plain('The article’s address must be an http(s) address.');
  }
  return undefined;
}
