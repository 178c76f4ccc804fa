/** A new workspace and its first owner (the admin CLI's `workspace add`). */
import type { Agent } from '../domain/agent.ts';
import { findAgentByUsername } from '../store/agents-repository.ts';
import { createWorkspace, deleteWorkspace, getWorkspace } from '../store/workspaces-repository.ts';
import { type Administrator, auditAction } from './audit-trail.ts';
import { createAgentAccount, workspaceIdSchema } from './registration.ts';
import { RegistrationError } from './registration-error.ts';

export interface WorkspaceCreation {
  workspaceId: string;
  name?: string;
  owner: { username: string; displayName?: string; password: string };
}

/**
 * Records the workspace and creates its owner, who chose the password themselves (typed at the
 * operator's prompt). Refused when the workspace or the username exists already.
 */
export async function addWorkspace(
  creation: WorkspaceCreation,
  operator: Omit<Administrator, 'actor'>,
): Promise<{ workspaceId: string; owner: Agent }> {
  const workspaceId = workspaceIdSchema.parse(creation.workspaceId);
  if (await getWorkspace(workspaceId)) {
    throw new RegistrationError(`workspace ${workspaceId} already exists`, 'conflict');
  }
  if (await findAgentByUsername(creation.owner.username)) {
    throw new RegistrationError(`username ${creation.owner.username} is already taken`, 'conflict');
  }
  if (!(await createWorkspace({ workspaceId, name: creation.name ?? workspaceId, createdAt: Date.now() }))) {
    throw new RegistrationError(`workspace ${workspaceId} already exists`, 'conflict');
  }
  let owner: Agent;
  try {
    ({ agent: owner } = await createAgentAccount({
      workspaceId,
      username: creation.owner.username,
      displayName: creation.owner.displayName,
      password: creation.owner.password,
      role: 'owner',
    }));
  } catch (error) {
    // A workspace without its owner is no use: leave nothing behind.
    await deleteWorkspace(workspaceId);
    throw error;
  }
  const admin: Administrator = {
    ...operator,
    actor: { agentId: operator.who.agentId ?? 'operator', workspaceId, role: 'owner', queues: [] },
  };
  await auditAction(admin, {
    kind: 'workspace.created',
    target: { type: 'workspace', id: workspaceId, name: creation.name ?? workspaceId },
    summary: `created workspace ${workspaceId} with owner ${owner.username}`,
  });
  await auditAction(admin, {
    kind: 'agent.created',
    target: { type: 'agent', id: owner.agentId, name: owner.username },
    summary: `created owner ${owner.username}`,
    changes: { role: { to: 'owner' } },
  });
  return { workspaceId, owner };
}
