import { unavailabilityOf } from '../domain/availability.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { type LifecycleOutcome, notFound, refused } from './lifecycle-outcome.ts';
import { assignFromQueue } from './queue-drainer.ts';

/**
 * An agent takes a waiting customer from the queue view, out of turn if they choose (e.g. a customer
 * they know). They must serve that queue (admins serve every queue of their workspace) and have room.
 */
export async function acceptConversation(conversationId: string, actor: Actor): Promise<LifecycleOutcome> {
  const conversation = await getConversation(conversationId, true);
  const decision = conversation && decide(actor, 'accept', conversation);
  if (!conversation || !decision || isHidden(decision)) return notFound;
  if (conversation.state !== 'queued') {
    return refused('conflict', 'This customer is no longer waiting; someone has taken them.');
  }
  if (!decision.allowed) {
    return refused('not_assigned', 'You do not serve the queue this customer waits in.');
  }
  const now = Date.now();
  const [load] = await getAgentLoads([actor.agentId]);
  const unavailable = unavailabilityOf(load, { self: true }, now);
  if (unavailable) return refused('unavailable', unavailable);
  const message = await assignFromQueue(conversation, actor.agentId, 'chosen', now);
  if (!message) return refused('conflict', 'This customer is no longer waiting; someone has taken them.');
  const { waitingKind: _waitingKind, ...rest } = conversation;
  return { outcome: 'done', message, conversation: { ...rest, state: 'active', assigneeId: actor.agentId } };
}
