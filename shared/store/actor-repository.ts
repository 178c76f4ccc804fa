import type { AgentIdentity } from '../auth/agent-token.ts';
import { roleOf } from '../domain/agent.ts';
import type { Actor } from '../domain/permissions.ts';
import { isLive } from '../domain/session.ts';
import { queryAll, tableName } from './client.ts';
import { agentKey, sessionKey } from './keys.ts';
import { toSession } from './sessions-repository.ts';
import { coreTable } from './tables.ts';

/**
 * Who acts, with their current role and queues: read at every action (one Query of the agent's
 * partition, which holds the agent, their queue memberships and their sessions), so a change applies
 * at once rather than at the next sign-in. Undefined when the agent no longer exists or is disabled,
 * or when the token's session has ended (signed out, password changed, expired).
 */
export async function findActor(identity: AgentIdentity, now = Date.now()): Promise<Actor | undefined> {
  const items = await agentPartition(identity.agentId);
  const agent = items.find((item) => item.kind === 'agent');
  if (!agent || agent.workspaceId !== identity.workspaceId || agent.disabled === true) return undefined;
  const session = items.find((item) => item.sk === sessionKey(identity.agentId, identity.sessionId).sk);
  if (!session || !isLive(toSession(session), now)) return undefined;
  return actorOf(agent, items);
}

/**
 * An agent as the permission policy sees them now, whatever their sessions (to decide who else may
 * see something, e.g. a colleague's note); undefined when disabled or gone.
 */
export async function findAgentActor(agentId: string): Promise<Actor | undefined> {
  const items = await agentPartition(agentId);
  const agent = items.find((item) => item.kind === 'agent');
  if (!agent || agent.disabled === true) return undefined;
  return actorOf(agent, items);
}

function agentPartition(agentId: string) {
  return queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': agentKey(agentId).pk },
  });
}

function actorOf(agent: Record<string, unknown>, items: Record<string, unknown>[]): Actor {
  return {
    agentId: String(agent.agentId),
    workspaceId: String(agent.workspaceId),
    role: roleOf(agent.role),
    queues: items
      .filter((item) => item.kind === 'agent-queue')
      .map((item) => ({ appId: String(item.appId), queueId: String(item.queueId) })),
    ...(agent.mustChangePassword === true ? { mustChangePassword: true } : {}),
  };
}
