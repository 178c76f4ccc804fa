import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import { responseClocks } from '../../shared/domain/sla.ts';
import { t } from './i18n.ts';

const minute = 60_000;
const hour = 60 * minute;

/**
 * Since when the customer's oldest unanswered message has waited, or undefined when nothing waits (a
 * closed conversation waits for nobody): the same clock the response targets run on, from the thread
 * when the console holds it whole, otherwise from the conversation's own record of the wait.
 */
export function waitingSince(
  conversation: Conversation,
  messages: readonly Message[] | undefined,
  historyLoaded: boolean,
): number | undefined {
  return responseClocks(conversation, historyLoaded ? messages : undefined)?.unansweredSince;
}

/** "3 min", "2 h 5 min" (3 分钟, 2 小时 5 分钟): how long a customer has waited. */
export function waitedText(since: number, now: number): string {
  const waited = Math.max(0, now - since);
  if (waited < minute) return t('wait.underMinute');
  if (waited < hour) return t('time.minutes', { count: Math.floor(waited / minute) });
  const minutes = Math.floor((waited % hour) / minute);
  const hours = t('time.hours', { count: Math.floor(waited / hour) });
  if (minutes === 0) return hours;
  return t('wait.hoursMinutes', { hours, minutes: t('time.minutes', { count: minutes }) });
}
