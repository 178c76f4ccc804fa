/**
 * The audit trail: who did what to the workspace's administration and security, when and from where.
 * Kept for `auditRetentionDays` (a TTL on each entry); never holds a password, token, key or secret.
 */

export const auditRetentionDays = 180;

export const auditRetentionMs = auditRetentionDays * 24 * 60 * 60 * 1000;

export const auditKinds = [
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'auth.password_changed',
  'agent.created',
  'agent.invitation_created',
  'agent.invitation_accepted',
  'agent.password_reset',
  'agent.disabled',
  'agent.enabled',
  'agent.role_changed',
  'agent.changed',
  'app.added',
  'app.changed',
  'app.disabled',
  'app.enabled',
  'app.removed',
  'app.credentials_tested',
  'queue.changed',
  'queue.members_changed',
  'queue.deleted',
  'quick_reply.added',
  'quick_reply.changed',
  'quick_reply.removed',
  'workspace.created',
] as const;

export type AuditKind = (typeof auditKinds)[number];

/** Who: an agent of the workspace, or the operator at the admin CLI (no agent id). */
export interface AuditActor {
  agentId?: string;
  username: string;
}

/** From where: the caller's address and browser, as the request carried them. */
export interface AuditSource {
  ip?: string;
  userAgent?: string;
}

export interface AuditTarget {
  type: 'agent' | 'app' | 'queue' | 'quick_reply' | 'workspace';
  id: string;
  /** A name to show (a username, an app's name); never a secret. */
  name?: string;
}

/** One change of a field: its value before and after (secrets only as "set"/"changed"). */
export interface FieldChange {
  from?: unknown;
  to?: unknown;
}

export interface AuditEvent {
  eventId: string;
  workspaceId: string;
  /** ms since the epoch */
  at: number;
  kind: AuditKind;
  actor: AuditActor;
  target?: AuditTarget;
  /** One sentence saying what happened. */
  summary: string;
  changes?: Record<string, FieldChange>;
  source: AuditSource;
}

/** The month an event is filed under (UTC), `yyyy-mm`. */
export function auditMonth(at: number): string {
  return new Date(at).toISOString().slice(0, 7);
}

/** The months from `to` back to `from`, newest first: the partitions a time range spans. */
export function auditMonthsBetween(from: number, to: number): string[] {
  const months: string[] = [];
  const last = new Date(to);
  let year = last.getUTCFullYear();
  let month = last.getUTCMonth();
  const first = auditMonth(from);
  for (;;) {
    const label = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`;
    if (label < first) break;
    months.push(label);
    month -= 1;
    if (month < 0) {
      month = 11;
      year -= 1;
    }
  }
  return months;
}

/** The changed fields only: what an entry records of an edit. */
export function changesBetween(
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of Object.keys(after)) {
    if (after[field] === undefined) continue;
    if (JSON.stringify(before[field]) !== JSON.stringify(after[field])) {
      changes[field] = { from: before[field], to: after[field] };
    }
  }
  return changes;
}
