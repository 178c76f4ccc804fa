/**
 * What an agent may send, checked before anything is written: WeChat would refuse the rest, and the
 * agent deserves the reason now rather than a failed message later.
 */
import type { WeChatApp } from './app.ts';
import type { MessageContent } from './message.ts';

/**
 * WeChat documents no limit for customer-service text; 2048 UTF-8 bytes is the measured one
 * (WECHAT.md §6.3). Longer text is refused, not split: each part would use one of the customer's
 * five messages, which is the agent's decision to make.
 */
export const maxTextBytes = 2048;

export type SendableContent = Extract<
  MessageContent,
  { type: 'text' | 'image' | 'miniprogrampage' | 'link' }
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
  | 'link_card_incomplete';

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
 *   developers.weixin.qq.com/miniprogram/en/dev/api-backend/open-api/customer-message/customerServiceMessage.send.html);
 *   Official Accounts have no `link` message at all.
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
      if (app.type !== 'miniprogram') return plain('Only Mini Programs can send link cards.');
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
    default:
      return plain(`Agents cannot send ${content.type} messages.`);
  }
}
