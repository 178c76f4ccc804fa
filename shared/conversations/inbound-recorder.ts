import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { type Conversation, stateFor } from '../domain/conversation.ts';
import { newId, timeOf } from '../domain/ids.ts';
import { type Message, type MessageContent, previewOf } from '../domain/message.ts';
import type { WindowGrant } from '../domain/push-kinds.ts';
import type { QueueRef } from '../domain/queue.ts';
import {
  entryOf,
  handedOn,
  type InboundIdentity,
  inboundIdentity,
  inboundMessageId,
  legacyNote,
  mayHaveGivenWay,
  openedItsConversation,
  type RecentEntry,
  type RecentInbound,
  remember,
  rememberedForMs,
} from '../domain/recent-inbound.ts';
import { windowAfterInbound } from '../domain/reply-window.ts';
import { type AgentLoad, pickAssignee } from '../domain/routing.ts';
import { surveyAnswer, surveyComment } from '../domain/satisfaction-survey.ts';
import { takeCapacityItem } from '../store/agent-load-repository.ts';
import { dynamo, tableName, updateIf } from '../store/client.ts';
import { type CustomerRecord, getConversation, getCustomer } from '../store/conversations-repository.ts';
import { dueAttributes } from '../store/due-repository.ts';
import {
  conditionalTransaction,
  type GuardedResult,
  guardedTransaction,
} from '../store/guarded-transaction.ts';
import {
  type ConversationForInbound,
  findGaveWay,
  getConversationForInbound,
  hasDedupeMarker,
  itemBytes,
  memoryBudget,
  recentInboundAttribute,
  writeGaveWay,
} from '../store/inbound-memory.ts';
import {
  conversationKey,
  customerHistoryPartition,
  customerKey,
  dedupeKey,
  waitingPartition,
} from '../store/keys.ts';
import { latestConversationId, noteLatestConversation } from '../store/latest-conversations.ts';
import { messageExists, messagePutItem, putMessageOnce } from '../store/messages-repository.ts';
import { crowdOfWriters, retryOnConflict } from '../store/retry-on-conflict.ts';
import { servingAttributes } from '../store/serving-index.ts';
import { coreTable } from '../store/tables.ts';

/** WeChat retries within seconds; a week is far beyond any retry and still cheap. */
const dedupeLifetimeSeconds = 7 * 24 * 60 * 60;

export interface InboundMessageInput {
  workspaceId: string;
  appId: string;
  openId: string;
  /** What WeChat gave us to recognise a retry of the same delivery. */
  dedupeKey: string;
  content: MessageContent;
  wechatMsgId?: string;
  wechatCreateTime: number;
  /** Whether the push puts the customer in front of an agent (push-kinds.ts decides). */
  opens: boolean;
  /** The reply window the push opens on this app, if any. */
  grant?: WindowGrant;
  /**
   * The queue a new conversation goes to, from where the customer entered the chat and the scene of
   * the QR code they scanned (asked only then).
   */
  queueFor(entry: CustomerEntry): Promise<string>;
}

/** Where a customer came from, as far as routing goes. */
export interface CustomerEntry {
  sessionFrom?: string;
  qrScene?: string;
}

/**
 * `stored`: this delivery recorded the message. `completed`: an earlier delivery of it had recorded
 * it in its conversation but stopped before writing it to the log, and this one did. `duplicate`:
 * the message was in the log already.
 */
export type RecordOutcome =
  | { outcome: 'stored'; message: Message; conversation: Conversation }
  | { outcome: 'completed'; message: Message }
  | { outcome: 'duplicate' };

/** The agents who could take a new conversation of the queue, best first (routing decides; this module writes). */
export type AssigneeRanking = (queue: QueueRef, stickyAgentId: string | undefined) => Promise<AgentLoad[]>;

