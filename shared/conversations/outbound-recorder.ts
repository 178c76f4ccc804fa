import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import { newId } from '../domain/ids.ts';
import { type Message, previewOf } from '../domain/message.ts';
import type { SendableContent } from '../domain/outbound-content.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { allowance, allowanceSentences, ruleOf } from '../domain/reply-window.ts';
import { answerEndsWait } from '../store/answer-ends-wait.ts';
import { dynamo, tableName } from '../store/client.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { clientMessageKey, conversationKey } from '../store/keys.ts';
import { getMessage, messagePutItem } from '../store/messages-repository.ts';
import { retryOnConflict } from '../store/retry-on-conflict.ts';
import { coreTable } from '../store/tables.ts';

const clientMessageLifetimeSeconds = 7 * 24 * 60 * 60;

/** An agent sends as who they are now (the permission policy decides); a bot under its own stable id. */
type Authorship = { author: 'agent'; actor: Actor } | { author: 'bot'; authorId: string };

export type OutboundMessageInput = Authorship & {
  conversationId: string;
  clientMessageId: string;
  content: SendableContent;
  kfAccount?: string;
};

const authorIdOf = (input: Authorship) => (input.author === 'agent' ? input.actor.agentId : input.authorId);

export type RefusalReason =
  | 'not_found'
  | 'not_assigned'
  | 'no_window'
  | 'window_closed'
  | 'quota_used_up'
  | 'app_disabled'
  | 'no_subscription';

export type OutboundOutcome =
  | { outcome: 'recorded'; message: Message; conversation: Conversation }
  | { outcome: 'duplicate'; message: Message }
  | { outcome: 'refused'; reason: RefusalReason; sentence: string };

/**
 * Writes an agent's (or a bot's) message as `pending`; the dispatcher sends it to WeChat. The same
 * transaction claims the client's message id, so a retried send records nothing new, and takes one
 * message of WeChat's quota from the conversation's reply window, so concurrent sends can never
 * exceed what WeChat allows.
 */
export async function recordOutboundMessage(input: OutboundMessageInput): Promise<OutboundOutcome> {
  return retryOnConflict(`conversation ${input.conversationId}`, () => attemptRecord(input));
}

async function attemptRecord(input: OutboundMessageInput): Promise<OutboundOutcome | undefined> {
  const authorId = authorIdOf(input);
  const earlier = await findClientMessage(authorId, input.clientMessageId);
  if (earlier) return { outcome: 'duplicate', message: earlier };
  const conversation = await getConversation(input.conversationId, true);
  const decision = input.author === 'agent' && conversation && decide(input.actor, 'send', conversation);
  if (!conversation || (decision && isHidden(decision)))
    return { outcome: 'refused', reason: 'not_found', sentence: 'The conversation does not exist.' };
  if (decision && (conversation.state !== 'active' || !decision.allowed)) {
    return {
      outcome: 'refused',
      reason: 'not_assigned',
      sentence: 'This conversation is not assigned to you.',
    };
  }
  const now = Date.now();
  const window = conversation.replyWindow;
  const allowed = allowance(window, now);
  if (!allowed.allowed || !window) {
    const reason = allowed.allowed ? 'no_window' : allowed.reason;
    return { outcome: 'refused', reason, sentence: allowanceSentences[reason] };
  }
  // An automatic message never takes the last one WeChat allows: that one is the agent's.
  if (input.author === 'bot' && allowed.remaining <= 1) {
    return {
      outcome: 'refused',
      reason: 'quota_used_up',
      sentence: 'The last message WeChat allows is kept for an agent.',
    };
  }
  // An agent's answer answers everything the customer said before it; a bot's line nothing.
  const endsWait = input.author === 'agent' ? answerEndsWait(conversation.unansweredSince) : undefined;
  const message: Message = {
    conversationId: conversation.conversationId,
    messageId: newId(now),
    workspaceId: conversation.workspaceId,
    appId: conversation.appId,
    openId: conversation.openId,
    direction: 'outbound',
    author: input.author,
    authorId,
    content: input.content,
    createdAt: now,
    clientMessageId: input.clientMessageId,
    kfAccount: input.kfAccount,
    status: 'pending',
    ...endsWait?.onAnswer,
  };
  const preview = previewOf(input.content);
  const result = await guardedTransaction([
    claimClientMessageItem(authorId, input.clientMessageId, message, now),
    messagePutItem(message),
    {
      Update: {
        TableName: tableName(coreTable),
        Key: conversationKey(conversation.conversationId),
        // An automatic reply does not replace the customer's words as the preview agents decide by.
        UpdateExpression: `SET replyWindow.used = :usedAfter, lastMessageAt = :now, lastMessageId = :messageId${endsWait ? `, lastMessagePreview = :preview, lastReplyAt = :now REMOVE ${endsWait.remove}` : ''}`,
        // Same state and window as read, quota not taken by a concurrent send, no newer message.
        ConditionExpression: `#state = :state AND replyWindow.openedAt = :openedAt AND replyWindow.used = :used AND :usedAfter <= :limit AND lastMessageId < :messageId${
          endsWait ? ` AND ${endsWait.condition}` : ''
        }`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':state': conversation.state,
          ':usedAfter': window.used + 1,
          ':used': window.used,
          ':openedAt': window.openedAt,
          ':limit': ruleOf(window.grant).limit,
          ':now': now,
          ':messageId': message.messageId,
          ...(endsWait ? { ':preview': preview, ...endsWait.values } : {}),
        },
      },
    },
  ]);
  if (result === 'conflict') return undefined;
  if (result === 'duplicate') {
    const first = await findClientMessage(authorId, input.clientMessageId);
    return first ? { outcome: 'duplicate', message: first } : undefined;
  }
  return {
    outcome: 'recorded',
    message,
    conversation: {
      ...conversation,
      replyWindow: { ...window, used: window.used + 1 },
      lastMessageAt: now,
      lastMessageId: message.messageId,
      lastMessagePreview: input.author === 'agent' ? preview : conversation.lastMessagePreview,
      ...(input.author === 'agent' ? { lastReplyAt: now, unansweredSince: undefined } : {}),
    },
  };
}

/** The idempotency marker of an agent's send: its put fails when the console retried the same send. */
export function claimClientMessageItem(
  authorId: string,
  clientMessageId: string,
  message: Pick<Message, 'conversationId' | 'messageId'>,
  now: number,
) {
  return {
    Put: {
      TableName: tableName(coreTable),
      Item: {
        ...clientMessageKey(authorId, clientMessageId),
        kind: 'client-message',
        conversationId: message.conversationId,
        messageId: message.messageId,
        expiresAt: Math.floor(now / 1000) + clientMessageLifetimeSeconds,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export async function findClientMessage(
  authorId: string,
  clientMessageId: string,
): Promise<Message | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: tableName(coreTable),
      Key: clientMessageKey(authorId, clientMessageId),
      ConsistentRead: true,
    }),
  );
  return Item ? getMessage(String(Item.conversationId), String(Item.messageId)) : undefined;
}
