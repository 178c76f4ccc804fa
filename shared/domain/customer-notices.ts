/**
 * What a customer is told when their conversation changes hands or ends, where the queue's
 * automatic replies say so: a pick-up notice when an agent takes it (「{客服}为您服务」) and a
 * closing message when it closes. Both are automatic messages, so they never take the last message
 * WeChat allows (that one is the agent's), and a conversation closed because WeChat's 48 hours
 * ran out gets no closing message (nothing can reach the customer any more).
 */
import type { AutoReplies } from './auto-reply.ts';
import type { Message } from './message.ts';
import { fillPlaceholders } from './placeholders.ts';

export type CustomerNotice = { kind: 'pickUp'; agentId: string } | { kind: 'closing' };

/** The notice a change of the conversation's log calls for, before the queue's settings are read. */
export function noticeFor(message: Message): CustomerNotice | undefined {
  if (message.direction !== 'internal' || message.content.type !== 'event') return undefined;
  const { event, detail } = message.content;
  switch (event) {
    case 'conversation_assigned':
    case 'conversation_transferred':
      // A transfer to a queue has no `to`: nobody has taken the customer yet.
      return detail.to ? { kind: 'pickUp', agentId: detail.to } : undefined;
    case 'conversation_accepted':
      return detail.by ? { kind: 'pickUp', agentId: detail.by } : undefined;
    case 'conversation_closed':
      return detail.reason === 'expired' ? undefined : { kind: 'closing' };
    default:
      return undefined;
  }
}

/** The pick-up notice's words for this agent, if the queue has one. */
export function pickUpText(replies: AutoReplies, agentName: string): string | undefined {
  return replies.pickUp ? fillPlaceholders(replies.pickUp, { agentName }) : undefined;
}

/** The text of a notice, if the queue has one. */
export function noticeText(
  notice: CustomerNotice,
  replies: AutoReplies,
  agentName: string | undefined,
): string | undefined {
  if (notice.kind === 'pickUp') return agentName === undefined ? undefined : pickUpText(replies, agentName);
  return replies.closing ? fillPlaceholders(replies.closing, { agentName: agentName ?? '' }) : undefined;
}
