import type { Conversation } from '../../shared/domain/conversation.ts';
import {
  type ResponseStanding,
  type ResponseTargets,
  responseClocks,
  responseStanding,
} from '../../shared/domain/sla.ts';
import type { FloorConversation, FloorView, QueueView } from './api.ts';
import type { ConsoleState } from './console-state.ts';
import { t } from './i18n.ts';
import { waitedText } from './waiting-time.ts';

/**
 * Where the agent's conversations stand against their queues' response-time targets (SLA, see
 * shared/domain/sla.ts), on the console's own ticking clock: no server traffic moves a conversation
 * from on track to due soon to breached.
 */

/** The targets of the conversation's queue, as the agent's queues were last read. */
export function targetsOf(
  queues: readonly Pick<QueueView, 'appId' | 'queueId' | 'responseTargets'>[],
  conversation: Pick<Conversation, 'appId' | 'queueId'>,
): ResponseTargets | undefined {
  return queues.find((queue) => queue.appId === conversation.appId && queue.queueId === conversation.queueId)
    ?.responseTargets;
}

/** The conversation's standing at `now`, from its whole thread when the console holds it. */
export function standingFor(state: ConsoleState, conversation: Conversation, now: number): ResponseStanding {
  const thread = state.threads[conversation.conversationId];
  const clocks = responseClocks(conversation, thread?.historyLoaded ? thread.messages : undefined);
  if (!clocks) return { status: 'none' };
  return responseStanding(targetsOf(state.queueBoard.queues, conversation), clocks, now);
}

/**
 * A floor conversation's standing at `now`; `since(ms)` is the moment, on this console's clock, that
 * was `ms` before the floor was read.
 */
export function floorStanding(
  floor: FloorView,
  conversation: FloorConversation,
  since: (ms: number) => number,
  now: number,
): ResponseStanding {
  const clocks = {
    openedAt: since(conversation.openForMs),
    answered: conversation.answered,
    ...(conversation.unansweredMs === undefined ? {} : { unansweredSince: since(conversation.unansweredMs) }),
  };
  return responseStanding(targetsOf(floor.queues, conversation), clocks, now);
}

/** 即将超时 / 已超时, for a standing that needs an agent's eye; undefined otherwise. */
export function standingBadge(standing: ResponseStanding): string | undefined {
  if (standing.status === 'due_soon') return t('sla.dueSoon');
  if (standing.status === 'breached') return t('sla.breached');
  return undefined;
}

/** "首次响应还剩 2 分钟" / "Next response overdue by 5 min"; undefined without a target. */
export function standingText(standing: ResponseStanding): string | undefined {
  if (standing.status === 'none') return undefined;
  const duration = waitedText(0, Math.abs(standing.remainingMs));
  if (standing.status === 'breached') {
    return t(standing.target === 'first' ? 'sla.firstOverdue' : 'sla.nextOverdue', { duration });
  }
  return t(standing.target === 'first' ? 'sla.firstLeft' : 'sla.nextLeft', { duration });
}
