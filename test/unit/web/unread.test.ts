import { describe, expect, it } from 'vitest';
import { advanceCursor, unreadLabel, unreadOf } from '../../../web/src/unread.ts';
import { conversation, id, message } from './fixtures.ts';

const readThrough = (order: number) => ({
  conversationId: 'c1',
  readThrough: id(order),
  markedUnread: false,
  updatedAt: 1,
});

describe('unreadOf', () => {
  const thread = [message(1), message(2, { direction: 'outbound', author: 'agent' }), message(3), message(4)];

  it('counts customer messages after the read cursor when the history is loaded', () => {
    expect(unreadOf(conversation('c1', 4), thread, true, readThrough(2))).toEqual({ count: 2, exact: true });
  });

  it('has nothing unread once the cursor reaches the last message', () => {
    expect(unreadOf(conversation('c1', 4), thread, true, readThrough(4))).toEqual({ count: 0, exact: true });
  });

  it('counts at least one for a conversation never opened whose messages are not loaded', () => {
    expect(unreadOf(conversation('c1', 4), undefined, false, undefined)).toEqual({ count: 1, exact: false });
  });

  it('counts frames received for a conversation never opened, as a floor', () => {
    expect(unreadOf(conversation('c1', 4), [message(3), message(4)], false, undefined)).toEqual({
      count: 2,
      exact: false,
    });
  });

  it('counts a conversation marked unread as at least one, until more than that comes', () => {
    const marked = { ...readThrough(4), markedUnread: true };
    expect(unreadOf(conversation('c1', 4), thread, true, marked)).toEqual({ count: 1, exact: false });
    expect(unreadOf(conversation('c1', 4), thread, true, { ...marked, readThrough: id(2) })).toEqual({
      count: 2,
      exact: true,
    });
  });

  it('shows a closed conversation marked unread as unread', () => {
    const closed = conversation('c1', 4, { state: 'closed' });
    expect(unreadOf(closed, undefined, false, undefined)).toEqual({ count: 0, exact: true });
    expect(
      unreadOf(closed, undefined, false, { conversationId: 'c1', markedUnread: true, updatedAt: 1 }),
    ).toEqual({ count: 1, exact: false });
  });

  it('labels floors with a plus', () => {
    expect(unreadLabel({ count: 2, exact: true })).toBe('2');
    expect(unreadLabel({ count: 2, exact: false })).toBe('2+');
  });
});

describe('advanceCursor', () => {
  it('moves to the last message seen and never back', () => {
    expect(advanceCursor(undefined, [message(1), message(5)])).toBe(id(5));
    expect(advanceCursor(id(7), [message(1), message(5)])).toBe(id(7));
    expect(advanceCursor(id(3), [])).toBe(id(3));
  });
});
