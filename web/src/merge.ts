import type { Message } from '../../shared/domain/message.ts';

/**
 * Merging messages from three sources (history pages, live frames, resyncs after a reconnect) into
 * one thread. Message ids are ULIDs, so comparing them as strings orders by creation time; the
 * server may deliver a frame twice and a resync overlaps what frames already brought, so every
 * merge dedupes by id.
 */

export type MergeMode =
  /** `message.created`: a second delivery of a message already shown changes nothing. */
  | 'keep'
  /** `message.updated` and HTTP reads: the incoming copy is the newer truth and replaces in place. */
  | 'replace';

/** How far an outbound message got; a status never goes back (pending → sending → sent or failed). */
const statusRank: Record<NonNullable<Message['status']>, number> = {
  pending: 0,
  sending: 1,
  sent: 2,
  failed: 2,
};

/**
 * Whether `incoming` is an older view of a message than `known`: the HTTP answer to a send (still
 * `pending`) can arrive after the socket said `sent`, and a read can race a `message.updated`.
 */
function isStale(incoming: Message, known: Message): boolean {
  if (!incoming.status || !known.status) return false;
  return statusRank[incoming.status] < statusRank[known.status];
}

export function compareIds(left: string, right: string): number {
  return left < right ? -1 : left > right ? 1 : 0;
}

/**
 * Returns `existing` itself when nothing changed, so a duplicate frame does not re-render the thread.
 * Keeping the first copy on a duplicate `message.created` matters: a retried delivery of the
 * original must not undo a `message.updated` that arrived in between.
 */
export function mergeMessages(
  existing: readonly Message[],
  incoming: readonly Message[],
  mode: MergeMode,
): readonly Message[] {
  if (incoming.length === 0) return existing;
  const last = existing.at(-1)?.messageId;
  const sortedIncoming = isSorted(incoming) ? incoming : [...incoming].sort(byMessageId);
  const first = sortedIncoming[0] as Message;
  // The common case, a new message after everything known, is an append.
  if ((last === undefined || first.messageId > last) && hasUniqueIds(sortedIncoming)) {
    return [...existing, ...sortedIncoming];
  }

  const byId = new Map(existing.map((message) => [message.messageId, message]));
  let changed = false;
  for (const message of sortedIncoming) {
    const known = byId.get(message.messageId);
    if (known && (mode === 'keep' || known === message || isStale(message, known))) continue;
    byId.set(message.messageId, message);
    changed = true;
  }
  if (!changed) return existing;
  return [...byId.values()].sort(byMessageId);
}

/** The id to pass as `after` when asking the server for what this thread has not seen yet. */
export function lastMessageId(messages: readonly Message[]): string | undefined {
  return messages.at(-1)?.messageId;
}

/** An outbound message older than this still `pending` or `sending` is stuck, not on its way. */
const inFlightForMs = 60 * 60_000;

/**
 * Where a catch-up read after a reconnect starts. Normally after the last message; but while one of
 * the agent's messages is still on its way to WeChat, its `sent` or `failed` comes as a
 * `message.updated` frame, which a dropped socket loses, so the read starts just before it.
 */
export function catchUpCursor(messages: readonly Message[], now: number): string | undefined {
  const index = messages.findIndex(
    (message) =>
      message.direction === 'outbound' &&
      (message.status === 'pending' || message.status === 'sending') &&
      now - message.createdAt < inFlightForMs,
  );
  if (index === -1) return lastMessageId(messages);
  return index === 0 ? undefined : messages[index - 1]?.messageId;
}

function byMessageId(left: Message, right: Message): number {
  return compareIds(left.messageId, right.messageId);
}

function isSorted(messages: readonly Message[]): boolean {
  for (let index = 1; index < messages.length; index++) {
    if ((messages[index - 1] as Message).messageId > (messages[index] as Message).messageId) return false;
  }
  return true;
}

function hasUniqueIds(sorted: readonly Message[]): boolean {
  for (let index = 1; index < sorted.length; index++) {
    if ((sorted[index - 1] as Message).messageId === (sorted[index] as Message).messageId) return false;
  }
  return true;
}
