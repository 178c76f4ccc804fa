/**
 * The audit trail of administration and security events. Recording is best effort: an entry that
 * cannot be written is logged and the action it describes goes on, so the trail never blocks or fails
 * what it records. Reading is for the workspace's owners.
 */
import type { AuditPage } from '../domain/admin-view.ts';
import {
  type AuditActor,
  type AuditEvent,
  type AuditKind,
  type AuditSource,
  type AuditTarget,
  auditMonthsBetween,
  auditRetentionDays,
  auditRetentionMs,
  type FieldChange,
} from '../domain/audit.ts';
import { newId } from '../domain/ids.ts';
import { type Actor, mayReadAudit } from '../domain/permissions.ts';
import { logger } from '../observability/logger.ts';
import { putAuditEvent, queryAuditEvents } from '../store/audit-repository.ts';
import type { AuditQueryInput } from './audit-query-schema.ts';
import { NotAllowedError, RegistrationError } from './registration-error.ts';

/**
 * Who administers, for the trail and the policy: the acting agent as read for this request (the
 * policy decides on `actor`), how the trail names them, and where the request came from. At the
 * admin CLI the actor is the operator, an owner of the workspace the command names.
 */
export interface Administrator {
  actor: Actor;
  who: AuditActor;
  source: AuditSource;
}

/** Unknown usernames belong to no workspace; their failed sign-ins are filed here, for operators. */
export const platformAuditWorkspace = '_platform';

export interface AuditEntry {
  workspaceId: string;
  kind: AuditKind;
  who: AuditActor;
  source: AuditSource;
  target?: AuditTarget;
  summary: string;
  changes?: Record<string, FieldChange>;
}

/** Writes one entry; never throws and never takes long (a failure is logged, not raised). */
export async function recordAudit(entry: AuditEntry, now = Date.now()): Promise<void> {
  const event: AuditEvent = {
    eventId: newId(now),
    workspaceId: entry.workspaceId,
    at: now,
    kind: entry.kind,
    actor: entry.who,
    ...(entry.target ? { target: entry.target } : {}),
    summary: entry.summary,
    ...(entry.changes && Object.keys(entry.changes).length > 0 ? { changes: entry.changes } : {}),
    source: entry.source,
  };
  try {
    await putAuditEvent(event);
  } catch (error) {
    logger.error('audit event not written', {
      kind: entry.kind,
      workspaceId: entry.workspaceId,
      error: error instanceof Error ? error.message : String(error),
    });
  }
}

/** `recordAudit` for an administrator's action in their workspace. */
export function auditAction(
  admin: Administrator,
  entry: Omit<AuditEntry, 'workspaceId' | 'who' | 'source'>,
): Promise<void> {
  return recordAudit({
    ...entry,
    workspaceId: admin.actor.workspaceId,
    who: admin.who,
    source: admin.source,
  });
}

interface Cursor {
  month: string;
  sk: string;
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (
      typeof value.month === 'string' &&
      /^\d{4}-\d{2}$/.test(value.month) &&
      typeof value.sk === 'string' &&
      value.sk.length <= 80
    ) {
      return { month: value.month, sk: value.sk };
    }
  } catch {}
  throw new RegistrationError('cursor: not one this API gave out');
}

/** A page of the workspace's trail, newest first; `cursor` asks for the next page. */
export async function readAuditTrail(
  actor: Actor,
  query: AuditQueryInput,
  now = Date.now(),
): Promise<AuditPage> {
  if (!mayReadAudit(actor))
    throw new NotAllowedError('only an owner of the workspace can read its audit trail');
  const to = Math.min(query.to ?? now, now);
  const from = Math.max(query.from ?? now - auditRetentionMs, now - auditRetentionMs);
  if (from > to) return { events: [], retentionDays: auditRetentionDays };
  const page = await queryAuditEvents({
    workspaceId: actor.workspaceId,
    from,
    to,
    months: auditMonthsBetween(from, to),
    kind: query.kind,
    agentId: query.agentId,
    limit: query.limit,
    after: query.cursor ? decodeCursor(query.cursor) : undefined,
  });
  return {
    events: page.events,
    ...(page.next ? { cursor: encodeCursor(page.next) } : {}),
    retentionDays: auditRetentionDays,
  };
}
