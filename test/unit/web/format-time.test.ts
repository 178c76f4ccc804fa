import { describe, expect, it } from 'vitest';
import { clockTime, dayLabel, relativeTime, sameDay } from '../../../web/src/format-time.ts';

// Local-time dates, so the expectations hold in any time zone the tests run in.
const at = (day: number, hours: number, minutes = 0) => new Date(2026, 2, day, hours, minutes).getTime();
const now = at(12, 15, 30); // Thursday 12 March 2026, 15:30

describe('relativeTime', () => {
  it.each([
    [now - 20_000, 'now'],
    [now + 5_000, 'now'],
    [now - 5 * 60_000, '5 min'],
    [now - 59 * 60_000, '59 min'],
    [at(12, 9, 0), '6 h'],
    [at(11, 23, 0), 'Yesterday'],
    [at(9, 10, 0), 'Mon'],
    [at(1, 10, 0), '1 Mar'],
  ])('%s → %s', (time, text) => {
    expect(relativeTime(time, now)).toBe(text);
  });
});

describe('clock and days', () => {
  it('formats a 24-hour clock', () => {
    expect(clockTime(at(12, 9, 5))).toBe('09:05');
    expect(clockTime(at(12, 21, 45))).toBe('21:45');
  });

  it('labels days for separators', () => {
    expect(dayLabel(at(12, 1), now)).toBe('Today');
    expect(dayLabel(at(11, 23), now)).toBe('Yesterday');
    expect(dayLabel(at(3, 12), now)).toBe('Tuesday, 3 March 2026');
  });

  it('compares calendar days, not 24-hour spans', () => {
    expect(sameDay(at(12, 0, 1), at(12, 23, 59))).toBe(true);
    expect(sameDay(at(11, 23, 59), at(12, 0, 1))).toBe(false);
  });
});
