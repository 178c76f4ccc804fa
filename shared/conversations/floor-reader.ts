import type { Conversation } from '../domain/conversation.ts';
import type { CustomerName } from '../domain/customer-profile.ts';
import { type FloorView, floorLimits, floorView } from '../domain/floor.ts';
import { type Actor, mayWatchFloor } from '../domain/permissions.ts';
import type { Queue } from '../domain/queue.ts';
import { listWorkspaceAgentIds } from '../store/agents-repository.ts';
import { listActiveConversations } from '../store/conversations-repository.ts';
import { listQueues } from '../store/queues-repository.ts';
import { listWaiting } from '../store/waiting-line.ts';
import { listWorkspaceApps } from '../store/workspace-apps.ts';
import { customerNamesOf } from './customer-profile.ts';
import { membersWithLoads } from './queue-view.ts';

/**
 * The floor of the actor's workspace, or undefined when the policy does not let them watch it.
 *
 * Reads (no scan): the workspace's apps and their queues; its agents and their loads; each queue's
 * line (one query, at most `floorLimits.conversations` entries); the conversations of each agent who
 * holds any (the `serving` index, which lists only those, at most the agent's capacity); and the
 * customers' names. No conversation's messages: each carries its customer's wait
 * (`unansweredSince`). Beyond `floorLimits.conversations` open conversations the view says it is cut
 * short.
 */
export async function readFloor(
  actor: Actor,
): Promise<{ floor: FloorView; customers: CustomerName[] } | undefined> {
  if (!mayWatchFloor(actor)) return undefined;
  const [apps, agentIds] = await Promise.all([
    listWorkspaceApps(actor.workspaceId),
    listWorkspaceAgentIds(actor.workspaceId),
  ]);
  const [queues, members] = await Promise.all([
    Promise.all(apps.map(listQueues)).then((lists) => lists.flat()),
    membersWithLoads(agentIds),
  ]);
  const agents = members.filter(({ agent, load }) => !agent.disabled || load.activeCount > 0);
  const open = await openConversations(
    queues,
    agents.flatMap(({ agent, load }) => (load.activeCount > 0 ? [agent.agentId] : [])),
  );
  const ofWorkspace = open.filter((conversation) => conversation.workspaceId === actor.workspaceId);
  const conversations = ofWorkspace.slice(0, floorLimits.conversations);
  const customers = await customerNamesOf(conversations);
  const floor = floorView({
    now: Date.now(),
    apps,
    queues,
    conversations,
    agents: agents.map(({ agent, load }) => ({
      agentId: agent.agentId,
      displayName: agent.displayName,
      load,
    })),
    truncated: ofWorkspace.length > conversations.length,
  });
  return { floor, customers };
}

/** The customers in every line, and the conversations of every agent who holds some. */
async function openConversations(
  queues: readonly Queue[],
  busyAgentIds: readonly string[],
): Promise<Conversation[]> {
  // One more than shown, so that a longer line is known to be cut short.
  const [lines, served] = await Promise.all([
    Promise.all(queues.map((queue) => listWaiting(queue, floorLimits.conversations + 1))),
    Promise.all(busyAgentIds.map(listActiveConversations)),
  ]);
  // The index lags its writes by a moment: a customer just taken from the line may be read in both.
  const held = served.flat();
  const heldIds = new Set(held.map((conversation) => conversation.conversationId));
  const waiting = lines.flat().filter((conversation) => !heldIds.has(conversation.conversationId));
  return [...held, ...waiting];
}
