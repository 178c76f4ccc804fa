import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message, MessageContent } from '../../shared/domain/message.ts';
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
      return `Assigned to ${who(detail.to)}`;
    case 'conversation_closed':
      if (detail.by) return `Closed by ${who(detail.by)}`;
      if (detail.reason === 'inactive') {
        return detail.minutes
          ? `Closed after ${detail.minutes} min without reply`
          : 'Closed: the customer did not reply';
      }
      if (detail.reason === 'expired') return "Closed: WeChat's 48-hour window ended";
      return 'Closed automatically';
    case 'conversation_transferred':
      if (detail.toQueue) {
        return `Moved to queue ${queueName(viewer.names, appId, detail.toQueue) ?? detail.toQueue}`;
      }
      return detail.from
        ? `Transferred from ${who(detail.from)} to ${who(detail.to)}`
        : `Transferred to ${who(detail.to)}`;
    case 'conversation_accepted':
      return `Accepted by ${who(detail.by)}`;
    case 'conversation_reopened':
      return `Reopened by ${who(detail.by)}`;
    default:
      return undefined;
  }
}

/**
 * The list line of a conversation. The server's preview of a lifecycle event is generic ("[conversation
 * closed]"); when the console holds that event it says what happened instead.
 */
export function listPreview(
  conversation: Conversation,
  lastMessage: Message | undefined,
  viewer: Viewer,
): string {
  if (
    lastMessage?.messageId === conversation.lastMessageId &&
    lastMessage.direction === 'internal' &&
    lastMessage.content.type === 'event'
  ) {
    return lifecycleText(lastMessage.content, conversation.appId, viewer) ?? conversation.lastMessagePreview;
  }
  return conversation.lastMessagePreview;
}

/** Why a conversation left this agent's list, from the conversation as it is now. */
export function departureText(conversation: Conversation, names: Names): string {
  if (conversation.state === 'queued' || conversation.assigneeId === undefined) {
    const queue = queueName(names, conversation.appId, conversation.queueId);
    return queue ? `Moved to queue ${queue}` : 'Moved back to the queue';
  }
  const name = agentName(names, conversation.assigneeId);
  return name ? `Transferred to ${name}` : 'Transferred to another agent';
}

function person(agentId: string | undefined, viewer: Viewer): string {
  if (agentId === undefined) return 'an agent';
  if (agentId === viewer.agentId) return 'you';
  return agentName(viewer.names, agentId) ?? 'another agent';
}
