import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import { t } from './i18n.ts';

const minute = 60_000;
const hour = 60 * minute;

/** An agent's message that reached (or is on its way to) the customer answers what came before it. */
function answers(message: Message): boolean {
  return message.direction === 'outbound' && message.author === 'agent' && message.status !== 'failed';
}

/**
 * Since when the customer's oldest unanswered message has waited, or undefined when nothing waits (a
 * closed conversation waits for nobody). From the thread when the console holds it whole; otherwise
 * from the conversation's own times, where the last message since the last answer is all that is
 * known (so the wait shown is at least the real one's latest part).
 */
export function waitingSince(
  conversation: Conversation,
  messages: readonly Message[] | undefined,
  historyLoaded: boolean,
): number | undefined {
  if (conversation.state === 'closed') return undefined;
  if (historyLoaded && messages) {
    let since: number | undefined;
    for (const message of messages) {
      if (answers(message)) since = undefined;
      else if (message.direction === 'inbound' && message.author === 'customer') since ??= message.createdAt;
    }
    return since;
  }
  const { lastCustomerMessageAt, lastReplyAt } = conversation;
  if (lastCustomerMessageAt === undefined) return undefined;
  return lastCustomerMessageAt > (lastReplyAt ?? 0) ? lastCustomerMessageAt : undefined;
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
