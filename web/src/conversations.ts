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

/** What one read of the list brings: every open conversation, and the first page of closed ones. */
export interface ListRead {
  active: readonly Conversation[];
  closed: readonly Conversation[];
  /** The closed page was full: older closed conversations exist beyond it. */
  closedMore: boolean;
}

/**
 * Folds a fresh read of the list into what the console holds. The active read is complete, and the
 * closed page is the truth for the span it covers: a local entry inside them but missing from them
 * was closed long ago or handed over. Closed entries older than a full page are beyond it (read with
 * "More closed conversations"), not gone, so they stay. Frames that arrived while the requests were
 * in flight (`touchedMeanwhile`) know more than the read and win.
 */
export function reconcileConversations(
  local: readonly Conversation[],
  read: ListRead,
  options: { agentId: string; touchedMeanwhile: ReadonlySet<string> },
): readonly Conversation[] {
  const { agentId, touchedMeanwhile } = options;
  const localById = new Map(local.map((item) => [item.conversationId, item]));
  // A conversation closed between the two reads may be in both: the more recent picture counts.
  const fetched = new Map<string, Conversation>();
  for (const item of [...read.active, ...read.closed]) {
    const seen = fetched.get(item.conversationId);
    if (!seen || isAtLeastAsRecent(item, seen)) fetched.set(item.conversationId, item);
  }
  const oldestClosed = read.closedMore ? [...read.closed].sort(byRecentActivity).at(-1) : undefined;
  const merged: Conversation[] = [];
  for (const item of fetched.values()) {
    const known = localById.get(item.conversationId);
    const winner = known && !isAtLeastAsRecent(item, known) ? known : item;
    if (belongsTo(winner, agentId)) merged.push(winner);
  }
  for (const item of local) {
    if (fetched.has(item.conversationId)) continue;
    const beyondPage =
      item.state === 'closed' && oldestClosed !== undefined && byRecentActivity(item, oldestClosed) > 0;
    if (beyondPage || touchedMeanwhile.has(item.conversationId)) merged.push(item);
  }
  return merged.sort(byRecentActivity);
}

/** Adds an older page of closed conversations ("More closed conversations") to the list. */
export function appendClosedPage(
  list: readonly Conversation[],
  page: readonly Conversation[],
  agentId: string,
): readonly Conversation[] {
  return page.reduce((current, item) => upsertConversation(current, item, agentId), list);
}

/** Whether a snapshot changes how many active conversations the agent holds (their load). */
export function changesLoad(
  known: Conversation | undefined,
  incoming: Conversation,
  agentId: string,
): boolean {
  const holds = (item: Conversation | undefined) => item?.assigneeId === agentId && item.state === 'active';
  return holds(known) !== holds(incoming);
}
