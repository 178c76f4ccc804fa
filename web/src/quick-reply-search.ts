import type { Conversation } from '../../shared/domain/conversation.ts';
import type { QuickReplyListing } from '../../shared/domain/quick-reply.ts';
import { initialsLoaded, initialsOf } from './pinyin-initials.ts';

/**
 * What the palette offers in a conversation and in which order. The replies the agent may use come
 * from the server; of the queues' sets only the conversation's queue applies. The agent's own come
 * first, then the queue's, then the workspace's, each in the order they were added.
 */
export function repliesFor(
  replies: readonly QuickReplyListing[],
  conversation: Pick<Conversation, 'appId' | 'queueId'>,
): QuickReplyListing[] {
  const rank = { personal: 0, queue: 1, workspace: 2 } as const;
  return replies
    .filter(
      ({ scope }) =>
        scope.kind !== 'queue' ||
        (scope.appId === conversation.appId && scope.queueId === conversation.queueId),
    )
    .sort((a, b) => rank[a.scope.kind] - rank[b.scope.kind]);
}

/**
 * Each character's keys for initials matching: a Chinese character's readings' first letters, a Latin
 * letter or digit itself, nothing for anything else. Whitespace is left out, so `发货 时间` is `fhsj`.
 */
function keysOf(text: string): string[] {
  const keys: string[] = [];
  for (const character of text) {
    if (/\s/.test(character)) continue;
    const lower = character.toLowerCase();
    keys.push(/^[a-z0-9]$/.test(lower) ? lower : initialsOf(character));
  }
  return keys;
}

/** Per reply, its title's and text's keys, worked out once rather than at every keystroke. */
const keysCache = new WeakMap<QuickReplyListing, { title: string[]; text: string[] }>();

function cachedKeys(reply: QuickReplyListing) {
  let keys = keysCache.get(reply);
  if (!keys) {
    keys = { title: keysOf(reply.title ?? ''), text: keysOf(reply.text) };
    keysCache.set(reply, keys);
  }
  return keys;
}

/** Where the query's letters are the initials of consecutive characters: the first index, or -1. */
function initialsAt(keys: readonly string[], query: string): number {
  for (let start = 0; start + query.length <= keys.length; start++) {
    let index = 0;
    while (index < query.length && keys[start + index]?.includes(query.charAt(index))) index++;
    if (index === query.length) return start;
  }
  return -1;
}

/**
 * How well a reply answers the query, lower is better, or undefined when it does not: the title
 * starting with it, then containing it, then the text containing it, by characters or by initials.
 */
function rank(reply: QuickReplyListing, query: string, byInitials: boolean): number | undefined {
  const title = (reply.title ?? '').toLowerCase();
  const keys = byInitials ? cachedKeys(reply) : undefined;
  const titleAt = title.indexOf(query);
  const titleInitialsAt = keys ? initialsAt(keys.title, query) : -1;
  if (titleAt === 0 || titleInitialsAt === 0) return 0;
  if (titleAt > 0 || titleInitialsAt > 0) return 1;
  if (reply.text.toLowerCase().includes(query)) return 2;
  if (keys && initialsAt(keys.text, query) >= 0) return 3;
  return undefined;
}

/**
 * The replies the query finds, best first (ties keep their order). The query matches a title or a
 * text as written, ignoring case, or, made of Latin letters and digits only, the pinyin initials of
 * their Chinese characters (once `loadInitials` is done): `thh` finds 退换货. An empty query finds every
 * reply.
 */
export function searchQuickReplies(
  replies: readonly QuickReplyListing[],
  query: string,
): QuickReplyListing[] {
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return [...replies];
  // Until the dictionary is in, only what is written is matched (and no keys are cached without it).
  const byInitials = initialsLoaded() && /^[a-z0-9]+$/.test(wanted);
  return replies
    .map((reply) => ({ reply, rank: rank(reply, wanted, byInitials) }))
    .filter((found): found is { reply: QuickReplyListing; rank: number } => found.rank !== undefined)
    .sort((a, b) => a.rank - b.rank)
    .map((found) => found.reply);
}
