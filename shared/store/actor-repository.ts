import type { AgentIdentity } from '../auth/agent-token.ts';
import type { Actor } from '../domain/agent.ts';
import { getAgent } from './agents-repository.ts';

/**
 * Who acts, with their current role: read at every action, so a changed role applies at once rather
 * than at the next login. Undefined for an agent who no longer exists.
 */
export async function findActor(identity: AgentIdentity): Promise<Actor | undefined> {
  const agent = await getAgent(identity.agentId);
  if (!agent || agent.workspaceId !== identity.workspaceId) return undefined;
  return { agentId: agent.agentId, workspaceId: agent.workspaceId, role: agent.role };
}
