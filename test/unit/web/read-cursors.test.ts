import { describe, expect, it } from 'vitest';
import type { ReadCursor } from '../../../shared/domain/read-cursor.ts';
import { withCursor, withCursors } from '../../../web/src/read-cursors.ts';
import { id } from './fixtures.ts';

const cursor = (order: number, updatedAt: number, markedUnread = false): ReadCursor => ({
  conversationId: 'c1',
  readThrough: id(order),
  markedUnread,
  updatedAt,
});

describe('read cursors', () => {
  it('take the further of two reads, whichever clock stamped them', () => {
    const held = { c1: cursor(5, 2_000) };
    expect(withCursor(held, cursor(3, 9_000))).toBe(held);
    expect(withCursor(held, cursor(5, 9_000))).toBe(held);
    expect(withCursor(held, cursor(7, 1_000)).c1).toEqual(cursor(7, 1_000));
  });

  it('decide between a mark as unread and a read by when each happened', () => {
    const read = { c1: cursor(5, 2_000) };
    const marked = withCursor(read, cursor(5, 3_000, true));
    expect(marked.c1?.markedUnread).toBe(true);
    expect(withCursor(marked, cursor(5, 2_500))).toBe(marked);
    expect(withCursor(marked, cursor(5, 3_500)).c1?.markedUnread).toBe(false);
  });

  it('keep the cursors of other conversations when merging a list', () => {
    const merged = withCursors({ c2: { ...cursor(1, 1), conversationId: 'c2' } }, [cursor(4, 1)]);
    expect(Object.keys(merged).sort()).toEqual(['c1', 'c2']);
  });
});
