import { recordAudit } from '../admin/audit-trail.ts';
import type { AuditSource } from '../domain/audit.ts';
import { setAgentStatus } from '../store/agent-load-repository.ts';
import { getAgentNow, setPassword } from '../store/agents-repository.ts';
import { listSessions } from '../store/sessions-repository.ts';
import type { AgentIdentity, IssuedToken } from './agent-token.ts';
import { hashPassword, verifyPassword } from './password.ts';
import { endSessions, startSession } from './sessions.ts';

export { newPasswordSchema } from '../domain/password-schema.ts';

const agentOf = (identity: AgentIdentity) => ({ agentId: identity.agentId, username: identity.username });

/**
 * Ends this sign-in. When it was the agent's last one the agent stops taking customers (offline unless
 * they chose away); signing out of one of several consoles changes nothing else.
 */
export async function signOut(
  identity: AgentIdentity,
  status: 'away' | 'offline' = 'offline',
  source: AuditSource = {},
): Promise<void> {
  await endSessions(identity.agentId, identity.sessionId);
  if ((await listSessions(identity.agentId)).length === 0) await setAgentStatus(identity.agentId, status);
  await recordAudit({
    workspaceId: identity.workspaceId,
    kind: 'auth.signed_out',
    who: agentOf(identity),
    source,
    target: { type: 'agent', id: identity.agentId, name: identity.username },
    summary: 'signed out',
  });
}

export type PasswordChange =
  | ({ outcome: 'changed' } & IssuedToken & { mustChangePassword: false })
  | { outcome: 'wrong_password' }
  | { outcome: 'unchanged' };

/**
 * A new password ends every session of the agent (anyone who knew the old one is out at once) and
 * starts a fresh one for the console that changed it. It must differ from the current one, which
 * matters most when the current one was set by someone else (then nothing else is allowed until it
 * is changed).
 */
export async function changePassword(
  identity: AgentIdentity,
  currentPassword: string,
  newPassword: string,
  source: AuditSource = {},
): Promise<PasswordChange> {
  const agent = await getAgentNow(identity.agentId);
  if (!agent || !(await verifyPassword(currentPassword, agent.passwordHash))) {
    return { outcome: 'wrong_password' };
  }
  if (newPassword.normalize('NFKC') === currentPassword.normalize('NFKC')) return { outcome: 'unchanged' };
  await setPassword(agent.agentId, await hashPassword(newPassword), { mustChange: false });
  await endSessions(agent.agentId);
  const issued = await startSession(agent);
  await recordAudit({
    workspaceId: agent.workspaceId,
    kind: 'auth.password_changed',
    who: agentOf(identity),
    source,
    target: { type: 'agent', id: agent.agentId, name: agent.username },
    summary: agent.mustChangePassword
      ? 'chose their own password in place of the initial one; every other session ended'
      : 'changed their password; every other session ended',
  });
  return { outcome: 'changed', ...issued, mustChangePassword: false };
}
