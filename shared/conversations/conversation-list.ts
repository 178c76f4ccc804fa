import type { Conversation } from '../domain/conversation.ts';
import { listActiveConversations, listClosedConversations } from '../store/conversations-repository.ts';

/**
 * What an agent's console lists. `recent`: the conversations assigned to them, most recent activity
 * first, open and closed mixed (a busy day of closed ones pushes the open ones out of any page, so the
 * console no longer asks for this). `active`: every open conversation, all at once (at most the
 * agent's capacity). `closed`: the closed ones, newest first, paged by `before` (see
 * listClosedConversations).
 */
export type ConversationListRequest =
  | { state: 'recent'; limit: number }
  | { state: 'active' }
  | { state: 'closed'; limit: number; before?: string };

export interface ConversationListPage {
  conversations: Conversation[];
  /** Closed pages only: pass as `before` for the next page; absent on the last page. */
  nextBefore?: string;
}

const byActivity = (left: Conversation, right: Conversation) =>
  left.lastMessageId < right.lastMessageId ? 1 : -1;

export async function conversationsOf(
  agentId: string,
  request: ConversationListRequest,
): Promise<ConversationListPage> {
  switch (request.state) {
    case 'recent': {
      // The closed ones are indexed by when they closed, their last activity; the open ones have an
      // index of their own, unsorted, so they are read whole and sorted here.
      const [active, closed] = await Promise.all([
        listActiveConversations(agentId),
        listClosedConversations(agentId, request.limit),
      ]);
      return { conversations: [...active, ...closed.conversations].sort(byActivity).slice(0, request.limit) };
    }
    case 'active': {
      const conversations = await listActiveConversations(agentId);
      // Most recent activity first, as every list the console reads.
      conversations.sort(byActivity);
      return { conversations };
    }
    case 'closed':
      return listClosedConversations(agentId, request.limit, request.before);
  }
}
