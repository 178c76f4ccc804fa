/**
 * Following up a customer after WeChat's 48-hour window closed: the agent's answer goes out as a
 * subscribe message (订阅消息; an Official Account's 订阅通知) through a template the app's owners chose,
 * when the customer granted one. Each grant the customer gives in WeChat's popup allows ONE send of that
 * template (一次性订阅; developers.weixin.qq.com/miniprogram/dev/framework/open-ability/subscribe-message.html).
 */
import { keywordKindOf, truncateToKind } from './subscribe-message-fields.ts';

/** What fills a keyword of the template: the agent's answer, the app's name, or when it was answered. */
export type FollowUpSource = 'answer' | 'app-name' | 'answered-at';

export interface FollowUpTemplate {
  templateId: string;
  /** Keyword of the template (e.g. `thing1`) → what fills it. */
  fields: Record<string, FollowUpSource>;
  /** The Mini Program page the notice opens (`index?foo=bar`); none: the notice opens nothing. */
  page?: string;
}

export interface FollowUpFacts {
  answer: string;
  appName: string;
  /** ms since the epoch. */
  answeredAt: number;
}

const chinaOffsetMs = 8 * 60 * 60 * 1000;
const twoDigits = (value: number) => String(value).padStart(2, '0');

/** China's time, as the customer reads it: 2026年12月5日 09:43 (time) or 2026年12月5日 (date). */
function chinaTime(at: number, kind: 'time' | 'date'): string {
  const local = new Date(at + chinaOffsetMs);
  const day = `${local.getUTCFullYear()}年${local.getUTCMonth() + 1}月${local.getUTCDate()}日`;
  return kind === 'date'
    ? day
    : `${day} ${twoDigits(local.getUTCHours())}:${twoDigits(local.getUTCMinutes())}`;
}

/** What is sent: the template, its keywords filled, and the page it opens. */
export interface FollowUpSend {
  templateId: string;
  data: Record<string, { value: string }>;
  page?: string;
}

export function followUpSendOf(template: FollowUpTemplate, facts: FollowUpFacts): FollowUpSend {
  return {
    templateId: template.templateId,
    data: fillFollowUpFields(template, facts),
    ...(template.page ? { page: template.page } : {}),
  };
}

/** The `data` of the send: every keyword filled within its kind's limit. */
export function fillFollowUpFields(
  template: FollowUpTemplate,
  facts: FollowUpFacts,
): Record<string, { value: string }> {
  const data: Record<string, { value: string }> = {};
  for (const [keyword, source] of Object.entries(template.fields)) {
    const kind = keywordKindOf(keyword);
    if (!kind) continue;
    const value =
      source === 'answered-at'
        ? chinaTime(facts.answeredAt, kind === 'date' ? 'date' : 'time')
        : truncateToKind(kind, source === 'answer' ? facts.answer : facts.appName);
    data[keyword] = { value };
  }
  return data;
}

/** Whether an answer can reach the customer as a follow-up now, or why not. */
export type FollowUpChance = 'possible' | 'window-open' | 'no-template' | 'no-grant';

/** What the console is told before the agent writes. */
export interface FollowUpOutlook {
  chance: FollowUpChance;
  /** Subscribe messages of the app's template the customer still allows. */
  grantsLeft: number;
}

export function followUpChance(input: {
  windowClosed: boolean;
  template: FollowUpTemplate | undefined;
  grantsLeft: number;
}): FollowUpChance {
  if (!input.windowClosed) return 'window-open';
  if (!input.template) return 'no-template';
  return input.grantsLeft > 0 ? 'possible' : 'no-grant';
}
