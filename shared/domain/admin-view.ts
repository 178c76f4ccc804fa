/**
 * What the administration API answers (`/api/admin/*`, and `may` in `GET /api/me`): the contract
 * between the API and the console's administration screens. No answer carries a password, a token,
 * a key or a secret.
 */
import type { AgentRole } from './agent.ts';
import type { AppSummary } from './app.ts';
import type { AuditEvent } from './audit.ts';
import type { Invitation } from './invitation.ts';
import type { QueueRef } from './queue.ts';
import type { AgentStatus } from './routing.ts';

/** What the console may offer the signed-in agent, as the permission policy decides it. */
export interface Abilities {
  /** Queues, their members and the workspace's agents. */
  administer: boolean;
  manageApps: boolean;
  readAudit: boolean;
  /** The live floor view of the workspace (`GET /api/floor`). */
  watchFloor: boolean;
  /** The workspace's reports (`GET /api/reports`). */
  readReports: boolean;
}

/** An agent as the workspace's administrators see them. */
export interface AgentListing {
  agentId: string;
  username: string;
  displayName: string;
  role: AgentRole;
  capacity: number;
  appIds: string[];
  queues: QueueRef[];
  kfAccount?: string;
  status: AgentStatus;
  /** A console of theirs is connected. */
  present: boolean;
  activeCount: number;
  disabled: boolean;
  mustChangePassword: boolean;
  /** An invitation link is outstanding (the agent has no password yet) until `invitationExpiresAt`. */
  invitationPending: boolean;
  invitationExpiresAt?: number;
  createdAt: number;
}

/** Creating an agent, or resetting their password: the agent as they are now, and a link if one was made. */
export interface AgentAnswer {
  agent: AgentListing;
  invitation?: Invitation;
}

/** An app as its owners see it: never a secret, and the URL to enter in WeChat's console. */
export interface ManagedApp extends AppSummary {
  callbackUrl: string;
}

/** What testing an app's credentials found, in words. */
export interface CredentialsTest {
  ok: boolean;
  /** WeChat's errcode when it refused. */
  errcode?: number;
  /** The address WeChat saw, when it says the address is not whitelisted. */
  ip?: string;
  sentence: string;
}

/** A page of the audit trail, newest first; `cursor` asks for the next one. */
export interface AuditPage {
  events: AuditEvent[];
  cursor?: string;
  /** How long entries are kept, so the reader knows how far back the trail goes. */
  retentionDays: number;
}
