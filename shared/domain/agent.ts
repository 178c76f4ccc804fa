/** An agent: a person who answers customers from the console. */

/** Admins may act on every conversation of their workspace (close, transfer, …) as if they were its agent. */
export type AgentRole = 'agent' | 'admin';

export interface Agent {
  agentId: string;
  workspaceId: string;
  username: string;
  displayName: string;
  role: AgentRole;
  /** The apps whose customers this agent serves. */
  appIds: string[];
  /** Official Accounts: the customer-service account (`name@account`) replies are sent as. */
  kfAccount?: string;
  createdAt: number;
  /** A disabled agent cannot sign in, and their sessions have ended. */
  disabled?: boolean;
}

export interface AgentWithCredentials extends Agent {
  passwordHash: string;
}

export function publicAgent({ passwordHash: _hidden, ...agent }: AgentWithCredentials): Agent {
  return agent;
}
