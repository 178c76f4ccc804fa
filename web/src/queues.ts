import type { QueueView, WaitingView } from './api.ts';
import { t } from './i18n.ts';

/**
 * The agent's queues as the console last read them. Waiting times are counted on from the moment of
 * the read with the agent's own clock, so a skewed clock between browser and server does not matter.
 */
export interface QueueBoard {
  queues: readonly QueueView[];
  loaded: boolean;
  error?: string;
  /** When the last successful read arrived, on the agent's clock. */
  receivedAt: number;
}

export const emptyQueueBoard: QueueBoard = { queues: [], loaded: false, receivedAt: 0 };

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;

/** A queue's waiting line, the next to be served first. */
export function waitingLine(queue: QueueView): WaitingView[] {
  return [...queue.waiting].sort((left, right) => left.position - right.position);
}

/** Customers waiting across the agent's queues, each conversation counted once. */
export function waitingTotal(queues: readonly QueueView[]): number {
  return new Set(queues.flatMap((queue) => queue.waiting.map((entry) => entry.conversation.conversationId)))
    .size;
}

/** How long an entry has waited by `now`: its wait when read, plus the time since. */
export function waitedBy(entry: WaitingView, receivedAt: number, now: number): number {
  return entry.waitedMs + Math.max(0, now - receivedAt);
}

/** "waiting under a minute", "waiting 4 min", "waiting 1 h 5 min", "waiting 2 days". */
export function waitingText(waitedMs: number): string {
  if (waitedMs < minute) return t('queue.waitedUnderMinute');
  if (waitedMs < hour) return t('queue.waitedMinutes', { minutes: Math.floor(waitedMs / minute) });
  if (waitedMs < day) {
    const minutes = Math.floor((waitedMs % hour) / minute);
    const hours = Math.floor(waitedMs / hour);
    return minutes > 0
      ? t('queue.waitedHoursMinutes', { hours, minutes })
      : t('queue.waitedHours', { hours });
  }
  return t('queue.waitedDays', { count: Math.floor(waitedMs / day) });
}

/** "2 of 3 agents online": who of the queue could be given a customer now. */
export function membersText(queue: QueueView): string {
  const total = queue.members.length;
  if (total === 0) return t('queue.noMembers');
  const online = queue.members.filter((member) => member.status === 'online' && member.present).length;
  return t('queue.members', { online, count: total });
}