/**
 * Stores a customer's message exactly once and attaches it to the customer's open conversation,
 * opening one when there is none. A new conversation goes to the best available agent, whose load is
 * raised in the same transaction under the condition that they are still online and under capacity;
 * otherwise it waits in the queue. WeChat's retries and concurrent Lambdas can neither duplicate the
 * message, open two conversations for one customer, assign one twice nor push an agent over capacity.
 *
 * What it costs, and why it is safe (a message in an open conversation is the common case):
 *
 * - The conversation item remembers the customer messages it took in lately (`recentInbound`, see
 *   `domain/recent-inbound.ts`), and a message's id is derived from when it was recorded and from
 *   its dedupe key. So there is no dedupe item of its own: a retry finds the first delivery's slot,
 *   and with it the exact log item that delivery wrote or was about to write.
 * - Into an open conversation, two single writes instead of a transaction: first the conversation
 *   (the gate: conditioned on its state and on its last message being the one read, which also
 *   proves the remembered messages read are current, so the read may be eventually consistent),
 *   then the message, put only if its id is not in the log yet. If the function dies in between,
 *   WeChat's retry finds the slot and puts the same message (`complete`): one message, the
 *   conversation updated once. Two deliveries at once: one passes the gate, the other fails it,
 *   reads again, finds the slot and puts the same item as the first; only one put succeeds.
 * - Opening a conversation stays one transaction (customer pointer, conversation, agent's capacity:
 *   what must never be half done), with the message put after it the same way.
 * - A message that opens nothing (unsubscribe, unknown types) is rare and keeps the transactional
 *   path with a dedupe item (`recordMarked`).
 *
 * The log of a conversation is written in id order, but for one window: another writer (an agent's
 * reply, a lifecycle change) may add its item between this gate and this message's put, a matter of
 * one request (or, if the function died there, until WeChat's retry). Consoles order by id, so they
 * show it in order either way.
 */
export async function recordInboundMessage(
  input: InboundMessageInput,
  rankAssignees: AssigneeRanking,
): Promise<RecordOutcome> {
  const what = `conversation of ${input.openId}`;
  if (!input.opens) return retryOnConflict(what, () => recordMarked(input), crowdOfWriters);
  const identity = inboundIdentity(input.appId, input.dedupeKey);
  let consistent = false;
  // A crowd arriving together competes for the same agents' capacity.
  return retryOnConflict(
    what,
    async () => {
      const outcome = await attemptRecord(input, identity, rankAssignees, consistent);
      // Whatever made the attempt fail may have been a stale read: read the truth next time.
      consistent = true;
      return outcome;
    },
    crowdOfWriters,
  );
}

interface CustomerView {
  customer?: CustomerRecord;
  current?: ConversationForInbound;
}

async function readCustomer(input: InboundMessageInput, consistent: boolean): Promise<CustomerView> {
  const customer = await getCustomer(input.appId, input.openId, consistent);
  const current = customer ? await getConversationForInbound(customer.conversationId, consistent) : undefined;
  if (customer) noteLatestConversation(input.appId, input.openId, customer.conversationId);
  return { ...(customer ? { customer } : {}), ...(current ? { current } : {}) };
}

/**
 * The customer's open conversation as this process last knew it, without reading the customer's item
 * (only for appending to it: a stale hint fails the append's condition); `closed` when the one it
 * remembers has closed; undefined when it knows nothing.
 */
async function readRememberedOpen(input: InboundMessageInput): Promise<CustomerView | 'closed' | undefined> {
  const remembered = latestConversationId(input.appId, input.openId);
  const current = remembered ? await getConversationForInbound(remembered, false) : undefined;
  if (!current) return undefined;
  return current.conversation.state === 'closed' ? 'closed' : { current };
}

const isOpen = (view: CustomerView) =>
  view.current !== undefined && view.current.conversation.state !== 'closed';

/** One read-decide-write round; undefined when another writer got in between. */
async function attemptRecord(
  input: InboundMessageInput,
  identity: InboundIdentity,
  rankAssignees: AssigneeRanking,
  consistent: boolean,
): Promise<RecordOutcome | undefined> {
  const remembered = consistent ? undefined : await readRememberedOpen(input);
  // Opening a conversation after a closed one decides from what is, not from what an eventually
  // consistent read saw (what the closed one remembers moves on; it may have been reopened). A
  // customer not found is not read again: the new customer item is put only if there is none.
  const fresh = consistent || remembered === 'closed';
  let view =
    remembered === undefined || remembered === 'closed' ? await readCustomer(input, fresh) : remembered;
  if (!fresh && view.customer && !isOpen(view)) view = await readCustomer(input, true);
  const { current } = view;
  const known =
    entryOf(current?.recentInbound, identity.slot) ??
    (current && mayHaveGivenWay(current.recentInbound, Date.now())
      ? await findGaveWay(input.appId, input.openId, identity.slot)
      : undefined);
  if (current && known) return complete(input, identity, known, current.conversation);
  if (current && mayHoldMarkedMessages(current) && (await hasDedupeMarker(input.appId, input.dedupeKey))) {
    return { outcome: 'duplicate' };
  }
  // A score answering the closed conversation's survey is recorded there: it opens nothing.
  if (
    current &&
    (isOpen(view) || surveyAnswer(current.conversation, input.content, Date.now()) !== undefined)
  ) {
    return appendToOpen(input, identity, current);
  }
  // `consistent` after an attempt lost to other writers: a crowd may be here, to be spread.
  return openConversation(input, identity, view, rankAssignees, consistent);
}

