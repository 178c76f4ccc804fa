/**
 * Notes on a conversation, for colleagues only: a message of its own kind (`note`, direction
 * `internal`) in the conversation's log. It is never sent to WeChat (delivery takes only `outbound`
 * messages that are `pending`, and a note is neither), takes nothing of the reply window and leaves
 * the conversation's preview and order alone. The stream consumer pushes it to every agent who may
 * read the conversation, and a note on a closed conversation rewrites its history entry.
 */

import { GetCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { Conversation } from '../domain/conversation.ts';
import { newId } from '../domain/ids.ts';
import type { Message } from '../domain/message.ts';
import { type Actor, decide } from '../domain/permissions.ts';
import { getAgent } from '../store/agents-repository.ts';
import { dynamo, tableName } from '../store/client.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { clientMessageKey } from '../store/keys.ts';
import { getMessage, messagePutItem } from '../store/messages-repository.ts';
import { coreTable } from '../store/tables.ts';

export const maxNoteLength = 2000;

export const noteRequestSchema = z.strictObject({
  clientMessageId: z
    .string()
    .check(
      z.regex(/^[A-Za-z0-9_-]{8,64}$/, '8 to 64 letters, digits, - or _ (e.g. a UUID), unique per message'),
    ),
  text: z
    .string()
    .check(
      z.trim(),
      z.minLength(1, 'a note needs some text'),
      z.maxLength(maxNoteLength, `a note is at most ${maxNoteLength} characters`),
    ),
});

export type NoteRequest = z.infer<typeof noteRequestSchema>;

export type NoteOutcome =
  | { outcome: 'written' | 'duplicate'; message: Message }
  | { outcome: 'refused'; refusal: 'not_found' | 'forbidden' };

const clientMessageLifetimeSeconds = 7 * 24 * 60 * 60;

async function earlierNote(agentId: string, clientMessageId: string): Promise<Message | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: clientMessageKey(agentId, clientMessageId),
      ConsistentRead: true,
    }),
  );
  return Item ? getMessage(String(Item.conversationId), String(Item.messageId)) : undefined;
}

function noteOf(
  conversation: Conversation,
  actor: Actor,
  authorName: string,
  request: NoteRequest,
  now: number,
) {
  return {
    conversationId: conversation.conversationId,
    messageId: newId(now),
    workspaceId: conversation.workspaceId,
    appId: conversation.appId,
    openId: conversation.openId,
    direction: 'internal',
    author: 'agent',
    authorId: actor.agentId,
    content: { type: 'note', text: request.text, authorName },
    createdAt: now,
    clientMessageId: request.clientMessageId,
  } satisfies Message;
}

/** Writes an agent's note once: a retried request (same client message id) returns the first. */
export async function writeNote(
  actor: Actor,
  conversationId: string,
  request: NoteRequest,
): Promise<NoteOutcome> {
  const conversation = await getConversation(conversationId);
  if (!conversation) return { outcome: 'refused', refusal: 'not_found' };
  const decision = decide(actor, 'note', conversation);
  if (!decision.allowed) return { outcome: 'refused', refusal: decision.refusal };
  const earlier = await earlierNote(actor.agentId, request.clientMessageId);
  if (earlier) return { outcome: 'duplicate', message: earlier };
  const author = await getAgent(actor.agentId);
  const now = Date.now();
  const message = noteOf(conversation, actor, author?.displayName ?? actor.agentId, request, now);
  const result = await guardedTransaction([
    {
      Put: {
        TableName: tableName(coreTable),
        Item: {
          ...clientMessageKey(actor.agentId, request.clientMessageId),
          kind: 'client-message',
          conversationId,
          messageId: message.messageId,
          expiresAt: Math.floor(now / 1000) + clientMessageLifetimeSeconds,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    messagePutItem(message),
  ]);
  if (result === 'written') return { outcome: 'written', message };
  // The same note sent twice at once: the first one written is the answer to both.
  const first = await earlierNote(actor.agentId, request.clientMessageId);
  if (first) return { outcome: 'duplicate', message: first };
  throw new Error(`note ${request.clientMessageId} could not be written (${result})`);
}
