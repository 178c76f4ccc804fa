import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import { defaultQueueId } from '../domain/queue.ts';
import { dynamo, tableName, updateIf } from './client.ts';
import { assigneePartition, conversationKey, customerKey } from './keys.ts';
import { coreTable } from './tables.ts';

const conversationFields = [
  'conversationId',
  'workspaceId',
  'appId',
  'openId',
  'queueId',
  'state',
  'waitingKind',
  'assigneeId',
  'stickyAgentId',
  'createdAt',
  'lastMessageAt',
  'lastMessageId',
  'lastMessagePreview',
  'lastCustomerMessageAt',
  'lastReplyAt',
  'replyWindow',
  'closedAt',
] as const;

export function toConversation(item: Record<string, unknown>): Conversation {
  const conversation: Record<string, unknown> = {};
  for (const field of conversationFields) if (item[field] !== undefined) conversation[field] = item[field];
  // Conversations from before queues existed were all in the default one.
  conversation.queueId ??= defaultQueueId;
  return conversation as unknown as Conversation;
}

export async function getConversation(
  conversationId: string,
  consistent = false,
): Promise<Conversation | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: conversationKey(conversationId),
      ConsistentRead: consistent,
    }),
  );
  return Item ? toConversation(Item) : undefined;
}

export interface CustomerRecord {
  appId: string;
  openId: string;
  /** The customer's latest conversation (open or closed). */
  conversationId: string;
  /** Who served the customer last: the sticky-routing hint. */
  lastAgentId?: string;
  /** Where the customer last entered the chat from, which decides the queue of their next conversation. */
  sessionFrom?: string;
}

export async function getCustomer(appId: string, openId: string): Promise<CustomerRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: customerKey(appId, openId),
      ConsistentRead: true,
    }),
  );
  if (!Item) return undefined;
  return {
    appId,
    openId,
    conversationId: String(Item.conversationId),
    lastAgentId: Item.lastAgentId === undefined ? undefined : String(Item.lastAgentId),
    sessionFrom: Item.sessionFrom === undefined ? undefined : String(Item.sessionFrom),
  };
}

/** The conversations assigned to an agent, most recent activity first. */
export async function listAssignedConversations(agentId: string, limit: number): Promise<Conversation[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(coreTable),
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': assigneePartition(agentId) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (Items ?? []).map(toConversation);
}

/**
 * Claims the right to show "typing" until `until`, unless it is already shown: WeChat refuses a
 * second Typing while one is active (45081), and many consoles of one agent may ask at once.
 */
export function claimTyping(conversationId: string, now: number, until: number): Promise<boolean> {
  return updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(conversationId),
    UpdateExpression: 'SET typingUntil = :until',
    ConditionExpression:
      'attribute_exists(pk) AND (attribute_not_exists(typingUntil) OR typingUntil <= :now)',
    ExpressionAttributeValues: { ':until': until, ':now': now },
  });
}

/** Every active conversation of an agent (closed ones share the index partition and are filtered out). */
export async function listActiveConversations(agentId: string): Promise<Conversation[]> {
  const conversations: Conversation[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        IndexName: 'gsi1',
        KeyConditionExpression: 'gsi1pk = :pk',
        FilterExpression: '#state = :active',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':pk': assigneePartition(agentId), ':active': 'active' },
        ExclusiveStartKey: startKey,
      }),
    );
    conversations.push(...(page.Items ?? []).map(toConversation));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return conversations;
}

/**
 * The transaction item that makes the customer's next conversation prefer this agent, valid only
 * while this is still the customer's latest conversation.
 */
export function stickToItem(conversation: Conversation, agentId: string) {
  return {
    Update: {
      TableName: tableName(coreTable),
      Key: customerKey(conversation.appId, conversation.openId),
      UpdateExpression: 'SET lastAgentId = :agentId',
      ConditionExpression: 'conversationId = :conversationId',
      ExpressionAttributeValues: { ':agentId': agentId, ':conversationId': conversation.conversationId },
    },
  };
}
