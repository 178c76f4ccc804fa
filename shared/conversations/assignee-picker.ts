import type { QueueRef } from '../domain/queue.ts';
import { type AgentLoad, rankAssignees } from '../domain/routing.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { listQueueMemberIds } from '../store/queues-repository.ts';
import { hasWaitingConversations } from '../store/waiting-line.ts';

/**
 * Who of the queue could take a new conversation right now, best first. Nobody while others are
 * waiting in it: first come, first served, so a newcomer never overtakes the line.
 */
export async function rankAssigneesForNew(
  queue: QueueRef,
  stickyAgentId: string | undefined,
): Promise<AgentLoad[]> {
  if (await hasWaitingConversations(queue)) return [];
  return rankAssignees(await getAgentLoads(await listQueueMemberIds(queue)), stickyAgentId, Date.now());
}