/**
 * Whether retries of messages recorded with dedupe items (before conversations remembered them)
 * may still come to this conversation: one active until lately that remembers nothing yet, or one
 * that started remembering within the last minutes.
 */
function mayHoldMarkedMessages({ conversation, recentInbound }: ConversationForInbound): boolean {
  if (recentInbound) return recentInbound[legacyNote] !== undefined;
  return Date.now() - conversation.lastMessageAt < rememberedForMs;
}

/** What a conversation remembers when it has never remembered anything yet. */
function startingMemory(view: ConversationForInbound, now: number): RecentInbound {
  return mayHoldMarkedMessages(view) ? { [legacyNote]: now } : {};
}

function inboundMessage(
  input: InboundMessageInput,
  conversationId: string,
  messageId: string,
  opened: boolean,
): Message {
  return {
    conversationId,
    messageId,
    workspaceId: input.workspaceId,
    appId: input.appId,
    openId: input.openId,
    direction: 'inbound',
    author: 'customer',
    content: input.content,
    createdAt: timeOf(messageId),
    wechatMsgId: input.wechatMsgId,
    wechatCreateTime: input.wechatCreateTime,
    ...(opened ? { opened: true as const } : {}),
  };
}

function enteredFromOf(content: MessageContent): string | undefined {
  return content.type === 'event' && content.detail.sessionFrom ? content.detail.sessionFrom : undefined;
}

const qrScenePrefix = 'qrscene_';

/** The scene of a parametric QR code: `qrscene_<scene>` when it made the customer follow, `<scene>` on a scan. */
function qrSceneOf(content: MessageContent): string | undefined {
  if (content.type !== 'event' || !content.detail.eventKey) return undefined;
  const key = content.detail.eventKey;
  if (content.event === 'SCAN') return key;
  if (content.event === 'subscribe' && key.startsWith(qrScenePrefix) && key.length > qrScenePrefix.length) {
    return key.slice(qrScenePrefix.length);
  }
  return undefined;
}

/** Entering from another page decides the queue of the customer's next conversation (idempotent). */
async function rememberEntry(input: InboundMessageInput, sessionFrom: string): Promise<void> {
  await dynamo()
    .send(
      new UpdateCommand({
        TableName: tableName(coreTable),
        Key: customerKey(input.appId, input.openId),
        UpdateExpression: 'SET sessionFrom = :sessionFrom',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':sessionFrom': sessionFrom },
      }),
    )
    .catch((error: unknown) => {
      if ((error as { name?: string }).name !== 'ConditionalCheckFailedException') throw error;
    });
}

/**
 * The message is remembered by its conversation: an earlier delivery recorded it. Its log item is
 * written unless it is there (that delivery stopped after the conversation and before the log).
 */
async function complete(
  input: InboundMessageInput,
  identity: InboundIdentity,
  known: RecentEntry,
  current: Conversation,
): Promise<RecordOutcome> {
  const conversationId = known.conversationId ?? current.conversationId;
  const messageId = inboundMessageId(identity, known.time);
  const message = inboundMessage(
    input,
    conversationId,
    messageId,
    openedItsConversation(messageId, conversationId),
  );
  if (await messageExists(message)) return { outcome: 'duplicate' };
  if (!(await putMessageOnce(message))) return { outcome: 'duplicate' };
  const enteredFrom = enteredFromOf(input.content);
  if (enteredFrom) await rememberEntry(input, enteredFrom);
  return { outcome: 'completed', message };
}

/**
 * The common case: a message into the customer's open conversation, which keeps its agent or place;
 * also a closed conversation's survey answer, which records the score on it.
 */
