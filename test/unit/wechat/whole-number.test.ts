import { describe, expect, it } from 'vitest';
import { wholeNumber } from '../../../shared/wechat/whole-number.ts';

describe('wholeNumber', () => {
  it.each([
    ['0', 0],
    ['1714112445', 1714112445],
    ['007', 7],
    ['9007199254740991', Number.MAX_SAFE_INTEGER],
    [`${'0'.repeat(40)}42`, 42],
  ])('reads %s', (text, value) => {
    expect(wholeNumber(text)).toBe(value);
  });

  it.each([
    ['empty', ''],
    ['2^53, not a safe integer', '9007199254740992'],
    ['far beyond 2^53', '9'.repeat(400)],
    ['a sign', '+1'],
    ['a minus', '-1'],
    ['a fraction', '1.5'],
    ['an exponent', '1e3'],
    ['whitespace', ' 1'],
    ['hexadecimal', '0x10'],
    ['a digit of another script', '١٢'],
  ])('refuses %s', (_name, text) => {
    expect(wholeNumber(text)).toBeUndefined();
  });

  it('agrees with a pattern test and Number() on every text of up to 17 digits', () => {
    for (let digits = 1; digits <= 17; digits++) {
      for (const lead of ['1', '9', '0']) {
        const text = lead + '7'.repeat(digits - 1);
        const value = Number(text);
        expect(wholeNumber(text)).toBe(Number.isSafeInteger(value) ? value : undefined);
      }
    }
  });
});
