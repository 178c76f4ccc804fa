/** The operator at the admin CLI: an owner of whichever workspace a command names, on the audit trail by name. */
import { userInfo } from 'node:os';
import type { Administrator } from '../../shared/admin/audit-trail.ts';

/** What every command knows besides its flags. */
export interface CliContext {
  /** The agent console's address (invitation links lead there), when the target says. */
  consoleUrl?: string;
}

function operatorName(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** Who the trail says acted: the operator, by their login on this machine, from the CLI. */
export function operatorIdentity(): Omit<Administrator, 'actor'> {
  return { who: { username: `operator:${operatorName()}` }, source: { userAgent: 'admin CLI' } };
}

/**
 * The operator acting in a workspace: they hold the deployment's credentials, so the policy sees an
 * owner (the same checks as an owner in the console: the workspace keeps an owner, and so on).
 */
export function operatorIn(workspaceId: string): Administrator {
  return { ...operatorIdentity(), actor: { agentId: 'operator', workspaceId, role: 'owner', queues: [] } };
}
