import type { Conversation } from '../domain/conversation.ts';
import type { Message } from '../domain/message.ts';
import { addHandled } from '../store/queue-handling-repository.ts';

/**
 * Adds a closed conversation to its queue's handling figures (the estimated wait told to queued
 * customers reads them): how long its agent held it, from taking it to its closing. Runs behind the
 * message log's stream for the close's own entry. A record handled twice (the stream delivers at
 * least once) counts twice: an estimate can bear that, and a guard would cost a write per close.
 */
export async function noteHandled(change: Message, conversation: Conversation | undefined): Promise<void> {
  if (change.content.type !== 'event' || change.content.event !== 'conversation_closed') return;
  // Read at the close or later: reopened since, it no longer says when the closed stretch began.
  if (!conversation?.assignedAt || conversation.assignedAt > change.createdAt) return;
  await addHandled(conversation, change.createdAt - conversation.assignedAt, change.createdAt);
}
