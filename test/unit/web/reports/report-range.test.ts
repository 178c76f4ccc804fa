import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../../web/src/i18n.ts';
import {
  addDays,
  dateIn,
  presetRange,
  rangeProblem,
  timeZoneChoices,
} from '../../../../web/src/reports/report-range.ts';

afterEach(() => setLocale('en', false));

// 2026-12-05 17:30 UTC: already 6 December in Shanghai (UTC+8), still 5 December in New York.
const now = Date.UTC(2026, 11, 5, 17, 30);

describe('dateIn', () => {
  it('is the calendar date in the zone', () => {
    expect(dateIn('Asia/Shanghai', now)).toBe('2026-12-06');
    expect(dateIn('America/New_York', now)).toBe('2026-12-05');
    expect(dateIn('UTC', now)).toBe('2026-12-05');
  });
});

describe('presetRange', () => {
  it('ends today in the zone and spans the preset’s days', () => {
    expect(presetRange('today', 'Asia/Shanghai', now)).toEqual({ from: '2026-12-06', to: '2026-12-06' });
    expect(presetRange('last7', 'Asia/Shanghai', now)).toEqual({ from: '2026-11-30', to: '2026-12-06' });
    expect(presetRange('last30', 'America/New_York', now)).toEqual({ from: '2026-11-06', to: '2026-12-05' });
  });
});

describe('addDays', () => {
  it('crosses months, years and leap days', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(() => addDays('2026-02-30', 1)).toThrow();
  });
});

describe('rangeProblem', () => {
  it('accepts a range of one to 92 days', () => {
    expect(rangeProblem('2026-12-01', '2026-12-01')).toBeUndefined();
    expect(rangeProblem('2026-09-05', '2026-12-05')).toBeUndefined();
  });

  it('says what is wrong with any other', () => {
    expect(rangeProblem('', '2026-12-01')).toBe('Choose a start date and an end date.');
    expect(rangeProblem('2026-02-30', '2026-03-01')).toBe('Choose a start date and an end date.');
    expect(rangeProblem('2026-12-02', '2026-12-01')).toBe('The start date is after the end date.');
    expect(rangeProblem('2026-09-04', '2026-12-05')).toBe(
      'A report covers at most 92 days: choose a shorter range.',
    );
    setLocale('zh-CN', false);
    expect(rangeProblem('2026-12-02', '2026-12-01')).toBe('开始日期晚于结束日期。');
  });
});

describe('timeZoneChoices', () => {
  it('offers the browser’s zone first, then China’s, each once', () => {
    const choices = timeZoneChoices('Europe/Berlin');
    expect(choices.slice(0, 2)).toEqual(['Europe/Berlin', 'Asia/Shanghai']);
    expect(new Set(choices).size).toBe(choices.length);
    expect(timeZoneChoices('Asia/Shanghai')[0]).toBe('Asia/Shanghai');
  });
});
