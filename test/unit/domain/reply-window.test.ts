import { describe, expect, it } from 'vitest';
import { allowance, type ReplyWindow, windowAfterInbound } from '../../../shared/domain/reply-window.ts';

const hour = 3_600_000;

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
    expect(windowAfterInbound(used, 'message', 10 * hour)).toEqual({
      grant: 'message',
      openedAt: 10 * hour,
      used: 0,
    });
  });

  it('grants 2 messages for a minute when a Mini Program session is entered, 3 when an Official Account is followed', () => {
    expect(windowAfterInbound(undefined, 'session-entry', 5)).toEqual({
      grant: 'session-entry',
      openedAt: 5,
      used: 0,
    });
    expect(windowAfterInbound(undefined, 'subscribe', 5)).toEqual({
      grant: 'subscribe',
      openedAt: 5,
      used: 0,
    });
  });

  it('keeps a 48-hour window that still has messages over a shorter grant', () => {
    const open: ReplyWindow = { grant: 'message', openedAt: 0, used: 2 };
    expect(windowAfterInbound(open, 'session-entry', hour)).toBe(open);
    const spent: ReplyWindow = { grant: 'message', openedAt: 0, used: 5 };
    expect(windowAfterInbound(spent, 'session-entry', hour)).toEqual({
      grant: 'session-entry',
      openedAt: hour,
      used: 0,
    });
  });

  it('gives a menu click or a QR scan 3 messages within a minute', () => {
    for (const grant of ['menu-click', 'qr-scan'] as const) {
      const window = windowAfterInbound(undefined, grant, 0);
      expect(window).toEqual({ grant, openedAt: 0, used: 0 });
      expect(allowance(window, 59_999)).toEqual({ allowed: true, remaining: 3, closesAt: 60_000 });
      expect(allowance({ grant, openedAt: 0, used: 3 }, 1)).toMatchObject({
        allowed: false,
        reason: 'quota_used_up',
      });
      expect(allowance(window, 60_000)).toMatchObject({ allowed: false, reason: 'window_closed' });
    }
  });

  it('changes nothing for pushes that grant nothing', () => {
    const open: ReplyWindow = { grant: 'message', openedAt: 0, used: 1 };
    expect(windowAfterInbound(open, undefined, hour)).toBe(open);
    expect(windowAfterInbound(undefined, undefined, 1)).toBeUndefined();
  });
});
