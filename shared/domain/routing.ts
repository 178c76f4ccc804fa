/**
 * Who gets a conversation (issue: routing). Decided from the agents' load as stored; the store makes
 * the choice stick atomically (an agent's load is only raised while still under capacity), so two
 * decisions made at once can never push an agent over capacity.
 */

export type AgentStatus = 'online' | 'away' | 'offline';

/** The routing-relevant state of an agent. */
export interface AgentLoad {
  agentId: string;
  /** What the agent chose. */
  status: AgentStatus;
  /** Until when the agent counts as present (a console holds a live socket); ms since epoch. */
  presentUntil: number;
  /** Maximum active conversations. */
  capacity: number;
  activeCount: number;
  /** When the agent was last given a conversation; ms since epoch, 0 if never. */
  lastAssignedAt: number;
}

export const defaultCapacity = 5;

/** A console refreshes its presence with every ping (every few minutes); silence this long means gone. */
export const presenceLifetimeMs = 12 * 60_000;

/** Online and at a console, busy or not: someone who will get to the waiting customers. */
export function isWorking(agent: AgentLoad, now: number): boolean {
  return agent.status === 'online' && agent.presentUntil > now;
}

export function isAvailable(agent: AgentLoad, now: number): boolean {
  return isWorking(agent, now) && agent.activeCount < agent.capacity;
}

/**
 * The agents who could take a conversation, best first: the customer's last agent (sticky), then
 * the least loaded, ties going to whoever has waited longest since their last assignment.
 */
export function rankAssignees(
  agents: readonly AgentLoad[],
  stickyAgentId: string | undefined,
  now: number,
): AgentLoad[] {
  return agents
    .filter((agent) => isAvailable(agent, now))
    .sort(
      (a, b) =>
        Number(b.agentId === stickyAgentId) - Number(a.agentId === stickyAgentId) ||
        a.activeCount - b.activeCount ||
        a.lastAssignedAt - b.lastAssignedAt ||
        a.agentId.localeCompare(b.agentId),
    );
}

/**
 * The agent to try from a ranking (`rankAssignees`). Normally the best. After the write lost to other
 * writers (`contended`), one of those as good as the best, at random: a crowd arriving at once reads
 * the same loads and would otherwise all pick the same agent again, so that only one of them gets
 * through per round; spread over the equally free agents, as many get through as there are. The
 * customer's own last agent is never traded away.
 */
export function pickAssignee(
  ranked: readonly AgentLoad[],
  stickyAgentId: string | undefined,
  contended: boolean,
  random: () => number = Math.random,
): AgentLoad | undefined {
  const [best] = ranked;
  if (!contended || !best || best.agentId === stickyAgentId) return best;
  const asGood = ranked.filter((agent) => agent.activeCount === best.activeCount);
  return asGood[Math.floor(random() * asGood.length)] ?? best;
}
