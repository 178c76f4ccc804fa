/**
 * The workspace's history of closed conversations, one item per conversation, searched without
 * reading a single message.
 *
 * Why one item per conversation rather than an index of words: DynamoDB has no full-text search, and
 * the usual substitute (an item per character bigram of every message, so 退货 is found inside
 * 我想退货了) multiplies the write cost of every message by its length, the figure the benchmark
 * tracks per message. Here closing a conversation writes one item (its transcript, lower-cased for the
 * search, capped well below the item limit) and a search is one Query of the workspace's gsi1
 * partition (`CLOSED#workspaceId`, sorted by closing time), newest first, between the dates asked
 * for, with filters for queue, agent, tag and `contains` on the transcript: a substring match, which
 * finds Chinese words without splitting them into words. A filter still reads what it drops, so a
 * search costs the read units of the closed conversations in its date range; each request stops after
 * `readBudget` units and hands back where it stopped, and the console asks on ("search earlier").
 */
import { DeleteCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type ClosedConversation, searchForm } from '../domain/closed-conversation.ts';
import type { ReportFacts } from '../domain/report-facts.ts';
import { dynamo, isConditionalCheckFailure, tableName } from './client.ts';
import { closedConversationKey, closedHistoryPartition, closedHistorySortKey } from './keys.ts';
import { coreTable, reportsIndex } from './tables.ts';

const entryFields = [
  'conversationId',
  'workspaceId',
  'appId',
  'appName',
  'queueId',
  'agentId',
  'agentName',
  'openId',
  'remarkName',
  'tags',
  'openedAt',
  'closedAt',
  'messageCount',
  'transcript',
  'rating',
] as const;

function toEntry(item: Record<string, unknown>): ClosedConversation {
  const entry: Record<string, unknown> = {};
  for (const field of entryFields) if (item[field] !== undefined) entry[field] = item[field];
  entry.tags = Array.isArray(item.tags) ? item.tags.map(String) : [];
  return entry as unknown as ClosedConversation;
}

/**
 * Writes (or rewrites) a conversation's entry, with the facts reports count (the same item, so a
 * closing costs one write; `reportOf` puts it in the `reports` index). A conversation closed again
 * replaces its entry; an older closing handled late (a retried stream record) does not replace a
 * newer one.
 */
export async function putClosedConversation(entry: ClosedConversation, facts: ReportFacts): Promise<void> {
  const lowered = searchForm(entry.transcript);
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(coreTable),
        Item: {
          ...closedConversationKey(entry.conversationId),
          kind: 'closed-conversation',
          gsi1pk: closedHistoryPartition(entry.workspaceId),
          gsi1sk: closedHistorySortKey(entry.closedAt, entry.conversationId),
          reportOf: entry.workspaceId,
          ...entry,
          ...facts,
          // Stored only where lower case differs (Latin letters): Chinese text is kept once.
          ...(lowered === entry.transcript ? {} : { searchText: lowered }),
        },
        ConditionExpression: 'attribute_not_exists(pk) OR closedAt <= :closedAt',
        ExpressionAttributeValues: { ':closedAt': entry.closedAt },
      }),
    );
  } catch (error) {
    if (!isConditionalCheckFailure(error)) throw error;
  }
}

/** A reopened conversation leaves the history until it closes again. */
export async function deleteClosedConversation(conversationId: string): Promise<void> {
  await dynamo().send(
    new DeleteCommand({ TableName: tableName(coreTable), Key: closedConversationKey(conversationId) }),
  );
}

export interface HistoryQuery {
  workspaceId: string;
  /** Closed at or after (ms since epoch). */
  from?: number;
  /** Closed at or before (ms since epoch). */
  to?: number;
  appId?: string;
  queueId?: string;
  agentId?: string;
  tag?: string;
  /** Words the transcript must contain (any case). */
  words?: string;
  /** Where an earlier request stopped (`HistoryPage.cursor`). */
  cursor?: string;
  /** Entries wanted; fewer come back when the read budget runs out first. */
  limit: number;
  /** Read units one request may spend before it stops and hands back a cursor. */
  readBudget: number;
  /** Whether the caller may see an entry (the permission policy): others are skipped. */
  visible: (entry: ClosedConversation) => boolean;
}

