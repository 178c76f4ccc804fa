import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type AuditEvent, auditMonth, auditRetentionMs } from '../domain/audit.ts';
import { dynamo, tableName } from './client.ts';
import { auditPartition } from './keys.ts';
import { coreTable } from './tables.ts';

/** Sorts by time, then id: ISO 8601 in UTC sorts as text in time order. */
function sortKey(event: Pick<AuditEvent, 'at' | 'eventId'>): string {
  return `${new Date(event.at).toISOString()}#${event.eventId}`;
}

/**
 * Files the event under its workspace and month, with a TTL at the end of the retention period.
 * Bounded in time: an audit entry is never worth holding up what it records.
 */
export async function putAuditEvent(event: AuditEvent, timeoutMs = 2000): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(coreTable),
      Item: {
        pk: auditPartition(event.workspaceId, auditMonth(event.at)),
        sk: sortKey(event),
        ...event,
        // `kind` says what an item of the core table is; the event's own kind goes beside it.
        kind: 'audit',
        auditKind: event.kind,
        actorAgentId: event.actor.agentId,
        targetAgentId: event.target?.type === 'agent' ? event.target.id : undefined,
        expiresAt: Math.ceil((event.at + auditRetentionMs) / 1000),
      },
    }),
    { abortSignal: AbortSignal.timeout(timeoutMs) },
  );
}

export interface AuditQuery {
  workspaceId: string;
  /** Newest first, from `to` back to `from` (ms, both included). */
  from: number;
  to: number;
  months: readonly string[];
  kind?: string;
  /** Events by this agent or about them. */
  agentId?: string;
  limit: number;
  /** Where the previous page stopped. */
  after?: { month: string; sk: string };
}

export interface AuditPage {
  events: AuditEvent[];
  next?: { month: string; sk: string };
}

function toEvent(item: Record<string, unknown>): AuditEvent {
  return {
    eventId: String(item.eventId),
    workspaceId: String(item.workspaceId),
    at: Number(item.at),
    kind: item.auditKind as AuditEvent['kind'],
    actor: item.actor as AuditEvent['actor'],
    ...(item.target ? { target: item.target as AuditEvent['target'] } : {}),
    summary: String(item.summary),
    ...(item.changes ? { changes: item.changes as AuditEvent['changes'] } : {}),
    source: (item.source as AuditEvent['source'] | undefined) ?? {},
  };
}

/** One page of the trail, newest first, across the months the range spans. */
export async function queryAuditEvents(query: AuditQuery): Promise<AuditPage> {
  const events: AuditEvent[] = [];
  const lower = new Date(query.from).toISOString();
  // Every sort key of the last millisecond sorts below this one.
  const upper = `${new Date(query.to).toISOString()}#~`;
  const startMonth = query.after ? query.months.indexOf(query.after.month) : 0;
  if (startMonth < 0) return { events };
  const filters: string[] = [];
  const values: Record<string, unknown> = {};
  if (query.kind) {
    filters.push('auditKind = :kind');
    values[':kind'] = query.kind;
  }
  if (query.agentId) {
    filters.push('(actorAgentId = :agentId OR targetAgentId = :agentId)');
    values[':agentId'] = query.agentId;
  }
  for (let index = startMonth; index < query.months.length; index++) {
    const month = query.months[index] as string;
    const pk = auditPartition(query.workspaceId, month);
    let startKey: Record<string, unknown> | undefined =
      query.after && index === startMonth ? { pk, sk: query.after.sk } : undefined;
    do {
      const page = await dynamo().send(
        new QueryCommand({
          TableName: tableName(coreTable),
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :lower AND :upper',
          ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
          ExpressionAttributeValues: { ':pk': pk, ':lower': lower, ':upper': upper, ...values },
          ScanIndexForward: false,
          ExclusiveStartKey: startKey,
          Limit: Math.max(query.limit * 2, 25),
        }),
      );
      for (const item of page.Items ?? []) {
        events.push(toEvent(item));
        if (events.length === query.limit) {
          return { events, next: { month, sk: String(item.sk) } };
        }
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return { events };
}
