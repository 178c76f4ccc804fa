import type { AppType } from '../domain/app.ts';
import { type Conversation, stateFor } from '../domain/conversation.ts';
import { newId, timeOf } from '../domain/ids.ts';
import { type Message, type MessageContent, opensConversation, previewOf } from '../domain/message.ts';
import type { QueueRef } from '../domain/queue.ts';
import { windowAfterInbound } from '../domain/reply-window.ts';
import type { AgentLoad } from '../domain/routing.ts';
import { takeCapacityItem } from '../store/agent-load-repository.ts';
import { tableName } from '../store/client.ts';
import { getConversation, getCustomer } from '../store/conversations-repository.ts';
import { type GuardedResult, guardedTransaction } from '../store/guarded-transaction.ts';
import {
  assigneePartition,
  conversationKey,
  customerKey,
  dedupeKey,
  waitingPartition,
} from '../store/keys.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { crowdOfWriters, retryOnConflict } from '../store/retry-on-conflict.ts';
import { coreTable } from '../store/tables.ts';

/** WeChat retries within seconds; a week is far beyond any retry and still cheap. */
const dedupeLifetimeSeconds = 7 * 24 * 60 * 60;

export interface InboundMessageInput {
  workspaceId: string;
  appId: string;
  appType: AppType;
  openId: string;
  /** What WeChat gave us to recognise a retry of the same delivery. */
  dedupeKey: string;
  content: MessageContent;
  wechatMsgId?: string;
  wechatCreateTime: number;
  /** The queue a new conversation goes to, from where the customer entered the chat (asked only then). */
  queueFor(sessionFrom: string | undefined): Promise<string>;
}

export type RecordOutcome =
  | { outcome: 'stored'; message: Message; conversation: Conversation }
  | { outcome: 'duplicate' };

/** The agents who could take a new conversation of the queue, best first (routing decides; this module writes). */
export type AssigneeRanking = (queue: QueueRef, stickyAgentId: string | undefined) => Promise<AgentLoad[]>;

/**
 * Stores a customer's message exactly once and attaches it to the customer's open conversation,
 * opening one when there is none. A new conversation goes to the best available agent, whose load is
 * raised in the same transaction under the condition that they are still online and under capacity;
 * otherwise it waits in the queue. Everything is decided by DynamoDB conditions inside one
 * transaction, so WeChat's retries and concurrent Lambdas can neither duplicate the message, open two
 * conversations for one customer, assign one twice nor push an agent over capacity.
 */
export async function recordInboundMessage(
  input: InboundMessageInput,
  rankAssignees: AssigneeRanking,
): Promise<RecordOutcome> {
  // A crowd arriving together competes for the same agents' capacity.
  return retryOnConflict(
    `conversation of ${input.openId}`,
    () => attemptRecord(input, rankAssignees),
    crowdOfWriters,
  );
}

