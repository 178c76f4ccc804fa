/**
 * The tables, declared once: CDK creates them from these definitions and the local runtime creates
 * the same tables in DynamoDB Local.
 *
 * Three tables rather than one, because of the stream:
 * - `messages` is the durable log. Every write to it is a side effect waiting to happen (push to
 *   agents, send to WeChat), so it alone carries a stream and nothing else is written to it.
 * - `core` holds everything that is state rather than log (apps, agents, conversations, customers,
 *   dedupe markers, tokens) in single-table style; none of its churn wakes the dispatcher.
 * - `connections` holds socket connections: high churn, short-lived, looked up by agent.
 */

import { functionEnv } from '../config/env-names.ts';

export type AttributeType = 'S' | 'N';

export interface KeyAttribute {
  readonly name: string;
  readonly type: AttributeType;
}

export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  /** `include`: the keys and these attributes. */
  readonly projection: 'ALL' | 'KEYS_ONLY' | { readonly include: readonly string[] };
}

/** An index's projection as DynamoDB's API and CloudFormation spell it. */
export function projectionOf(index: IndexDefinition): {
  ProjectionType: 'ALL' | 'KEYS_ONLY' | 'INCLUDE';
  NonKeyAttributes?: string[];
} {
  return typeof index.projection === 'string'
    ? { ProjectionType: index.projection }
    : { ProjectionType: 'INCLUDE', NonKeyAttributes: [...index.projection.include] };
}

/**
 * What a function needs of a table to reach it. Functions import these and nothing more, so the
 * definitions (keys, indexes), which only CDK and the local runtime read, stay out of their bundles.
 */
export interface TableRef {
  /** Logical id used by the manifest, CDK construct ids and env var names. */
  readonly id: TableId;
  /** Environment variable through which functions learn the physical table name. */
  readonly envVar: string;
}

export interface TableDefinition extends TableRef {
  /** Stack output holding the physical table name (the admin CLI reads it). */
  readonly outputKey: string;
  readonly partitionKey: KeyAttribute;
  readonly sortKey?: KeyAttribute;
  readonly timeToLiveAttribute?: string;
  readonly stream?: 'NEW_AND_OLD_IMAGES' | 'NEW_IMAGE';
  readonly globalSecondaryIndexes: readonly IndexDefinition[];
}

export type TableId = 'core' | 'messages' | 'connections';

/**
 * A workspace's closed conversations by closing time, with the facts reports count
 * (shared/domain/report-facts.ts): a report is one query of these small items, its reads
 * proportional to the conversations closed in its range and never to their messages. Sparse:
 * only history entries carry `reportOf` (the workspace), and only the facts are projected, not
 * the transcript that history searches read.
 */
export const reportsIndex = {
  indexName: 'reports',
  partitionKey: { name: 'reportOf', type: 'S' },
  sortKey: { name: 'closedAt', type: 'N' },
  projection: {
    include: [
      'conversationId',
      'appId',
      'queueId',
      'agentId',
      'openedAt',
      'firstAssignedAt',
      'firstResponseAt',
      'leftMessage',
      'customerMessages',
      'agentMessages',
      'messagesByHour',
      'agentMessagesByHour',
      'rating',
      'ratedAt',
      'ratingComment',
    ],
  },
} as const satisfies IndexDefinition;

export const coreTable = { id: 'core', envVar: functionEnv.coreTable } as const satisfies TableRef;
export const messagesTable = {
  id: 'messages',
  envVar: functionEnv.messagesTable,
} as const satisfies TableRef;
export const connectionsTable = {
  id: 'connections',
  envVar: functionEnv.connectionsTable,
} as const satisfies TableRef;

/**
 * A table's definition from its reference. A call marked pure, because a bundler keeps an object
 * literal that reads another object's properties (they might be getters): unused, this is dropped.
 */
function defined(table: TableRef, definition: Omit<TableDefinition, keyof TableRef>): TableDefinition {
  return { ...table, ...definition };
}

