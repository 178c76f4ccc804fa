import { BatchGetCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import type { Message } from '../domain/message.ts';
import { defaultQueueId } from '../domain/queue.ts';
import { dynamo, tableName, updateIf } from './client.ts';
import { assigneePartition, conversationKey, customerKey, duePartition } from './keys.ts';
import { servedConversationIds } from './serving-index.ts';
import { coreTable } from './tables.ts';

const conversationFields = [
  'conversationId',
  'workspaceId',
  'appId',
  'openId',
  'queueId',
  'state',
  'waitingKind',
  'leftMessageAt',
  'assigneeId',
  'stickyAgentId',
  'createdAt',
  'assignedAt',
  'lastMessageAt',
  'lastMessageId',
  'lastMessagePreview',
  'lastCustomerMessageAt',
  'lastReplyAt',
  'unansweredSince',
  'transferredAt',
  'replyWindow',
  'closedAt',
  'surveyInvitedAt',
  'rating',
  'ratingComment',
  'ratedAt',
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

/** The conversations of these ids that exist, in no particular order (eventually consistent). */
export async function getConversations(conversationIds: readonly string[]): Promise<Conversation[]> {
  if (conversationIds.length === 0) return [];
  const table = tableName(coreTable);
  const found: Conversation[] = [];
  // BatchGet takes 100 keys at a time.
  for (let start = 0; start < conversationIds.length; start += 100) {
    let keys: Record<string, unknown>[] = conversationIds.slice(start, start + 100).map(conversationKey);
    // Unprocessed keys come back when DynamoDB is busy: asked again, a few times.
    for (let attempt = 0; keys.length > 0 && attempt < 5; attempt++) {
      const { Responses, UnprocessedKeys } = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys } } }),
      );
      found.push(...(Responses?.[table] ?? []).map(toConversation));
      keys = UnprocessedKeys?.[table]?.Keys ?? [];
    }
  }
  return found;
}

/** Notes that the satisfaction survey went out as the conversation closed (only while it is closed). */
export async function markSurveyInvited(conversationId: string, at: number): Promise<void> {
  await updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(conversationId),
    UpdateExpression: 'SET surveyInvitedAt = :at',
    ConditionExpression: '#state = :closed',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':at': at, ':closed': 'closed' },
  });
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

export async function getCustomer(
  appId: string,
  openId: string,
  consistent = true,
): Promise<CustomerRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: customerKey(appId, openId),
      ConsistentRead: consistent,
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

/**
 * An agent's closed conversations, most recent first, `limit` at a time: the agent's gsi1 partition
 * (`ASSIGNEE#agentId`, sorted by the id of each conversation's closing message), `before` the sort
 * key the previous page ended at (`nextBefore`). A conversation reopened since is not there while it
 * is served; the filter drops entries that are not closed should the index lag its item.
 */
export async function listClosedConversations(
  agentId: string,
  limit: number,
  before?: string,
): Promise<{ conversations: Conversation[]; nextBefore?: string }> {
  const conversations: Conversation[] = [];
  let lastSortKey: string | undefined;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        IndexName: 'gsi1',
        KeyConditionExpression: before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
        FilterExpression: '#state = :closed',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':pk': assigneePartition(agentId),
          ':closed': 'closed',
          ...(before ? { ':before': before } : {}),
        },
        ScanIndexForward: false,
        Limit: limit,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (conversations.length === limit) break;
      conversations.push(toConversation(item));
      lastSortKey = String(item.gsi1sk);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey && conversations.length < limit);
  // A full page may have more behind it; the next one starts after its last sort key.
  return conversations.length === limit && lastSortKey !== undefined
    ? { conversations, nextBefore: lastSortKey }
    : { conversations };
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

/**
 * Every active conversation of an agent: the `serving` index gives their keys, the items their
 * contents. Both are eventually consistent; an item that has changed hands since its entry was read
 * is left out.
 */
export async function listActiveConversations(agentId: string): Promise<Conversation[]> {
  const conversations = await getConversations(await servedConversationIds(agentId));
  return conversations.filter(
    (conversation) => conversation.state === 'active' && conversation.assigneeId === agentId,
  );
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

/**
 * An agent's answer that WeChat refused for good answered nothing: the customer's wait it removed when
 * recorded (`since`, kept on the answer by shared/conversations/outbound-recorder.ts) counts again.
 * Unless the agents answered again since (the conversation's last answer is no longer this one) or an
 * older wait is counted already; then the conversation is left as it is, the normal outcome of a race
 * rather than an error. Only while it is assigned: its next check
 * (the `due` index) may have been set for a conversation that waited for nothing, later than the
 * queue's SLA rule is due now, so housekeeping is told to look at it again at once.
 */
export async function reopenWait(
  answer: Pick<Message, 'conversationId' | 'createdAt'>,
  since: number,
  failedAt: number,
): Promise<void> {
  await updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(answer.conversationId),
    UpdateExpression: 'SET unansweredSince = :since, dueAt = :failedAt',
    ConditionExpression:
      'lastReplyAt = :answeredAt AND dueIn = :assigned AND (attribute_not_exists(unansweredSince) OR unansweredSince > :since)',
    ExpressionAttributeValues: {
      ':since': since,
      ':failedAt': failedAt,
      ':answeredAt': answer.createdAt,
      ':assigned': duePartition('ACTIVE', answer.conversationId),
    },
  });
}
