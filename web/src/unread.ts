import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import type { ReadCursor } from '../../shared/domain/read-cursor.ts';

/**
 * What the agent has not looked at yet: the customer's messages after the agent's read cursor (the
 * last message they had on screen, kept by the server), or at least one when they marked the
 * conversation unread.
 */

export interface Unread {
  count: number;
  /** False when messages after the cursor exist that this console has not loaded, so `count` is a floor. */
  exact: boolean;
}

const nothingUnread: Unread = { count: 0, exact: true };

export function unreadOf(
  conversation: Conversation,
  messages: readonly Message[] | undefined,
  historyLoaded: boolean,
  cursor: ReadCursor | undefined,
): Unread {
  const unread = unreadAfter(conversation, messages, historyLoaded, cursor?.readThrough);
  // Marked unread with nothing new after the cursor: one "new" mark, as for an unknown count.
  if (cursor?.markedUnread && unread.count === 0) return { count: 1, exact: false };
  return unread;
}

function unreadAfter(
  conversation: Conversation,
  messages: readonly Message[] | undefined,
  historyLoaded: boolean,
  readUpTo: string | undefined,
): Unread {
  // A closed conversation asks nothing more of the agent: never unread on first sight (a fresh browser
  // has no cursors), nor for messages the console has not even loaded.
  if (conversation.state === 'closed' && (readUpTo === undefined || !historyLoaded)) return nothingUnread;
  const cursor = readUpTo ?? '';
  if (conversation.lastMessageId <= cursor) return nothingUnread;
  const count = (messages ?? []).filter(
    (message) => message.direction === 'inbound' && message.messageId > cursor,
  ).length;
  if (historyLoaded) return { count, exact: true };
  // Something newer than the cursor exists even if none of it is loaded yet.
  return { count: Math.max(count, 1), exact: false };
}

/** "3", or "3+" when there may be more than the console has loaded. */
export function unreadLabel(unread: Unread): string {
  return unread.exact ? String(unread.count) : `${unread.count}+`;
}

/** The read cursor after the agent has seen `messages`: never moves backwards. */
export function advanceCursor(
  readUpTo: string | undefined,
  messages: readonly Message[],
): string | undefined {
  const last = messages.at(-1)?.messageId;
  if (last === undefined) return readUpTo;
  return readUpTo === undefined || last > readUpTo ? last : readUpTo;
}
