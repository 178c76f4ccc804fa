/**
 * What an agent asks of a conversation (close, accept, reopen, transfer and its target), apart from
 * the workflow (act-on-conversation.ts) so that only the functions that parse the request carry it.
 */
import * as z from 'zod/mini';
import { queueIdSchema } from '../domain/queue-id-schema.ts';

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
