import { unavailabilityOf } from '../domain/availability.ts';
import { lifecycleMessage } from '../domain/lifecycle-event.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { getAgentLoads, takeCapacityItem } from '../store/agent-load-repository.ts';
import { conversationChangeItem } from '../store/conversation-change.ts';
import { getConversation, getCustomer, stickToItem } from '../store/conversations-repository.ts';
import { dueChange } from '../store/due-repository.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { retryOnConflict } from '../store/retry-on-conflict.ts';
import { servingChange } from '../store/serving-index.ts';
import { type LifecycleOutcome, notFound, refused } from './lifecycle-outcome.ts';

/**
 * Opens a closed conversation again, assigned to the agent who reopens it, as long as it is still the
 * customer's latest (otherwise the customer has since written into a new one, which is where to answer).
 * WeChat's reply window is the customer's, not the conversation's: reopening does not extend it.
 */
export async function reopenConversation(conversationId: string, actor: Actor): Promise<LifecycleOutcome> {
  return retryOnConflict(`conversation ${conversationId}`, async () => {
    const conversation = await getConversation(conversationId, true);
    const decision = conversation && decide(actor, 'reopen', conversation);
    if (!conversation || !decision || isHidden(decision)) return notFound;
    if (conversation.state !== 'closed' || !decision.allowed) {
      return refused('not_assigned', 'Only a closed conversation you served can be reopened.');
    }
    const customer = await getCustomer(conversation.appId, conversation.openId);
    if (customer?.conversationId !== conversationId) {
      return refused('conflict', 'The customer has written since, in a newer conversation.');
    }
    const now = Date.now();
    const [load] = await getAgentLoads([actor.agentId]);
    const unavailable = unavailabilityOf(load, { self: true }, now);
    if (unavailable) return refused('unavailable', unavailable);
    const message = lifecycleMessage(
      conversation,
      'conversation_reopened',
      { by: actor.agentId },
      actor,
      now,
    );
    // Looked at by the next housekeeping run, which knows the queue's timeout.
    const due = dueChange('ACTIVE', conversation.conversationId, now);
    const serving = servingChange(actor.agentId);
    const result = await guardedTransaction([
      messagePutItem(message),
      conversationChangeItem(message, {
        set: `#state = :active, assigneeId = :agentId, assignedAt = :now, ${serving.set}, ${due.set}`,
        remove: `closedAt, waitingKind, ${serving.remove}`,
        condition: '#state = :closed',
        values: {
          ':active': 'active',
          ':closed': 'closed',
          ':agentId': actor.agentId,
          ...serving.values,
          ...due.values,
        },
      }),
      stickToItem(conversation, actor.agentId),
      takeCapacityItem(actor.agentId, now, 'chosen'),
    ]);
    if (result === 'written') {
      const { closedAt: _closedAt, ...open } = conversation;
      return {
        outcome: 'done',
        message,
        conversation: {
          ...open,
          state: 'active',
          assigneeId: actor.agentId,
          assignedAt: now,
          lastMessageAt: now,
          lastMessageId: message.messageId,
        },
      };
    }
    return undefined;
  });
}
