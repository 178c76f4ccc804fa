import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message, MessageContent } from '../../shared/domain/message.ts';
import { t } from './i18n.ts';
import { agentName, type Names, queueName } from './names.ts';

/**
 * The one-line notes a conversation's own changes leave in its log ("Transferred from Bob to Alice"),
 * from the internal event messages the backend writes. The events carry ids; names come from what
 * the console has learnt (names.ts), and the signed-in agent is "you".
 */

type EventContent = Extract<MessageContent, { type: 'event' }>;

export interface Viewer {
  agentId: string;
  names: Names;
}

/** The sentence for a lifecycle event, or undefined for any other event (WeChat's own: content-text.ts). */
export function lifecycleText(content: EventContent, appId: string, viewer: Viewer): string | undefined {
  const detail = content.detail ?? {};
  const who = (agentId: string | undefined) => person(agentId, viewer);
  switch (content.event) {
    case 'conversation_assigned':
      return t('lifecycle.assigned', { who: who(detail.to) });
    case 'conversation_closed':
      if (detail.by) return t('lifecycle.closedBy', { who: who(detail.by) });
      if (detail.reason === 'inactive') {
        return detail.minutes
          ? t('lifecycle.closedInactive', { minutes: detail.minutes })
          : t('lifecycle.closedNoReply');
      }
      if (detail.reason === 'expired') return t('lifecycle.closedExpired');
      return t('lifecycle.closedAuto');
    case 'conversation_transferred':
      if (detail.toQueue) {
        return t('lifecycle.movedToQueue', {
          queue: queueName(viewer.names, appId, detail.toQueue) ?? detail.toQueue,
        });
      }
      if (detail.reason === 'unanswered' && detail.from) {
        // The queue's SLA rule: the agent holding it did not answer in time.
        return t('lifecycle.reassignedUnanswered', {
          from: who(detail.from),
          to: who(detail.to),
          count: Number(detail.afterMinutes),
        });
      }
      return detail.from
        ? t('lifecycle.transferredFromTo', { from: who(detail.from), to: who(detail.to) })
        : t('lifecycle.transferredTo', { to: who(detail.to) });
    case 'conversation_accepted':
      return t('lifecycle.accepted', { who: who(detail.by) });
    case 'conversation_reopened':
      return t('lifecycle.reopened', { who: who(detail.by) });
    default:
      return undefined;
  }
}

/**
 * Why a conversation left this agent's list, from the conversation as it is now; from the change
 * that moved it when it came with one and says more (the queue's SLA rule gave it to a colleague).
 */
export function departureText(conversation: Conversation, names: Names, change?: Message): string {
  if (change?.content.type === 'event' && change.content.detail?.reason === 'unanswered') {
    // Only the agent it was taken from sees it leave their list.
    const viewer = { agentId: change.content.detail.from ?? '', names };
    const text = lifecycleText(change.content, conversation.appId, viewer);
    if (text) return text;
  }
  if (conversation.state === 'queued' || conversation.assigneeId === undefined) {
    const queue = queueName(names, conversation.appId, conversation.queueId);
    return queue ? t('lifecycle.movedToQueue', { queue }) : t('lifecycle.movedBack');
  }
  const name = agentName(names, conversation.assigneeId);
  return name ? t('lifecycle.transferredTo', { to: name }) : t('lifecycle.transferredAway');
}

function person(agentId: string | undefined, viewer: Viewer): string {
  if (agentId === undefined) return t('person.someone');
  if (agentId === viewer.agentId) return t('person.you');
  return agentName(viewer.names, agentId) ?? t('person.colleague');
}
