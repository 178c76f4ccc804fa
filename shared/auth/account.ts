import { z } from 'zod';
import { setAgentStatus } from '../store/agent-load-repository.ts';
import { getAgent, setPasswordHash } from '../store/agents-repository.ts';
import { listSessions } from '../store/sessions-repository.ts';
import type { AgentIdentity, IssuedToken } from './agent-token.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { endSessions, startSession } from './sessions.ts';

export const newPasswordSchema = z.string().min(8, 'at least 8 characters').max(256);

/**
 * Ends this sign-in. When it was the agent's last one the agent stops taking customers (offline unless
 * they chose away); signing out of one of several consoles changes nothing else.
 */
export async function signOut(
  identity: AgentIdentity,
  status: 'away' | 'offline' = 'offline',
): Promise<void> {
  await endSessions(identity.agentId, identity.sessionId);
  if ((await listSessions(identity.agentId)).length === 0) await setAgentStatus(identity.agentId, status);
}

/**
 * A new password ends every session of the agent (anyone who knew the old one is out at once) and
 * starts a fresh one for the console that changed it. Undefined when the current password is wrong.
 */
export async function changePassword(
  identity: AgentIdentity,
  currentPassword: string,
  newPassword: string,
): Promise<IssuedToken | undefined> {
  const agent = await getAgent(identity.agentId);
  if (!agent || !(await verifyPassword(currentPassword, agent.passwordHash))) return undefined;
  await setPasswordHash(agent.agentId, await hashPassword(newPassword));
  await endSessions(agent.agentId);
  return startSession(agent);
}
