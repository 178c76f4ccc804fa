import type { DeliveryFailure } from '../../shared/domain/message.ts';
import { type MessageKey, t } from './i18n.ts';

/**
 * Why WeChat did not take an agent's message, in the agent's language. The server records WeChat's
 * errcode with an English sentence (shared/wechat/api-errors.ts); the console says it by the errcode,
 * and the two sentences without one by their words, falling back to the server's sentence.
 */

const byErrcode: Readonly<Record<number, MessageKey>> = {
  [-1]: 'wechat.error.-1',
  40001: 'wechat.error.40001',
  40003: 'wechat.error.40003',
  40007: 'wechat.error.40007',
  40014: 'wechat.error.40001',
  42001: 'wechat.error.42001',
  43004: 'wechat.error.43004',
  44002: 'wechat.error.44002',
  45002: 'wechat.error.45002',
  45009: 'wechat.error.45009',
  45015: 'wechat.error.45015',
  43101: 'wechat.error.43101',
  45047: 'wechat.error.45047',
  47001: 'wechat.error.47001',
  48001: 'wechat.error.48001',
  40164: 'wechat.error.ip',
  61004: 'wechat.error.ip',
};

const withoutErrcode: Readonly<Record<string, MessageKey>> = {
  'WeChat did not answer after several tries; the message was not sent.': 'wechat.error.noAnswer',
  'The message could not be prepared for WeChat and was not sent; please send it again.':
    'wechat.error.notPrepared',
};

export function failureText(failure: DeliveryFailure | undefined): string {
  if (!failure) return t('message.notDeliveredDefault');
  if (failure.errcode !== undefined) {
    const key = byErrcode[failure.errcode];
    return key ? t(key) : t('wechat.error.other', { errcode: failure.errcode });
  }
  const key = withoutErrcode[failure.reason];
  return key ? t(key) : failure.reason;
}
