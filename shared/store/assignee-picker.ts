import { type AgentLoad, rankAssignees } from '../domain/routing.ts';
import { getAgentLoads } from './agent-load-repository.ts';
import { listAppMemberIds } from './apps-repository.ts';
import { hasWaitingConversations } from './queue-repository.ts';

/**
 * Who could take a new conversation of the app right now, best first. Nobody while others are
 * waiting: first come, first served, so a newcomer never overtakes the queue.
 */
export async function rankAssigneesForNew(
  appId: string,
  stickyAgentId: string | undefined,
): Promise<AgentLoad[]> {
  if (await hasWaitingConversations(appId)) return [];
  return rankAssignees(await getAgentLoads(await listAppMemberIds(appId)), stickyAgentId, Date.now());
}
