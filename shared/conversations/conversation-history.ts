import type { Message } from '../domain/message.ts';
import { type Actor, decide } from '../domain/permissions.ts';
import { withMediaUrl } from '../media/with-media-url.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { mediaUrl } from '../store/media-store.ts';
import { listMessages, type MessagePage } from '../store/messages-repository.ts';

export type HistoryOutcome =
  | { outcome: 'read'; page: MessagePage }
  | { outcome: 'refused'; refusal: 'not_found' | 'forbidden' };

/** A conversation's messages after a cursor, for those the policy lets read it, with links to its pictures. */
export async function readConversationHistory(
  actor: Actor,
  conversationId: string,
  after: string | undefined,
  limit: number,
): Promise<HistoryOutcome> {
  const conversation = await getConversation(conversationId);
  if (!conversation) return { outcome: 'refused', refusal: 'not_found' };
  const decision = decide(actor, 'read', conversation);
  if (!decision.allowed) return { outcome: 'refused', refusal: decision.refusal };
  const page = await listMessages(conversationId, after, limit);
  const messages: Message[] = await Promise.all(
    page.messages.map((message) => withMediaUrl(message, mediaUrl)),
  );
  return { outcome: 'read', page: { ...page, messages } };
}