const coreTableDefinition = /* @__PURE__ */ defined(coreTable, {
  outputKey: 'CoreTableName',
  partitionKey: { name: 'pk', type: 'S' },
  sortKey: { name: 'sk', type: 'S' },
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      // The conversations an agent closed, by closing (their history), and the customers waiting in
      // each queue, in arrival order. Also a workspace's quick replies, by set
      // (shared/store/quick-replies-repository.ts). The conversations being served are not here but
      // in `serving`: every attribute is projected here, so every message would rewrite their entry.
      indexName: 'gsi1',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      projection: 'ALL',
    },
    {
      // The conversations each agent is serving. Sparse and keys only: only active conversations
      // carry `servedBy` (their assignee), set by the write that assigns them and removed by the one
      // that closes them or puts them back in a queue, so a customer's message or an agent's answer,
      // which change other attributes only, write nothing here. Lists read the items by their keys.
      indexName: 'serving',
      partitionKey: { name: 'servedBy', type: 'S' },
      sortKey: { name: 'conversationId', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // A customer's conversations with one app, newest first (their history in the profile panel).
      // Sparse and keys only: only conversation items carry `historyOf`, written once when the
      // conversation is created and never changed, so the index costs one write per conversation
      // and the many updates of a busy conversation (or of the customer's own item) write nothing.
      indexName: 'byCustomer',
      partitionKey: { name: 'historyOf', type: 'S' },
      sortKey: { name: 'conversationId', type: 'S' },
      projection: 'KEYS_ONLY',
    },
    {
      // What housekeeping has to look at, so that its work follows what is due rather than how many
      // apps and agents exist. Sparse: only open conversations carry `dueIn`, `ACTIVE#<shard>` (an
      // assigned conversation, `dueAt` a time before which it cannot time out) or `QUEUED#<shard>`
      // (a waiting customer, `dueAt` when they began waiting). Shards spread the writes of a busy
      // deployment over partitions. Only the conversation's id and queue are projected: they tell
      // which lines to move along without reading the conversations, and the many updates of a busy
      // conversation change nothing here (its lifecycle changes do).
      indexName: 'due',
      partitionKey: { name: 'dueIn', type: 'S' },
      sortKey: { name: 'dueAt', type: 'N' },
      projection: { include: ['conversationId', 'appId', 'queueId'] },
    },
    reportsIndex,
  ],
});

const messagesTableDefinition = /* @__PURE__ */ defined(messagesTable, {
  outputKey: 'MessagesTableName',
  partitionKey: { name: 'conversationId', type: 'S' },
  sortKey: { name: 'messageId', type: 'S' },
  // Old images let the dispatcher tell a status change (message.updated) from a new message.
  stream: 'NEW_AND_OLD_IMAGES',
  globalSecondaryIndexes: [
    {
      // Outbound messages still on their way to WeChat (`pending` or `sending`), oldest first: what
      // housekeeping sweeps when one has been on its way too long. Sparse: only such messages carry
      // the keys (see `shared/store/messages-repository.ts`).
      indexName: 'undelivered',
      partitionKey: { name: 'undelivered', type: 'S' },
      sortKey: { name: 'undeliveredSince', type: 'N' },
      projection: 'KEYS_ONLY',
    },
  ],
});

const connectionsTableDefinition = /* @__PURE__ */ defined(connectionsTable, {
  outputKey: 'ConnectionsTableName',
  partitionKey: { name: 'connectionId', type: 'S' },
  // $disconnect is best effort; TTL is the backstop for rows nobody deleted.
  timeToLiveAttribute: 'expiresAt',
  globalSecondaryIndexes: [
    {
      indexName: 'byAgent',
      partitionKey: { name: 'agentId', type: 'S' },
      sortKey: { name: 'connectedAt', type: 'N' },
      projection: 'ALL',
    },
  ],
});

export const tables: readonly TableDefinition[] = [
  coreTableDefinition,
  messagesTableDefinition,
  connectionsTableDefinition,
];