async function appendToOpen(
  input: InboundMessageInput,
  identity: InboundIdentity,
  current: ConversationForInbound,
): Promise<RecordOutcome | undefined> {
  const seen = current.conversation;
  // After the conversation's last message (its id is the log's order), whoever's clock wrote that.
  const time = Math.max(Date.now(), timeOf(seen.lastMessageId) + 1);
  const messageId = inboundMessageId(identity, time);
  const message = inboundMessage(input, seen.conversationId, messageId, false);
  const rating = surveyAnswer(seen, input.content, time);
  const ratingComment = rating === undefined ? undefined : surveyComment(input.content);
  const changes = {
    lastMessageAt: time,
    lastMessageId: messageId,
    lastMessagePreview: previewOf(input.content),
    lastCustomerMessageAt: time,
    replyWindow: windowAfterInbound(seen.replyWindow, input.grant, time),
    // A score answers the survey; it asks nothing of an agent.
    ...(rating === undefined ? { unansweredSince: seen.unansweredSince ?? time } : { rating, ratedAt: time }),
    ...(ratingComment === undefined ? {} : { ratingComment }),
  };
  const conversation: Conversation = { ...seen, ...changes };
  const { recent, gaveWay } = remember(
    current.recentInbound ?? startingMemory(current, time),
    identity.slot,
    time,
    time,
    memoryBudget(itemBytes({ ...current.item, ...changes })),
  );
  // Messages the memory can no longer hold are written down first: should this stop after that,
  // they are facts all the same, and nothing else has changed.
  if (gaveWay.length > 0) await writeGaveWay(input.appId, input.openId, seen.conversationId, gaveWay);
  const sets = [
    'lastMessageAt = :at',
    'lastMessageId = :messageId',
    'lastMessagePreview = :preview',
    'lastCustomerMessageAt = :at',
    '#recent = :recent',
    ...(conversation.replyWindow ? ['replyWindow = :replyWindow'] : []),
    // The oldest unanswered message stays the oldest: set by the same write, at no cost of its own.
    ...(rating === undefined
      ? ['unansweredSince = if_not_exists(unansweredSince, :at)']
      : ['rating = :rating', 'ratedAt = :at']),
    ...(ratingComment === undefined ? [] : ['ratingComment = :ratingComment']),
  ];
  // The gate. It changes no index key, and the `serving` index projects nothing else: one write.
  const gated = await updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(seen.conversationId),
    UpdateExpression: `SET ${sets.join(', ')}`,
    // Exactly as read: same state, same last message (so the remembered messages read are all of
    // them), and this one not among them.
    ConditionExpression: '#state = :state AND lastMessageId = :seen AND attribute_not_exists(#recent.#slot)',
    ExpressionAttributeNames: {
      '#state': 'state',
      '#recent': recentInboundAttribute,
      '#slot': identity.slot,
    },
    ExpressionAttributeValues: {
      ':at': time,
      ':messageId': messageId,
      ':preview': conversation.lastMessagePreview,
      ':recent': recent,
      ':state': seen.state,
      ':seen': seen.lastMessageId,
      ...(conversation.replyWindow ? { ':replyWindow': conversation.replyWindow } : {}),
      ...(rating === undefined ? {} : { ':rating': rating }),
      ...(ratingComment === undefined ? {} : { ':ratingComment': ratingComment }),
    },
  });
  if (!gated) return undefined;
  // Then the log. False only if a retry of this delivery completed it first: it is there once.
  await putMessageOnce(message);
  const enteredFrom = enteredFromOf(input.content);
  if (enteredFrom) await rememberEntry(input, enteredFrom);
  return { outcome: 'stored', message, conversation };
}

/**
 * A new conversation: the customer's pointer to it, the conversation and the agent's capacity in one
 * transaction (never half done), then the message, as in `appendToOpen`.
 */
