/** An agent: a person who answers customers from the console. */

/**
 * What a person may do in their workspace (decided in `permissions.ts`): an `agent` serves customers;
 * an `admin` also acts on every conversation of the workspace and manages agents, queues and their
 * members; an `owner` does all an admin does and also manages admins and owners, WeChat apps and
 * reads the audit trail.
 */
export type AgentRole = 'agent' | 'admin' | 'owner';

export const agentRoles = ['agent', 'admin', 'owner'] as const satisfies readonly AgentRole[];

/** A stored role; anything unknown counts as the least privileged one. */
export function roleOf(value: unknown): AgentRole {
  return value === 'owner' || value === 'admin' ? value : 'agent';
}

export interface Agent {
  agentId: string;
  workspaceId: string;
  username: string;
  displayName: string;
  role: AgentRole;
  /** The apps whose customers this agent serves (an owner or admin may serve none). */
  appIds: string[];
  /** Official Accounts: the customer-service account (`name@account`) replies are sent as. */
  kfAccount?: string;
  createdAt: number;
  /** A disabled agent cannot sign in, and their sessions have ended. */
  disabled?: boolean;
  /**
   * The password was set by someone else (an initial password): until the agent chooses their own,
   * they may do nothing but change it (or sign out).
   */
  mustChangePassword?: boolean;
  /** An invitation link is outstanding until then (ms); the agent has no password until it is used. */
  invitationExpiresAt?: number;
}

export interface AgentWithCredentials extends Agent {
  /** Empty while the agent has no password (invited, or reset to a new invitation). */
  passwordHash: string;
}

export function publicAgent({ passwordHash: _hidden, ...agent }: AgentWithCredentials): Agent {
  return agent;
}
