import { intlLocale, t } from './i18n.ts';

/**
 * WeChat's limit for customer-service text: 2048 UTF-8 bytes, the measured one (WECHAT.md §6.3, mirrored
 * from `maxTextBytes` in shared/domain/outbound-content.ts). Longer text is refused, not split: each
 * part would use one of the customer's five replies, which is the agent's decision to make. Chinese
 * characters take 3 bytes each, so the limit is about 680 of them.
 */
export const maxTextBytes = 2048;

/** The byte counter shows from here on, so it is there before the limit surprises anyone. */
const counterFromBytes = 1536;

const encoder = new TextEncoder();

/** Bytes as WeChat counts them (a lone surrogate becomes U+FFFD, 3 bytes, as in Node's Buffer). */
function utf8Bytes(text: string): number {
  return encoder.encode(text).length;
}

export interface TextCheck {
  /** What is sent: the draft without surrounding blank lines and spaces. */
  text: string;
  bytes: number;
  empty: boolean;
  tooLong: boolean;
  /** "1,700 / 2,048 bytes" near or over the limit, absent well below it. */
  counter?: string;
  /** Why the text cannot be sent, in words for the agent. */
  problem?: string;
}

export function checkText(draft: string): TextCheck {
  const text = draft.trim();
  const bytes = utf8Bytes(text);
  const tooLong = bytes > maxTextBytes;
  const numbers = new Intl.NumberFormat(intlLocale());
  const counter =
    bytes >= counterFromBytes
      ? t('composer.counter', { bytes: numbers.format(bytes), max: numbers.format(maxTextBytes) })
      : undefined;
  const problem = tooLong
    ? t('composer.tooLong', {
        bytes: numbers.format(bytes),
        max: numbers.format(maxTextBytes),
        over: numbers.format(bytes - maxTextBytes),
      })
    : undefined;
  return { text, bytes, empty: text === '', tooLong, counter, problem };
}
