import { afterEach, describe, expect, it } from 'vitest';
import { setLocale } from '../../../../web/src/i18n.ts';
import { durationText } from '../../../../web/src/reports/duration-text.ts';

afterEach(() => setLocale('en', false));

describe('durationText', () => {
  it.each<[number | null, string, string]>([
    [null, '—', '—'],
    [0, '0秒', '0 s'],
    [45, '45秒', '45 s'],
    [59.9, '59秒', '59 s'],
    [60, '1分00秒', '1 min 00 s'],
    [125, '2分05秒', '2 min 05 s'],
    [3599, '59分59秒', '59 min 59 s'],
    [3600, '1小时00分', '1 h 00 min'],
    [3780, '1小时03分', '1 h 03 min'],
    [86_399, '23小时59分', '23 h 59 min'],
    [86_400 + 4 * 3600 + 59, '1天04小时', '1 d 04 h'],
    [-5, '0秒', '0 s'],
  ])('%s s → %s / %s', (seconds, chinese, english) => {
    setLocale('zh-CN', false);
    expect(durationText(seconds)).toBe(chinese);
    setLocale('en', false);
    expect(durationText(seconds)).toBe(english);
  });
});
