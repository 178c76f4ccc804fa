import type { Agent } from '../domain/agent.ts';
import { isOpen } from '../domain/business-hours.ts';
import { type Actor, mayAdminister } from '../domain/permissions.ts';
import type { Queue } from '../domain/queue.ts';
import type { MemberView, QueueView } from '../domain/queue-view.ts';
import type { AgentLoad } from '../domain/routing.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getApp } from '../store/apps-repository.ts';
import { listAgentQueues, listQueueMemberIds, listQueues } from '../store/queues-repository.ts';
import { listWaiting } from '../store/waiting-line.ts';
import { listWorkspaceApps } from '../store/workspace-apps.ts';

/** How many waiting customers one view shows; the rest are behind them and counted by the notices. */
const shownWaiting = 100;

/** The agents (those that still exist) with their current load. */
export async function membersWithLoads(
  agentIds: readonly string[],
): Promise<{ agent: Agent; load: AgentLoad }[]> {
  const [agents, loads] = await Promise.all([Promise.all(agentIds.map(getAgent)), getAgentLoads(agentIds)]);
  const loadOf = new Map<string, AgentLoad>(loads.map((load) => [load.agentId, load]));
  return agents.flatMap((agent) => {
    const load = agent && loadOf.get(agent.agentId);
    return agent && load ? [{ agent, load }] : [];
  });
}

export function memberView(agent: Agent, load: AgentLoad, now: number): MemberView {
  return {
    agentId: agent.agentId,
    displayName: agent.displayName,
    status: load.status,
    present: load.presentUntil > now,
    activeCount: load.activeCount,
    capacity: load.capacity,
  };
}

async function viewOf(queue: Queue, now: number): Promise<QueueView> {
  const [memberIds, waiting] = await Promise.all([
    listQueueMemberIds(queue),
    listWaiting(queue, shownWaiting),
  ]);
  return {
    queueId: queue.queueId,
    appId: queue.appId,
    name: queue.name,
    withinBusinessHours: isOpen(queue.businessHours, now),
    ...(queue.responseTargets ? { responseTargets: queue.responseTargets } : {}),
    members: (await membersWithLoads(memberIds)).map(({ agent, load }) => memberView(agent, load, now)),
    waiting: waiting.map((conversation, index) => ({
      conversation,
      position: index + 1,
      waitedMs: Math.max(0, now - conversation.createdAt),
    })),
  };
}

/** The queues an agent serves (an admin: every queue of the workspace), each with its line in order. */
export async function queueViewsFor(actor: Actor): Promise<QueueView[]> {
  const now = Date.now();
  const queues: Queue[] = [];
  if (mayAdminister(actor)) {
    for (const app of await listWorkspaceApps(actor.workspaceId)) queues.push(...(await listQueues(app)));
  } else {
    const refs = await listAgentQueues(actor.agentId);
    const appIds = [...new Set(refs.map((ref) => ref.appId))];
    for (const appId of appIds) {
      const app = await getApp(appId);
      if (!app) continue;
      const served = new Set(refs.filter((ref) => ref.appId === appId).map((ref) => ref.queueId));
      queues.push(...(await listQueues(app)).filter((queue) => served.has(queue.queueId)));
    }
  }
  return Promise.all(queues.map((queue) => viewOf(queue, now)));
}
