/**
 * Which queue a customer belongs to, from the `SessionFrom` of the customer-service button they
 * pressed (e.g. `shop:12` on merchant 12's page). The first queue whose rule matches wins, in the
 * order the queues were created, so an operator can reason about overlaps; nothing matching, or no
 * `SessionFrom` at all, means the app's default queue.
 */
import { type PatternOptions, patternMatches } from './admin-pattern.ts';
import { defaultQueueId, type Queue, type SessionFromRule } from './queue.ts';

/** SessionFrom rules are case-sensitive, like `exact` and `prefix`. */
export const sessionFromPatternOptions: PatternOptions = { ignoreCase: false };

export function matchesSessionFrom(rule: SessionFromRule, sessionFrom: string): boolean {
  switch (rule.match) {
    case 'exact':
      return sessionFrom === rule.pattern;
    case 'prefix':
      return sessionFrom.startsWith(rule.pattern);
    case 'regex':
      return patternMatches(rule.pattern, sessionFrom, sessionFromPatternOptions);
  }
}

export function selectQueue(queues: readonly Queue[], sessionFrom: string | undefined): string {
  if (!sessionFrom) return defaultQueueId;
  const ordered = [...queues].sort((a, b) => a.createdAt - b.createdAt || a.queueId.localeCompare(b.queueId));
  const chosen = ordered.find(
    (queue) =>
      queue.queueId !== defaultQueueId &&
      queue.sessionFromRules.some((rule) => matchesSessionFrom(rule, sessionFrom)),
  );
  return chosen?.queueId ?? defaultQueueId;
}
