import type { CredentialsTest } from './api.ts';
import { type MessageKey, t } from './i18n.ts';

/**
 * What testing an app's credentials found, in the owner's language: by WeChat's errcode (the server's
 * meanings, shared/admin/app-administration.ts), and the two answers without one by their words,
 * falling back to the server's sentence.
 */

const byErrcode: Readonly<Record<number, MessageKey>> = {
  40013: 'apps.test.40013',
  40125: 'apps.test.40125',
  40001: 'apps.test.40125',
  40243: 'apps.test.40243',
};

const withoutErrcode: readonly [prefix: string, key: MessageKey][] = [
  ['WeChat did not answer', 'apps.test.noAnswer'],
  ['A token refresh of this app is under way', 'apps.test.busy'],
];

export function credentialsText(appId: string, result: CredentialsTest): string {
  if (result.ok) return t('apps.test.ok');
  const { errcode } = result;
  if (errcode === undefined) {
    const known = withoutErrcode.find(([prefix]) => result.sentence.startsWith(prefix));
    return known ? t(known[1]) : result.sentence;
  }
  // The address WeChat saw is named when it said it: that is what goes into the whitelist.
  if (errcode === 40164 || errcode === 61004) {
    return result.ip ? t('apps.test.ip', { ip: result.ip }) : t('apps.test.ipUnknown');
  }
  const key = byErrcode[errcode];
  return key ? t(key, { appId }) : t('apps.test.other', { errcode });
}
