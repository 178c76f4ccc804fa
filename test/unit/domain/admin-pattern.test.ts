import { describe, expect, it } from 'vitest';
import {
  maxMatchedTextLength,
  patternMatches,
  patternProblem,
} from '../../../shared/domain/admin-pattern.ts';

const ignoringCase = { ignoreCase: true };
const caseSensitive = { ignoreCase: false };

describe('patternProblem', () => {
  it.each([
    ['^(退|换)货'],
    ['(订单|单号)\\s*[:：]?\\s*\\d{10,20}'],
    ['[\\u4e00-\\u9fa5]{2,10}'],
    ['^(?<shop>shop):\\d+$'],
    ['\\w{1,100}@\\w{1,100}'],
    // Escaped, or inside a class, these are characters, not lookarounds or backreferences.
    ['\\(\\?=x\\)'],
    ['[(?=]'],
    ['\\\\1'],
  ])('accepts %s', async (pattern) => {
    expect(await patternProblem(pattern, ignoringCase)).toBeUndefined();
  });

  it.each([
    ['([', 'not a valid regular expression'],
    ['\\Qa.b\\E', 'not a valid regular expression'],
    ['(?i)abc', 'not a valid regular expression'],
    ['(?<=shop:)12', 'lookahead and lookbehind'],
    ['(?<!vip)shop', 'lookahead and lookbehind'],
    ['shop(?!:12)', 'lookahead and lookbehind'],
    ['(a)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'backreferences'],
    ['\\p{Script=Han}', 'not supported by the linear-time engine (RE2)'],
    ['(?:a{1,30}){1,30}', 'too complex'],
    ['a'.repeat(201), 'at most 200 characters'],
  ])('refuses %s, saying why', async (pattern, problem) => {
    expect(await patternProblem(pattern, ignoringCase)).toContain(problem);
  });
});

describe('patternMatches', () => {
  it('finds the pattern anywhere in the text, over unicode', async () => {
    expect(await patternMatches('退(款|货)', '我想退货', ignoringCase)).toBe(true);
    expect(await patternMatches('[\\u4e00-\\u9fa5]{2}', 'ab好的', ignoringCase)).toBe(true);
    expect(await patternMatches('^.$', '👋', caseSensitive)).toBe(true);
  });

  it('ignores case only when asked', async () => {
    expect(await patternMatches('^order\\s*\\d+$', 'ORDER 42', ignoringCase)).toBe(true);
    expect(await patternMatches('^shop:12$', 'SHOP:12', caseSensitive)).toBe(false);
  });

  it('runs in time linear in the text', async () => {
    // The engine loads on first use: loaded before the clock starts, so that only matching is timed.
    await patternMatches('a', 'a', caseSensitive);
    const started = performance.now();
    expect(await patternMatches('^(a|a)+$', `${'a'.repeat(maxMatchedTextLength - 1)}b`, ignoringCase)).toBe(
      false,
    );
    expect(await patternMatches('(.*.*.*.*.*)*x', 'a'.repeat(maxMatchedTextLength), caseSensitive)).toBe(
      false,
    );
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('matches nothing in a text longer than the bound', async () => {
    expect(await patternMatches('a', 'a'.repeat(maxMatchedTextLength), ignoringCase)).toBe(true);
    expect(await patternMatches('a', 'a'.repeat(maxMatchedTextLength + 1), ignoringCase)).toBe(false);
  });

  it('matches nothing for a pattern that could not be saved today (stored before the checks)', async () => {
    expect(await patternMatches('(?<=a)b', 'ab', ignoringCase)).toBe(false);
    expect(await patternMatches('(a)\\1', 'aa', ignoringCase)).toBe(false);
  });
});
