import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
import { allowance, type ReplyWindow, windowAfterInbound } from '../../../shared/domain/reply-window.ts';

const hour = 3_600_000;
const text: MessageContent = { type: 'text', text: 'hi' };
const enter: MessageContent = { type: 'event', event: 'user_enter_tempsession', detail: {} };
const subscribe: MessageContent = { type: 'event', event: 'subscribe', detail: {} };
const unsubscribe: MessageContent = { type: 'event', event: 'unsubscribe', detail: {} };

describe('allowance', () => {
  const opened: ReplyWindow = { grant: 'message', openedAt: 0, used: 0 };

  it.each([
    ['fresh window', opened, 1, { allowed: true, remaining: 5, closesAt: 48 * hour }],
    ['4 used', { ...opened, used: 4 }, 1, { allowed: true, remaining: 1, closesAt: 48 * hour }],
    ['5 used', { ...opened, used: 5 }, 1, { allowed: false, reason: 'quota_used_up', closesAt: 48 * hour }],
    ['just before 48 h', opened, 48 * hour - 1, { allowed: true, remaining: 5, closesAt: 48 * hour }],
    ['at 48 h', opened, 48 * hour, { allowed: false, reason: 'window_closed', closesAt: 48 * hour }],
    [
      'session entry after 59 s, 1 used',
      { grant: 'session-entry', openedAt: 0, used: 1 },
      59_000,
      { allowed: true, remaining: 1, closesAt: 60_000 },
    ],
    [
      'session entry after a minute',
      { grant: 'session-entry', openedAt: 0, used: 0 },
      60_000,
      { allowed: false, reason: 'window_closed', closesAt: 60_000 },
    ],
    [
      'subscribe, 3 used',
      { grant: 'subscribe', openedAt: 0, used: 3 },
      1,
      { allowed: false, reason: 'quota_used_up', closesAt: 60_000 },
    ],
    ['no window', undefined, 1, { allowed: false, reason: 'no_window' }],
  ] as const)('%s', (_name, window, now, expected) => {
    expect(allowance(window, now)).toEqual(expected);
  });
});

describe('windowAfterInbound', () => {
  it('opens a fresh 48-hour window on every customer message, resetting the count', () => {
    const used: ReplyWindow = { grant: 'message', openedAt: 0, used: 5 };
    expect(windowAfterInbound(used, text, 'miniprogram', 10 * hour)).toEqual({
      grant: 'message',
      openedAt: 10 * hour,
      used: 0,
    });
  });

  it('grants 2 messages for a minute when a Mini Program session is entered, 3 when an Official Account is followed', () => {
    expect(windowAfterInbound(undefined, enter, 'miniprogram', 5)).toEqual({
      grant: 'session-entry',
      openedAt: 5,
      used: 0,
    });
    expect(windowAfterInbound(undefined, subscribe, 'official-account', 5)).toEqual({
      grant: 'subscribe',
      openedAt: 5,
      used: 0,
    });
  });

  it('keeps a 48-hour window that still has messages over a shorter grant', () => {
    const open: ReplyWindow = { grant: 'message', openedAt: 0, used: 2 };
    expect(windowAfterInbound(open, enter, 'miniprogram', hour)).toBe(open);
    const spent: ReplyWindow = { grant: 'message', openedAt: 0, used: 5 };
    expect(windowAfterInbound(spent, enter, 'miniprogram', hour)).toEqual({
      grant: 'session-entry',
      openedAt: hour,
      used: 0,
    });
  });

  it('changes nothing for events that grant nothing', () => {
    const open: ReplyWindow = { grant: 'message', openedAt: 0, used: 1 };
    expect(windowAfterInbound(open, unsubscribe, 'official-account', hour)).toBe(open);
    expect(windowAfterInbound(open, subscribe, 'miniprogram', hour)).toBe(open);
    expect(
      windowAfterInbound(undefined, { type: 'unknown', msgType: 'x', fields: {} }, 'miniprogram', 1),
    ).toBeUndefined();
  });
});
