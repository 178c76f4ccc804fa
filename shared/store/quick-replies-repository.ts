import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { QuickReply, QuickReplyScope } from '../domain/quick-reply.ts';
import { dynamo, isConditionalCheckFailure, queryAll, tableName } from './client.ts';
import { quickRepliesPartition, quickReplyKey, quickReplySetPrefix } from './keys.ts';
import { coreTable } from './tables.ts';

/** A set of quick replies to read; a queue set without ids stands for every queue (of the app). */
export type QuickReplySet = Parameters<typeof quickReplySetPrefix>[0];

const fields = [
  'quickReplyId',
  'workspaceId',
  'scope',
  'title',
  'text',
  'menu',
  'createdAt',
  'updatedAt',
] as const;

function toQuickReply(item: Record<string, unknown>): QuickReply {
  const reply: Record<string, unknown> = {};
  for (const field of fields) if (item[field] !== undefined) reply[field] = item[field];
  return reply as unknown as QuickReply;
}

function itemOf(reply: QuickReply) {
  return {
    ...quickReplyKey(reply.quickReplyId),
    kind: 'quick-reply',
    gsi1pk: quickRepliesPartition(reply.workspaceId),
    gsi1sk: `${quickReplySetPrefix(reply.scope)}${reply.quickReplyId}`,
    ...reply,
  };
}

export async function getQuickReply(quickReplyId: string): Promise<QuickReply | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: quickReplyKey(quickReplyId),
      ConsistentRead: true,
    }),
  );
  return Item ? toQuickReply(Item) : undefined;
}

/** Adds a new reply (its id is new, so nothing is overwritten). */
export async function createQuickReply(reply: QuickReply): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(coreTable),
      Item: itemOf(reply),
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
}

/**
 * Stores a changed reply in place of the one read before; false when it has been deleted meanwhile
 * (a reply never moves to another set or workspace, and the condition keeps it so).
 */
export async function replaceQuickReply(reply: QuickReply): Promise<boolean> {
  try {
    await dynamo().send(
      new PutCommand({
        TableName: tableName(coreTable),
        Item: itemOf(reply),
        ConditionExpression: 'attribute_exists(pk) AND workspaceId = :workspaceId',
        ExpressionAttributeValues: { ':workspaceId': reply.workspaceId },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}

export async function deleteQuickReply(quickReplyId: string): Promise<void> {
  await dynamo().send(
    new DeleteCommand({ TableName: tableName(coreTable), Key: quickReplyKey(quickReplyId) }),
  );
}

function setQuery(workspaceId: string, set: QuickReplySet) {
  return {
    TableName: tableName(coreTable),
    IndexName: 'gsi1',
    KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :set)',
    ExpressionAttributeValues: {
      ':pk': quickRepliesPartition(workspaceId),
      ':set': quickReplySetPrefix(set),
    },
  };
}

/** The replies of these sets of the workspace, each set in the order its replies were added. */
export async function listQuickReplies(
  workspaceId: string,
  sets: readonly QuickReplySet[],
): Promise<QuickReply[]> {
  const pages = await Promise.all(sets.map((set) => queryAll(setQuery(workspaceId, set))));
  return pages.flat().map(toQuickReply);
}

/** How many replies a set holds (read from the index, so a reply added a moment ago may be missing). */
export async function countQuickReplies(workspaceId: string, scope: QuickReplyScope): Promise<number> {
  let count = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({ ...setQuery(workspaceId, scope), Select: 'COUNT', ExclusiveStartKey: start }),
    );
    count += page.Count ?? 0;
    start = page.LastEvaluatedKey;
  } while (start);
  return count;
}

/** Deletes the replies of a queue, or of every queue of an app (the queue or app is gone). */
export async function deleteQueueQuickReplies(
  workspaceId: string,
  queue: { appId: string; queueId?: string },
): Promise<number> {
  const replies = await listQuickReplies(workspaceId, [{ kind: 'queue', ...queue }]);
  await Promise.all(replies.map((reply) => deleteQuickReply(reply.quickReplyId)));
  return replies.length;
}
