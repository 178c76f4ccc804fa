import { describe, expect, it } from 'vitest';
import {
  addDays,
  datesBetween,
  daysBetween,
  isCalendarDate,
  startOfDate,
  zonedDateHour,
} from '../../../shared/domain/zoned-calendar.ts';

describe('dates and hours in a time zone', () => {
  it('place an instant on its date and hour there', () => {
    const instant = Date.UTC(2026, 10, 30, 16, 10);
    expect(zonedDateHour(instant, 'Asia/Shanghai')).toEqual({ date: '2026-12-01', hour: 0 });
    expect(zonedDateHour(instant, 'UTC')).toEqual({ date: '2026-11-30', hour: 16 });
    expect(zonedDateHour(instant, 'America/New_York')).toEqual({ date: '2026-11-30', hour: 11 });
  });

  it('start a date at its midnight there, or at the first moment a clock change leaves it', () => {
    expect(startOfDate('2026-12-01', 'Asia/Shanghai')).toBe(Date.UTC(2026, 10, 30, 16));
    expect(startOfDate('2026-12-01', 'UTC')).toBe(Date.UTC(2026, 11, 1));
    expect(startOfDate('2026-12-01', 'Asia/Kolkata')).toBe(Date.UTC(2026, 10, 30, 18, 30));
    // New York's days around its clock changes: 2026-03-08 has 23 hours, 2026-11-01 has 25.
    expect(
      startOfDate('2026-03-09', 'America/New_York') - startOfDate('2026-03-08', 'America/New_York'),
    ).toBe(23 * 3_600_000);
    expect(
      startOfDate('2026-11-02', 'America/New_York') - startOfDate('2026-11-01', 'America/New_York'),
    ).toBe(25 * 3_600_000);
    // Santiago skips from 23:59:59 to 01:00 on 2026-09-06: that date begins at 01:00 (04:00 UTC).
    expect(startOfDate('2026-09-06', 'America/Santiago')).toBe(Date.UTC(2026, 8, 6, 4));
  });

  it('count calendar dates whatever the zone', () => {
    expect(isCalendarDate('2028-02-29')).toBe(true);
    expect(isCalendarDate('2026-02-29')).toBe(false);
    expect(isCalendarDate('2026-1-01')).toBe(false);
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(datesBetween('2026-11-29', '2026-12-02')).toEqual([
      '2026-11-29',
      '2026-11-30',
      '2026-12-01',
      '2026-12-02',
    ]);
    expect(daysBetween('2026-12-01', '2027-03-02')).toBe(92);
  });
});
