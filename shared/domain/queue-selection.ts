/**
 * Which queue a customer belongs to, from the `SessionFrom` of the customer-service button they
 * pressed (e.g. `shop:12` on merchant 12's page) or the scene of an Official Account's parametric QR
 * code they scanned (e.g. `store-a` on store A's counter). The first queue whose rule matches wins, in
 * the order the queues were created, so an operator can reason about overlaps; nothing matching, or
 * neither value at all, means the app's default queue.
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
  return (await firstClaiming(queues, (queue) => queue.sessionFromRules, sessionFrom)) ?? defaultQueueId;
}

/**
 * The queue of a customer who came by a QR code and/or a customer-service button: the code just
 * scanned speaks first (it is where the customer stands now), then where they entered the chat.
 */
export async function selectQueueForEntry(
  queues: readonly Queue[],
  entry: { sessionFrom?: string; qrScene?: string },
): Promise<string> {
  const byScene = await firstClaiming(queues, (queue) => queue.qrSceneRules ?? [], entry.qrScene);
  return byScene ?? selectQueue(queues, entry.sessionFrom);
}

async function firstClaiming(
  queues: readonly Queue[],
  rulesOf: (queue: Queue) => readonly SessionFromRule[],
  value: string | undefined,
): Promise<string | undefined> {
  if (!value) return undefined;
  const ordered = [...queues].sort((a, b) => a.createdAt - b.createdAt || a.queueId.localeCompare(b.queueId));
  for (const queue of ordered) {
    if (queue.queueId === defaultQueueId) continue;
    for (const rule of rulesOf(queue)) {
      if (await matchesSessionFrom(rule, value)) return queue.queueId;
    }
  }
  return undefined;
}
