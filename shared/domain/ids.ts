import { monotonicFactory } from 'ulid';

/** Time-sortable ids: clients order and dedupe messages and conversations by them. */
const nextUlid = monotonicFactory();

export function newId(now: number = Date.now()): string {
  return nextUlid(now);
}
