import type { ReadCursor } from '../../shared/domain/read-cursor.ts';

/**
 * The agent's read cursors as the server keeps them (one per conversation), merged from the list read,
 * the answers to this console's own marks and the `read.updated` frames of the agent's other consoles.
 */
export type ReadCursors = Readonly<Record<string, ReadCursor>>;

/**
 * Whether `candidate` is newer than `held`. Reading only ever moves a cursor forward, so between two
 * reads the further one wins whatever the clocks say; a mark as unread, or reading after one, is
 * decided by when it happened.
 */
function supersedes(candidate: ReadCursor, held: ReadCursor | undefined): boolean {
  if (!held) return true;
  if (!candidate.markedUnread && !held.markedUnread) {
    return (candidate.readThrough ?? '') > (held.readThrough ?? '');
  }
  if (candidate.updatedAt !== held.updatedAt) return candidate.updatedAt > held.updatedAt;
  return (candidate.readThrough ?? '') > (held.readThrough ?? '');
}

/** The cursors with `cursor` in, unless the one held is newer (then the same object). */
export function withCursor(cursors: ReadCursors, cursor: ReadCursor): ReadCursors {
  if (!supersedes(cursor, cursors[cursor.conversationId])) return cursors;
  return { ...cursors, [cursor.conversationId]: cursor };
}

export function withCursors(cursors: ReadCursors, incoming: readonly ReadCursor[]): ReadCursors {
  return incoming.reduce(withCursor, cursors);
}
