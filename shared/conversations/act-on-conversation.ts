/**
 * The agent's actions on a conversation (close, accept, transfer, reopen), one entry point for the
 * HTTP API and the socket. Whoever gets room by an action (the agent who closed or gave a
 * conversation away) is offered the next waiting customer at once.
 */
import * as z from 'zod/mini';
import { formerAssigneeOf } from '../domain/lifecycle-event.ts';
import type { Actor } from '../domain/permissions.ts';
import { queueIdSchema } from '../domain/queue-id-schema.ts';
import { acceptConversation } from './conversation-acceptor.ts';
import { closeConversation } from './conversation-closer.ts';
import { reopenConversation } from './conversation-reopener.ts';
import { transferConversation } from './conversation-transferrer.ts';
import type { LifecycleOutcome } from './lifecycle-outcome.ts';
import { drainQueuesOf } from './queue-drainer.ts';

const agentIdSchema = z.string().check(z.minLength(1), z.maxLength(64));

export const transferTargetSchema = z.union([
  z.strictObject({ toAgentId: agentIdSchema }),
  z.strictObject({ toQueueId: queueIdSchema }),
]);

export const conversationActionSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('close') }),
  z.object({ action: z.literal('accept') }),
  z.object({ action: z.literal('reopen') }),
  z.object({ action: z.literal('transfer'), target: transferTargetSchema }),
]);

export type ConversationAction = z.infer<typeof conversationActionSchema>;

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
