import type { QueueView, TransferTargets } from './api.ts';

/**
 * Lifecycle events and frames carry agent and queue ids only; the console learns the names from the
 * queue and transfer-target reads and keeps them here, so a thread can say "Transferred to Alice".
 * Queue ids are unique within an app only (every app has a `default`), hence the app in the key.
 */
export interface Names {
  readonly agents: Readonly<Record<string, string>>;
  readonly queues: Readonly<Record<string, string>>;
}

export const noNames: Names = { agents: {}, queues: {} };

const queueKey = (appId: string, queueId: string) => `${appId}/${queueId}`;

export function agentName(names: Names, agentId: string): string | undefined {
  return names.agents[agentId];
}

export function queueName(names: Names, appId: string, queueId: string): string | undefined {
  return names.queues[queueKey(appId, queueId)];
}

/** Returns `names` itself when nothing new was learnt, so the store does not re-render for nothing. */
export function learnFromQueues(names: Names, queues: readonly QueueView[]): Names {
  return learn(
    names,
    queues.flatMap((queue) => queue.members),
    queues.map((queue) => [queueKey(queue.appId, queue.queueId), queue.name] as const),
  );
}

export function learnFromTargets(names: Names, appId: string, targets: TransferTargets): Names {
  return learn(
    names,
    targets.agents,
    targets.queues.map((queue) => [queueKey(appId, queue.queueId), queue.name] as const),
  );
}

function learn(
  names: Names,
  agents: readonly { agentId: string; displayName: string }[],
  queues: readonly (readonly [string, string])[],
): Names {
  const nextAgents = merged(
    names.agents,
    agents.map((agent) => [agent.agentId, agent.displayName] as const),
  );
  const nextQueues = merged(names.queues, queues);
  if (nextAgents === names.agents && nextQueues === names.queues) return names;
  return { agents: nextAgents, queues: nextQueues };
}

function merged(
  record: Readonly<Record<string, string>>,
  entries: readonly (readonly [string, string])[],
): Readonly<Record<string, string>> {
  const fresh = entries.filter(([key, name]) => name && record[key] !== name);
  return fresh.length === 0 ? record : { ...record, ...Object.fromEntries(fresh) };
}
