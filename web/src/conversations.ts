import type { Conversation } from '../../shared/domain/conversation.ts';
import { compareIds } from './merge.ts';

/**
 * The conversation list as the agent sees it: most recent activity first, one entry per
 * conversation, whichever of a frame and a list reload knows more recent activity winning.
 */

/** Most recent activity first; ids are ULIDs, so the last message's id orders by time. */
function byRecentActivity(left: Conversation, right: Conversation): number {
  return (
    compareIds(right.lastMessageId, left.lastMessageId) ||
    right.lastMessageAt - left.lastMessageAt ||
    compareIds(left.conversationId, right.conversationId)
  );
}

/**
 * Whether `incoming` should replace `known`. A snapshot about an older last message is stale (a frame
 * delivered twice, or a list read that raced a frame); on the same last message the incoming one wins,
 * because only state or assignee can have changed.
 */
export function isAtLeastAsRecent(incoming: Conversation, known: Conversation): boolean {
  return compareIds(incoming.lastMessageId, known.lastMessageId) >= 0;
}

/**
 * Whether the conversation belongs in this agent's list: theirs, open or closed. One handed to a
 * colleague or back to a queue leaves it (waiting customers are in the queue panel instead).
 */
export function belongsTo(conversation: Conversation, agentId: string): boolean {
  return conversation.assigneeId === agentId && conversation.state !== 'queued';
}

/** Applies one snapshot from a frame; a conversation handed to someone else leaves the list. */
export function upsertConversation(
  list: readonly Conversation[],
  incoming: Conversation,
  agentId: string,
): readonly Conversation[] {
  const index = list.findIndex((item) => item.conversationId === incoming.conversationId);
  const known = index === -1 ? undefined : list[index];
  if (known && !isAtLeastAsRecent(incoming, known)) return list;
  if (!belongsTo(incoming, agentId)) {
    return index === -1 ? list : list.filter((item) => item.conversationId !== incoming.conversationId);
  }
  const next = [...list];
  if (index === -1) next.push(incoming);
  else next[index] = incoming;
  return next.sort(byRecentActivity);
}

/**
 * Folds a fresh `GET /api/conversations?limit=` page into what the console holds. The page is the truth
 * for the span it covers: a local entry inside that span but missing from it was closed or handed
 * over. Entries older than a full page are beyond it, not gone, so they stay. Frames that arrived
 * while the request was in flight (`touchedMeanwhile`) know more than the page and win.
 */
export function reconcileConversations(
  local: readonly Conversation[],
  page: readonly Conversation[],
  options: { limit: number; agentId: string; touchedMeanwhile: ReadonlySet<string> },
): readonly Conversation[] {
  const { limit, agentId, touchedMeanwhile } = options;
  const localById = new Map(local.map((item) => [item.conversationId, item]));
  const pageIds = new Set(page.map((item) => item.conversationId));
  const oldestInFullPage = page.length >= limit ? [...page].sort(byRecentActivity).at(-1) : undefined;
  const merged: Conversation[] = [];
  for (const fetched of page) {
    const known = localById.get(fetched.conversationId);
    const winner = known && !isAtLeastAsRecent(fetched, known) ? known : fetched;
    if (belongsTo(winner, agentId)) merged.push(winner);
  }
  for (const item of local) {
    if (pageIds.has(item.conversationId)) continue;
    const beyondPage = oldestInFullPage !== undefined && byRecentActivity(item, oldestInFullPage) > 0;
    if (beyondPage || touchedMeanwhile.has(item.conversationId)) merged.push(item);
  }
  return merged.sort(byRecentActivity);
}