/** One read-decide-write round; undefined when another writer got in between. */
async function attemptRecord(
  input: InboundMessageInput,
  rankAssignees: AssigneeRanking,
): Promise<RecordOutcome | undefined> {
  const customer = await getCustomer(input.appId, input.openId);
  const current = customer ? await getConversation(customer.conversationId, true) : undefined;
  const messageId = newId();
  const now = timeOf(messageId);
  const message: Message = {
    conversationId: '',
    messageId,
    workspaceId: input.workspaceId,
    appId: input.appId,
    openId: input.openId,
    direction: 'inbound',
    author: 'customer',
    content: input.content,
    createdAt: now,
    wechatMsgId: input.wechatMsgId,
    wechatCreateTime: input.wechatCreateTime,
  };
  const opens = opensConversation(input.content);
  const enteredFrom =
    input.content.type === 'event' && input.content.detail.sessionFrom
      ? input.content.detail.sessionFrom
      : undefined;
  const core = tableName(coreTable);
  const dedupePut = {
    Put: {
      TableName: core,
      Item: {
        ...dedupeKey(input.appId, input.dedupeKey),
        kind: 'dedupe',
        messageId,
        expiresAt: Math.floor(now / 1000) + dedupeLifetimeSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };

  if (current && current.state !== 'closed') {
    // An open conversation keeps its agent, or its place in the queue.
    const conversation: Conversation = {
      ...current,
      lastMessageAt: now,
      lastMessageId: messageId,
      lastMessagePreview: previewOf(input.content),
      lastCustomerMessageAt: now,
      replyWindow: windowAfterInbound(current.replyWindow, input.content, input.appType, now),
    };
    message.conversationId = conversation.conversationId;
    const sets = [
      'lastMessageAt = :now',
      'lastMessageId = :messageId',
      'lastMessagePreview = :preview',
      'lastCustomerMessageAt = :now',
      ...(conversation.replyWindow ? ['replyWindow = :replyWindow'] : []),
      // Active conversations are listed by activity; a waiting one keeps its arrival order.
      ...(current.state === 'active' ? ['gsi1sk = :messageId'] : []),
    ];
    const result = await guardedTransaction([
      dedupePut,
      messagePutItem(message),
      // Entering from another page now decides the queue of the customer's next conversation.
      ...(enteredFrom
        ? [
            {
              Update: {
                TableName: core,
                Key: customerKey(input.appId, input.openId),
                UpdateExpression: 'SET sessionFrom = :sessionFrom',
                ExpressionAttributeValues: { ':sessionFrom': enteredFrom },
              },
            },
          ]
        : []),
      {
        Update: {
          TableName: core,
          Key: conversationKey(current.conversationId),
          UpdateExpression: `SET ${sets.join(', ')}`,
          // The conversation must still be what was read: same state, no newer message.
          ConditionExpression: '#state = :expectedState AND lastMessageId < :messageId',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':now': now,
            ':messageId': messageId,
            ':preview': conversation.lastMessagePreview,
            ':expectedState': current.state,
            ...(conversation.replyWindow ? { ':replyWindow': conversation.replyWindow } : {}),
          },
        },
      },
    ]);
    return outcomeOf(result, message, conversation);
  }

  const stickyAgentId = customer?.lastAgentId;
  const sessionFrom = enteredFrom ?? customer?.sessionFrom;
  const queue = { appId: input.appId, queueId: await input.queueFor(sessionFrom) };
  const assigneeId = opens ? (await rankAssignees(queue, stickyAgentId))[0]?.agentId : undefined;
  const conversationId = newId(now);
  const conversation: Conversation = {
    conversationId,
    workspaceId: input.workspaceId,
    appId: input.appId,
    openId: input.openId,
    queueId: queue.queueId,
    // A message that does not ask for a human (e.g. unsubscribe) is kept in a conversation nobody is asked to serve.
    state: opens ? stateFor(assigneeId) : 'closed',
    ...(opens && !assigneeId ? { waitingKind: 'queue' as const } : {}),
    assigneeId,
    stickyAgentId,
    // The queue is ordered by conversation id; the opening time told to people must agree with it.
    createdAt: timeOf(conversationId),
    lastMessageAt: now,
    lastMessageId: messageId,
    lastMessagePreview: previewOf(input.content),
    lastCustomerMessageAt: now,
    replyWindow: windowAfterInbound(undefined, input.content, input.appType, now),
  };
  message.conversationId = conversation.conversationId;
  message.opened = true;
  const index = assigneeId
    ? { gsi1pk: assigneePartition(assigneeId), gsi1sk: messageId }
    : opens
      ? { gsi1pk: waitingPartition(queue.appId, queue.queueId), gsi1sk: conversation.conversationId }
      : {};
  const result = await guardedTransaction([
    dedupePut,
    ...(opens
      ? [
          {
            Put: {
              TableName: core,
              Item: {
                ...customerKey(input.appId, input.openId),
                kind: 'customer',
                appId: input.appId,
                openId: input.openId,
                conversationId: conversation.conversationId,
                lastAgentId: assigneeId ?? stickyAgentId,
                sessionFrom,
              },
              // Nobody else opened a conversation for this customer since we looked.
              ConditionExpression: customer
                ? 'conversationId = :previousConversationId'
                : 'attribute_not_exists(pk)',
              ExpressionAttributeValues: customer
                ? { ':previousConversationId': customer.conversationId }
                : undefined,
            },
          },
        ]
      : []),
    {
      Put: {
        TableName: core,
        Item: {
          ...conversationKey(conversation.conversationId),
          kind: 'conversation',
          ...conversation,
          ...index,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    messagePutItem(message),
    ...(assigneeId ? [takeCapacityItem(assigneeId, now)] : []),
  ]);
  return outcomeOf(result, message, conversation);
}

function outcomeOf(result: GuardedResult, message: Message, conversation: Conversation) {
  if (result === 'conflict') return undefined;
  if (result === 'duplicate') return { outcome: 'duplicate' } as const;
  return { outcome: 'stored', message, conversation } as const;
}
