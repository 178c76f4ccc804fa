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

/** Whether the rule claims the customer (asynchronous: a regex rule may load the regex engine). */
export async function matchesSessionFrom(rule: SessionFromRule, sessionFrom: string): Promise<boolean> {
  switch (rule.match) {
    case 'exact':
      return sessionFrom === rule.pattern;
    case 'prefix':
      return sessionFrom.startsWith(rule.pattern);
    case 'regex':
      return patternMatches(rule.pattern, sessionFrom, sessionFromPatternOptions);
  }
}

export async function selectQueue(
  queues: readonly Queue[],
  sessionFrom: string | undefined,
): Promise<string> {
  if (!sessionFrom) return defaultQueueId;
  const ordered = [...queues].sort((a, b) => a.createdAt - b.createdAt || a.queueId.localeCompare(b.queueId));
  for (const queue of ordered) {
    if (queue.queueId === defaultQueueId) continue;
    for (const rule of queue.sessionFromRules) {
      if (await matchesSessionFrom(rule, sessionFrom)) return queue.queueId;
    }
  }
  return defaultQueueId;
}
