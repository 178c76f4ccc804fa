/**
 * An agent who leaves (disabled, or no longer serving an app) gives their active conversations back
 * to the queues they came from, each keeping its place in line by arrival, attributed to whoever made
 * them leave. The lines then move: someone else of the queue with room takes them at once.
 */
import type { Conversation } from '../domain/conversation.ts';
import { type Actor, decide } from '../domain/permissions.ts';
import { defaultQueueId } from '../domain/queue.ts';
import { listActiveConversations } from '../store/conversations-repository.ts';
import { transferConversation } from './conversation-transferrer.ts';

export async function handBackConversations(
  agentId: string,
  by: Actor,
  which: (conversation: Conversation) => boolean = () => true,
): Promise<number> {
  let handedBack = 0;
  for (const conversation of (await listActiveConversations(agentId)).filter(which)) {
    if (!decide(by, 'transfer', conversation).allowed) continue;
    let result = await transferConversation(conversation.conversationId, by, {
      toQueueId: conversation.queueId,
    });
    // Its queue was deleted meanwhile: everyone's line is the app's default queue.
    if (result.outcome === 'refused' && result.reason === 'unavailable') {
      result = await transferConversation(conversation.conversationId, by, { toQueueId: defaultQueueId });
    }
    if (result.outcome === 'done') handedBack++;
  }
  return handedBack;
}