async function openConversation(
  input: InboundMessageInput,
  identity: InboundIdentity,
  { customer, current }: CustomerView,
  rankAssignees: AssigneeRanking,
  contended: boolean,
): Promise<RecordOutcome | undefined> {
  const stickyAgentId = customer?.lastAgentId;
  const enteredFrom = enteredFromOf(input.content);
  const sessionFrom = enteredFrom ?? customer?.sessionFrom;
  const queue = {
    appId: input.appId,
    queueId: await input.queueFor({ sessionFrom, qrScene: qrSceneOf(input.content) }),
  };
  const assigneeId = pickAssignee(
    await rankAssignees(queue, stickyAgentId),
    stickyAgentId,
    contended,
  )?.agentId;
  const conversationId = newId();
  // The queue is ordered by conversation id; the opening time told to people must agree with it,
  // and the opening message carries the same time (which is how it is recognised, see recent-inbound).
  const time = timeOf(conversationId);
  const messageId = inboundMessageId(identity, time);
  const message = inboundMessage(input, conversationId, messageId, true);
  const conversation: Conversation = {
    conversationId,
    workspaceId: input.workspaceId,
    appId: input.appId,
    openId: input.openId,
    queueId: queue.queueId,
    state: stateFor(assigneeId),
    ...(assigneeId ? {} : { waitingKind: 'queue' as const }),
    assigneeId,
    stickyAgentId,
    createdAt: time,
    ...(assigneeId ? { assignedAt: time } : {}),
    lastMessageAt: time,
    lastMessageId: messageId,
    lastMessagePreview: previewOf(input.content),
    lastCustomerMessageAt: time,
    unansweredSince: time,
    replyWindow: windowAfterInbound(undefined, input.grant, time),
  };
  // What the previous conversation remembered comes along, so a late retry of one of its messages is
  // still recognised here.
  const inherited = current
    ? handedOn(
        current.recentInbound ?? startingMemory(current, time),
        current.conversation.conversationId,
        time,
      )
    : {};
  const index = assigneeId
    ? { ...servingAttributes(assigneeId), ...dueAttributes('ACTIVE', conversationId, time) }
    : {
        gsi1pk: waitingPartition(queue.appId, queue.queueId),
        gsi1sk: conversationId,
        ...dueAttributes('QUEUED', conversationId, time),
      };
  const item = {
    ...conversationKey(conversationId),
    kind: 'conversation',
    ...conversation,
    ...index,
    historyOf: customerHistoryPartition(input.appId, input.openId),
  };
  const { recent, gaveWay } = remember(inherited, identity.slot, time, time, memoryBudget(itemBytes(item)));
  if (gaveWay.length > 0) await writeGaveWay(input.appId, input.openId, conversationId, gaveWay);
  const core = tableName(coreTable);
  const result = await conditionalTransaction([
    {
      Put: {
        TableName: core,
        Item: {
          ...customerKey(input.appId, input.openId),
          kind: 'customer',
          appId: input.appId,
          openId: input.openId,
          conversationId,
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
    {
      Put: {
        TableName: core,
        Item: { ...item, [recentInboundAttribute]: recent },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...(assigneeId ? [takeCapacityItem(assigneeId, time)] : []),
  ]);
  if (result === 'conflict') return undefined;
  noteLatestConversation(input.appId, input.openId, conversationId);
  // False only if a retry of this delivery completed it first: it is there once.
  await putMessageOnce(message);
  return { outcome: 'stored', message, conversation };
}

/**
 * A message that asks for no human (unsubscribe, kf_* notifications, unknown types): rare, so it
 * keeps the transactional path, deduplicated by an item of its own. Into the open conversation if
 * there is one; otherwise into a closed conversation of its own that nobody is asked to serve.
 */
async function recordMarked(input: InboundMessageInput): Promise<RecordOutcome | undefined> {
  const customer = await getCustomer(input.appId, input.openId);
  const current = customer ? await getConversation(customer.conversationId, true) : undefined;
  const messageId = newId();
  const now = timeOf(messageId);
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
    const conversation: Conversation = {
      ...current,
      lastMessageAt: now,
      lastMessageId: messageId,
      lastMessagePreview: previewOf(input.content),
      lastCustomerMessageAt: now,
      replyWindow: windowAfterInbound(current.replyWindow, input.grant, now),
    };
    const message = inboundMessage(input, conversation.conversationId, messageId, false);
    const sets = [
      'lastMessageAt = :now',
      'lastMessageId = :messageId',
      'lastMessagePreview = :preview',
      'lastCustomerMessageAt = :now',
      ...(conversation.replyWindow ? ['replyWindow = :replyWindow'] : []),
    ];
    const result = await guardedTransaction([
      dedupePut,
      messagePutItem(message),
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

  const conversationId = newId(now);
  const conversation: Conversation = {
    conversationId,
    workspaceId: input.workspaceId,
    appId: input.appId,
    openId: input.openId,
    queueId: await input.queueFor({
      sessionFrom: enteredFromOf(input.content) ?? customer?.sessionFrom,
      qrScene: qrSceneOf(input.content),
    }),
    state: 'closed',
    stickyAgentId: customer?.lastAgentId,
    createdAt: timeOf(conversationId),
    lastMessageAt: now,
    lastMessageId: messageId,
    lastMessagePreview: previewOf(input.content),
    lastCustomerMessageAt: now,
    replyWindow: windowAfterInbound(undefined, input.grant, now),
  };
  const message = inboundMessage(input, conversationId, messageId, true);
  const result = await guardedTransaction([
    dedupePut,
    {
      Put: {
        TableName: core,
        Item: {
          ...conversationKey(conversationId),
          kind: 'conversation',
          ...conversation,
          historyOf: customerHistoryPartition(input.appId, input.openId),
          // Remembers nothing (its message has its dedupe item), and is not from before memories.
          [recentInboundAttribute]: {},
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    messagePutItem(message),
  ]);
  return outcomeOf(result, message, conversation);
}

function outcomeOf(result: GuardedResult, message: Message, conversation: Conversation) {
  if (result === 'conflict') return undefined;
  if (result === 'duplicate') return { outcome: 'duplicate' } as const;
  return { outcome: 'stored', message, conversation } as const;
}
