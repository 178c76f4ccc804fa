/**
 * Storage of what conversations remember of recent customer messages (`domain/recent-inbound.ts`):
 * the `recentInbound` map on the conversation item, the dedupe items of messages that had to give way
 * before their time was up, and the dedupe items every customer message had before conversations
 * remembered them (still written for messages that open nothing).
 */
import {
  BatchWriteCommand,
  type BatchWriteCommandInput,
  type BatchWriteCommandOutput,
  GetCommand,
} from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import type { RecentEntry, RecentInbound } from '../domain/recent-inbound.ts';
import { dynamo, tableName } from './client.ts';
import { toConversation } from './conversations-repository.ts';
import { conversationKey, dedupeKey } from './keys.ts';
import { coreTable } from './tables.ts';

/** The conversation item's memory (internal: never part of a Conversation). */
export const recentInboundAttribute = 'recentInbound';

/** A conversation with what it remembers, and the size of its item without the memory. */
export interface ConversationForInbound {
  conversation: Conversation;
  /** Absent on a conversation no customer message has reached since conversations remember. */
  recentInbound?: RecentInbound;
  /** The stored item without `recentInbound`, to size the memory by (see `itemBytes`). */
  item: Record<string, unknown>;
}

export async function getConversationForInbound(
  conversationId: string,
  consistent: boolean,
): Promise<ConversationForInbound | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: conversationKey(conversationId),
      ConsistentRead: consistent,
    }),
  );
  if (!Item) return undefined;
  const { [recentInboundAttribute]: recentInbound, ...item } = Item;
  return {
    conversation: toConversation(Item),
    item,
    ...(recentInbound ? { recentInbound: recentInbound as RecentInbound } : {}),
  };
}

function valueBytes(value: unknown): number {
  if (value === null || value === undefined || typeof value === 'boolean') return 1;
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (Array.isArray(value))
    return 3 + value.reduce((sum: number, element) => sum + 1 + valueBytes(element), 0);
  if (typeof value === 'object') {
    return (
      3 +
      Object.entries(value as Record<string, unknown>).reduce(
        (sum, [name, element]) => sum + Buffer.byteLength(name) + 1 + valueBytes(element),
        0,
      )
    );
  }
  return 8;
}

/** An item's size as DynamoDB counts it (attribute names and values; numbers about a byte per two digits). */
export function itemBytes(item: Record<string, unknown>): number {
  return Object.entries(item).reduce(
    (sum, [name, value]) => sum + (value === undefined ? 0 : Buffer.byteLength(name) + valueBytes(value)),
    0,
  );
}

/**
 * How many bytes the memory may take on an item of `bytes` without it: what is left of the
 * kilobytes the item pays for anyway (one write unit per KB started), with a margin for the
 * estimate, and never less than room for a few entries.
 */
export function memoryBudget(bytes: number): number {
  const paidFor = Math.max(1, Math.ceil(bytes / 1024)) * 1024;
  return Math.max(80, paidFor - bytes - 48);
}

/** How long the dedupe items of messages that gave way live (TTL; readers need them for minutes). */
const gaveWayLifetimeSeconds = 24 * 60 * 60;

type WriteRequests = NonNullable<BatchWriteCommandInput['RequestItems']>[string];

const gaveWayKey = (appId: string, openId: string, slot: string) =>
  dedupeKey(appId, `slot:${openId}:${slot}`);

/** Writes down messages that gave way in the memory of `conversationId` (idempotent). */
export async function writeGaveWay(
  appId: string,
  openId: string,
  conversationId: string,
  gaveWay: readonly { slot: string; entry: RecentEntry }[],
): Promise<void> {
  const table = tableName(coreTable);
  for (let start = 0; start < gaveWay.length; start += 25) {
    let requests: WriteRequests | undefined = gaveWay.slice(start, start + 25).map(({ slot, entry }) => ({
      PutRequest: {
        Item: {
          ...gaveWayKey(appId, openId, slot),
          kind: 'dedupe',
          conversationId: entry.conversationId ?? conversationId,
          time: entry.time,
          expiresAt: Math.floor(entry.time / 1000) + gaveWayLifetimeSeconds,
        },
      },
    }));
    while (requests && requests.length > 0) {
      const written: BatchWriteCommandOutput = await dynamo().send(
        new BatchWriteCommand({ RequestItems: { [table]: requests } }),
      );
      requests = written.UnprocessedItems?.[table];
    }
  }
}

/** A message that gave way in its conversation's memory, found by its slot. */
export async function findGaveWay(
  appId: string,
  openId: string,
  slot: string,
): Promise<Required<RecentEntry> | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: gaveWayKey(appId, openId, slot),
      ConsistentRead: true,
    }),
  );
  return Item ? { conversationId: String(Item.conversationId), time: Number(Item.time) } : undefined;
}

/**
 * Whether a customer message was recorded with a dedupe item of its own (as every one was before
 * conversations remembered them, and as those that open nothing still are).
 */
export async function hasDedupeMarker(appId: string, key: string): Promise<boolean> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: dedupeKey(appId, key),
      ProjectionExpression: 'pk',
      ConsistentRead: true,
    }),
  );
  return Item !== undefined;
}