export interface HistoryPage {
  entries: ClosedConversation[];
  /** Absent when the date range has been read to its start. */
  cursor?: string;
}

/** A cursor is the sort key the search stopped at: the item's place in its workspace's history. */
export const historyCursorPattern = /^\d{15}#[0-9A-HJKMNP-TV-Z]{26}$/;

/** The largest number of queries one request makes, whatever DynamoDB reports of its read units. */
const maxQueriesPerRequest = 20;

export async function searchClosedConversations(query: HistoryQuery): Promise<HistoryPage> {
  const partition = closedHistoryPartition(query.workspaceId);
  const lowest = closedHistorySortKey(query.from ?? 0, '');
  // `~` sorts after every id character: the whole last millisecond is in range.
  const highest = closedHistorySortKey(query.to ?? 999_999_999_999_999, '~');
  const filters: string[] = [];
  const values: Record<string, unknown> = { ':pk': partition, ':lowest': lowest, ':highest': highest };
  const names: Record<string, string> = {};
  const equal = (attribute: string, value: string | undefined) => {
    if (value === undefined) return;
    filters.push(`#${attribute} = :${attribute}`);
    names[`#${attribute}`] = attribute;
    values[`:${attribute}`] = value;
  };
  equal('appId', query.appId);
  equal('queueId', query.queueId);
  equal('agentId', query.agentId);
  if (query.tag !== undefined) {
    filters.push('contains(tags, :tag)');
    values[':tag'] = query.tag;
  }
  if (query.words !== undefined) {
    filters.push('(contains(transcript, :words) OR contains(searchText, :words))');
    values[':words'] = searchForm(query.words);
  }
  let startKey: Record<string, unknown> | undefined = query.cursor
    ? {
        ...closedConversationKey(query.cursor.slice(16)),
        gsi1pk: partition,
        gsi1sk: query.cursor,
      }
    : undefined;
  const entries: ClosedConversation[] = [];
  let spent = 0;
  for (let queries = 0; queries < maxQueriesPerRequest; queries++) {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk AND gsi1sk BETWEEN :lowest AND :highest',
        ...(filters.length > 0 ? { FilterExpression: filters.join(' AND ') } : {}),
        ...(Object.keys(names).length > 0 ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ScanIndexForward: false,
        // Small pages, so the budget is checked often and a full page of results stops early.
        Limit: Math.max(query.limit * 2, 25),
        ExclusiveStartKey: startKey,
        ReturnConsumedCapacity: 'TOTAL',
      }),
    );
    spent += page.ConsumedCapacity?.CapacityUnits ?? 0;
    for (const item of page.Items ?? []) {
      const entry = toEntry(item);
      if (!query.visible(entry)) continue;
      entries.push(entry);
      if (entries.length === query.limit) {
        // Everything after this item may still match: the next request starts after it.
        return { entries, cursor: String(item.gsi1sk) };
      }
    }
    startKey = page.LastEvaluatedKey;
    if (!startKey) return { entries };
    if (spent >= query.readBudget) break;
  }
  return { entries, cursor: String(startKey?.gsi1sk) };
}

const factFields = ['closedAt', ...reportsIndex.projection.include] as const;

function toFacts(item: Record<string, unknown>): ReportFacts {
  const facts: Record<string, unknown> = {};
  for (const field of factFields) if (item[field] !== undefined) facts[field] = item[field];
  return facts as unknown as ReportFacts;
}

/**
 * The report facts of the workspace's conversations closed between two instants (ms, both included):
 * one query of the `reports` index, page after page, eventually consistent (a closing seconds old may
 * be missing, as it may be from the history itself until the stream consumer has written it).
 */
export async function readReportFacts(workspaceId: string, from: number, to: number): Promise<ReportFacts[]> {
  const facts: ReportFacts[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        IndexName: reportsIndex.indexName,
        KeyConditionExpression: 'reportOf = :workspaceId AND closedAt BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':workspaceId': workspaceId, ':from': from, ':to': to },
        ExclusiveStartKey: startKey,
      }),
    );
    facts.push(...(page.Items ?? []).map(toFacts));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return facts;
}
