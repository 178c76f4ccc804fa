import type { AgentIdentity } from '../auth/agent-token.ts';
import type { Actor } from '../domain/permissions.ts';
import { queryAll, tableName } from './client.ts';
import { agentKey } from './keys.ts';
import { coreTable } from './tables.ts';

/**
 * Who acts, with their current role and queues: read at every action (one Query of the agent's
 * partition, which holds the agent and their queue memberships), so a change applies at once rather
 * than at the next sign-in. Undefined for an agent who no longer exists.
 */
export async function findActor(identity: AgentIdentity): Promise<Actor | undefined> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': agentKey(identity.agentId).pk },
  });
  const agent = items.find((item) => item.kind === 'agent');
  if (!agent || agent.workspaceId !== identity.workspaceId) return undefined;
  return {
    agentId: String(agent.agentId),
    workspaceId: String(agent.workspaceId),
    role: agent.role === 'admin' ? 'admin' : 'agent',
    queues: items
      .filter((item) => item.kind === 'agent-queue')
      .map((item) => ({ appId: String(item.appId), queueId: String(item.queueId) })),
  };
}
