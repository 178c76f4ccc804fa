/**
 * How wrong passwords slow down guessing. A username gets a few free tries (people mistype), then each
 * further failure locks it for twice as long as the last, up to a quarter of an hour. A source address
 * gets more free tries, because a shop's agents often share one office address. Failures older than
 * the window are forgotten.
 */
export type ThrottleSubject = 'username' | 'address';

const freeFailures: Record<ThrottleSubject, number> = { username: 5, address: 20 };
const firstLockMs = 1000;
const longestLockMs = 15 * 60 * 1000;
export const failureWindowMs = 15 * 60 * 1000;

/** How long to refuse sign-ins after this many failures in a row. */
export function lockAfter(subject: ThrottleSubject, failures: number): number {
  const over = failures - freeFailures[subject];
  if (over <= 0) return 0;
  return Math.min(longestLockMs, firstLockMs * 2 ** (over - 1));
}
