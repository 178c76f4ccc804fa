/**
 * The agent's actions on a conversation (close, accept, transfer, reopen), one entry point for the
 * HTTP API and the socket. Whoever gets room by an action (the agent who closed or gave a
 * conversation away) is offered the next waiting customer at once.
 */
import { formerAssigneeOf } from '../domain/lifecycle-event.ts';
import type { Actor } from '../domain/permissions.ts';
import { acceptConversation } from './conversation-acceptor.ts';
import type { ConversationAction } from './conversation-action-schema.ts';
import { closeConversation } from './conversation-closer.ts';
import { reopenConversation } from './conversation-reopener.ts';
import { transferConversation } from './conversation-transferrer.ts';
import type { LifecycleOutcome } from './lifecycle-outcome.ts';
import { drainQueuesOf } from './queue-drainer.ts';

export async function actOnConversation(
  actor: Actor,
  conversationId: string,
  action: ConversationAction,
): Promise<LifecycleOutcome> {
  switch (action.action) {
    case 'close': {
      const result = await closeConversation(conversationId, actor);
      if (result.outcome === 'refused') return result;
      const { conversation, message } = result;
      if (conversation.assigneeId) await drainQueuesOf(conversation.assigneeId);
      return { outcome: 'done', conversation, message };
    }
    case 'transfer': {
      const result = await transferConversation(conversationId, actor, action.target);
      const freed = result.outcome === 'done' ? formerAssigneeOf(result.message) : undefined;
      if (freed) await drainQueuesOf(freed);
      return result;
    }
    case 'accept':
      return acceptConversation(conversationId, actor);
    case 'reopen':
      return reopenConversation(conversationId, actor);
  }
}
