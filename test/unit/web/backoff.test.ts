import { describe, expect, it } from 'vitest';
import { Backoff, backoffDelay } from '../../../web/src/backoff.ts';

const options = { baseMs: 500, capMs: 30_000 };

describe('backoffDelay', () => {
  it('doubles the ceiling per attempt and never exceeds the cap', () => {
    const ceilings = [0, 1, 2, 3, 4, 5, 6, 7, 20, 1000].map((attempt) => backoffDelay(attempt, options, 1));
    expect(ceilings).toEqual([500, 1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000, 30_000]);
  });

  it('keeps the jitter within [ceiling / 2, ceiling]', () => {
    expect(backoffDelay(0, options, 0)).toBe(250);
    expect(backoffDelay(0, options, 0.5)).toBe(375);
    expect(backoffDelay(3, options, 0)).toBe(2000);
    expect(backoffDelay(50, options, 0)).toBe(15_000);
    // A random source outside [0, 1) cannot push a delay out of range.
    expect(backoffDelay(0, options, -3)).toBe(250);
    expect(backoffDelay(0, options, 7)).toBe(500);
  });

  it('stays finite after a very long outage', () => {
    expect(backoffDelay(Number.MAX_SAFE_INTEGER, options, 0.5)).toBe(22_500);
  });
});

describe('Backoff', () => {
  it('hands out growing delays within bounds with real randomness', () => {
    const backoff = new Backoff(options);
    for (let attempt = 0; attempt < 12; attempt++) {
      const ceiling = Math.min(30_000, 500 * 2 ** attempt);
      const delay = backoff.next();
      expect(delay).toBeGreaterThanOrEqual(ceiling / 2);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
    expect(backoff.attempts).toBe(12);
  });

  it('spreads consoles apart: different random values give different delays', () => {
    const delays = [0, 0.25, 0.5, 0.75, 0.999].map((value) =>
      new Backoff({ ...options, random: () => value }).next(),
    );
    expect(new Set(delays).size).toBe(5);
  });

  it('starts over from the base after reset', () => {
    const backoff = new Backoff({ ...options, random: () => 1 });
    expect([backoff.next(), backoff.next(), backoff.next()]).toEqual([500, 1000, 2000]);
    backoff.reset();
    expect(backoff.attempts).toBe(0);
    expect(backoff.next()).toBe(500);
  });
});
