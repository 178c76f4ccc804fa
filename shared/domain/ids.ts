import { decodeTime, monotonicFactory } from 'ulid';

/** Time-sortable ids: clients order and dedupe messages and conversations by them. */
const nextUlid = monotonicFactory();

export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}

/**
 * The time an id carries. Under concurrency the monotonic factory may stamp an id a little later than
 * the caller's clock; times taken from the id keep "created at" in the same order as the ids.
 */
export function timeOf(id: string): number {
  return decodeTime(id);
}
