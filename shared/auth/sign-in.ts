import { type Agent, publicAgent } from '../domain/agent.ts';
import type { AgentLoad } from '../domain/routing.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { findAgentByUsername, getAgent } from '../store/agents-repository.ts';
import { type AgentIdentity, type IssuedToken, issueAgentToken } from './agent-token.ts';
import { verifyPassword } from './password.ts';

export type SignedIn = IssuedToken & { agent: Agent };

/** A token for the agent when the password is theirs; undefined alike for an unknown user and a wrong password. */
export async function signIn(username: string, password: string): Promise<SignedIn | undefined> {
  const agent = await findAgentByUsername(username);
  if (!agent || !(await verifyPassword(password, agent.passwordHash))) return undefined;
  return { ...(await issueAgentToken(agent)), agent: publicAgent(agent) };
}

/** A fresh token for an agent who still exists. */
export async function renewToken(identity: AgentIdentity): Promise<SignedIn | undefined> {
  const agent = await getAgent(identity.agentId);
  return agent ? { ...(await issueAgentToken(agent)), agent: publicAgent(agent) } : undefined;
}

/** The signed-in agent as the console shows them, with their routing state. */
export async function describeAgent(
  identity: AgentIdentity,
): Promise<{ agent: Agent; routing: AgentLoad | undefined } | undefined> {
  const [agent, loads] = await Promise.all([getAgent(identity.agentId), getAgentLoads([identity.agentId])]);
  return agent ? { agent: publicAgent(agent), routing: loads[0] } : undefined;
}
