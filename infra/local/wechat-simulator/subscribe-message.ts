/**
 * Subscribe messages as WeChat plays them: a Mini Program's `subscribe/send` (subscribeMessage.send,
 * developers.weixin.qq.com/miniprogram/dev/OpenApiDoc/mp-message-management/subscribe-message/sendMessage.html)
 * and an Official Account's `subscribe/bizsend` (订阅通知, sendNewSubscribeMsg,
 * developers.weixin.qq.com/doc/service/en/api/notify/notify/api_sendnewsubscribemsg.html). Both take
 * `touser`, `template_id`, `data {keyword: {value}}` and an optional `page`; the Mini Program's also
 * `miniprogram_state` and `lang`, the account's `miniprogram {appid, pagepath}`. Each accept in the
 * subscription popup allows one send of that template (一次性订阅); with none left WeChat answers 43101,
 * an unknown template 40037, data that does not fit the template's keywords 47003.
 */
import { problemWithKeywordValue } from '../../../shared/domain/subscribe-message-fields.ts';
import type { SimulatedApp } from './types.ts';
import { WeChatApiError } from './wechat-errors.ts';

/** The sends of each template a customer still allows. */
export class SubscriptionGrants {
  readonly #left = new Map<string, number>();

  grant(templateId: string): void {
    this.#left.set(templateId, this.left(templateId) + 1);
  }

  /** Turned off in the settings of service notices: nothing more of it until they accept again. */
  revoke(templateId: string): void {
    this.#left.delete(templateId);
  }

  left(templateId: string): number {
    return this.#left.get(templateId) ?? 0;
  }

  /** Spends one, or throws 43101. */
  consume(templateId: string): void {
    const left = this.left(templateId);
    if (left <= 0) throw subscribeErrors.userRefused();
    this.#left.set(templateId, left - 1);
  }
}

export const subscribeErrors = {
  invalidTemplateId: () => new WeChatApiError(40037, 'invalid template_id'),
  userRefused: () => new WeChatApiError(43101, 'user refuse to accept the msg'),
  argumentInvalid: (detail: string) => new WeChatApiError(47003, `argument invalid! ${detail}`),
};

const miniProgramStates = new Set(['developer', 'trial', 'formal']);
const languages = new Set(['zh_CN', 'en_US', 'zh_HK', 'zh_TW']);

export function templateOf(app: SimulatedApp, templateId: unknown) {
  const template =
    typeof templateId === 'string'
      ? app.subscribeTemplates?.find((candidate) => candidate.templateId === templateId)
      : undefined;
  if (!template) throw subscribeErrors.invalidTemplateId();
  return template;
}

/** A notice WeChat would show the customer, or the error it would answer. */
export function validateSubscribeSend(app: SimulatedApp, body: Record<string, unknown>) {
  const template = templateOf(app, body.template_id);
  const data = body.data;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw subscribeErrors.argumentInvalid('data is required');
  }
  const values: Record<string, string> = {};
  for (const keyword of template.keywords) {
    const entry = (data as Record<string, unknown>)[keyword];
    const value =
      typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined;
    if (typeof value !== 'string') throw subscribeErrors.argumentInvalid(`data.${keyword}.value is missing`);
    const problem = problemWithKeywordValue(keyword, value);
    if (problem) throw subscribeErrors.argumentInvalid(`data.${keyword}.value: ${problem}`);
    values[keyword] = value;
  }
  const extra = Object.keys(data).find((keyword) => !template.keywords.includes(keyword));
  if (extra !== undefined)
    throw subscribeErrors.argumentInvalid(`data.${extra} is not a keyword of the template`);
  if (body.page !== undefined && (typeof body.page !== 'string' || body.page.startsWith('/'))) {
    throw subscribeErrors.argumentInvalid('page is invalid');
  }
  if (app.type === 'miniprogram') {
    if (body.miniprogram_state !== undefined && !miniProgramStates.has(String(body.miniprogram_state))) {
      throw subscribeErrors.argumentInvalid('miniprogram_state is invalid');
    }
    if (body.lang !== undefined && !languages.has(String(body.lang))) {
      throw subscribeErrors.argumentInvalid('lang is invalid');
    }
  }
  return { templateId: template.templateId, title: template.title, values };
}
