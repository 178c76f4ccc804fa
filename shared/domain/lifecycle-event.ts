/**
 * A change of a conversation (assigned, accepted, transferred, closed, reopened) as an entry of its
 * log: it reaches consoles through the stream like every message, and the history shows who did
 * what when.
 */
import type { Conversation } from './conversation.ts';
import { newId } from './ids.ts';
import type { Message } from './message.ts';

export type LifecycleEvent =
  | 'conversation_assigned'
  | 'conversation_accepted'
  | 'conversation_transferred'
  | 'conversation_closed'
  | 'conversation_reopened';

/** An agent's own action, or the platform's (routing, timeouts). */
export type ChangedBy = { agentId: string } | 'system';

export function lifecycleMessage(
  conversation: Conversation,
  event: LifecycleEvent,
  detail: Record<string, string>,
  by: ChangedBy,
  now: number,
): Message {
  return {
    conversationId: conversation.conversationId,
    messageId: newId(now),
    workspaceId: conversation.workspaceId,
    appId: conversation.appId,
    openId: conversation.openId,
    direction: 'internal',
    ...(by === 'system' ? { author: 'system' } : { author: 'agent', authorId: by.agentId }),
    content: { type: 'event', event, detail },
    createdAt: now,
  };
}

/** Agents other than the current assignee who must hear of the change (the one who gave it away). */
export function formerAssigneeOf(message: Message): string | undefined {
  if (message.direction !== 'internal' || message.content.type !== 'event') return undefined;
  return message.content.event === 'conversation_transferred' ? message.content.detail.from : undefined;
}
