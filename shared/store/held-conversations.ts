import type { Conversation } from '../domain/conversation.ts';
import { activeConversationsPage, toConversation } from './conversations-repository.ts';

/** Index entries read per page: an agent's open conversations are mostly among their latest entries. */
const pageSize = 50;

/** The most index entries one search reads (a few hundred KB at most): the bound of its cost. */
export const heldSearchLimit = 1_000;

/**
 * The active conversations an agent holds, when their load says how many (`held`). The agent's index
 * partition also keeps every conversation they closed, sorted with the open ones by their latest
 * change of hands, answer or closing; an open conversation is being answered, so it sorts among the
 * newest. Read newest first and stopped once `held` are found, a read costs the closed conversations
 * newer than the oldest open one rather than the agent's whole history, and never more than
 * `heldSearchLimit` entries: `complete` is false when it stopped there (or reached the end) with
 * fewer found, e.g. an open conversation nobody answered for longer than the agent closed that many,
 * or one the index has not caught up with yet.
 */
export async function findHeldConversations(
  agentId: string,
  held: number,
): Promise<{ conversations: Conversation[]; complete: boolean }> {
  const found: Conversation[] = [];
  let read = 0;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await activeConversationsPage(agentId, { startKey, newestFirst: true, limit: pageSize });
    found.push(...(page.Items ?? []).map(toConversation));
    read += page.ScannedCount ?? 0;
    startKey = page.LastEvaluatedKey;
  } while (startKey && found.length < held && read < heldSearchLimit);
  return { conversations: found, complete: found.length >= held };
}
