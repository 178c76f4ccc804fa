/**
 * What an agent may send, checked before anything is written: WeChat would refuse the rest, and the
 * agent deserves the reason now rather than a failed message later.
 */
import type { AppType } from './app.ts';
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

export function problemWithOutbound(content: MessageContent, appType: AppType): string | undefined {
  switch (content.type) {
    case 'text': {
      if (content.text.trim() === '') return 'The message is empty.';
      const bytes = Buffer.byteLength(content.text, 'utf8');
      if (bytes > maxTextBytes) {
        return `The message is ${bytes} bytes long; WeChat accepts at most ${maxTextBytes} bytes (about 680 Chinese characters).`;
      }
      return undefined;
    }
    case 'image':
      return content.storageKey ? undefined : 'Upload the image first.';
    case 'miniprogrampage':
      if (!content.title.trim()) return 'A Mini Program card needs a title.';
      if (!content.pagePath.trim()) return 'A Mini Program card needs a page path.';
      return content.thumbStorageKey ? undefined : 'A Mini Program card needs a cover image.';
    case 'link':
      if (appType !== 'miniprogram') return 'Only Mini Programs can send link cards.';
      if (!content.title.trim()) return 'A link card needs a title.';
      return /^https?:\/\//.test(content.url) ? undefined : 'A link card needs an http(s) URL.';
    default:
      return `Agents cannot send ${content.type} messages.`;
  }
}
