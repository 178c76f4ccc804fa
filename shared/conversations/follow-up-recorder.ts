/**
 * An agent's text answer after WeChat's 48-hour window closed, recorded as a follow-up: a pending
 * message the dispatcher sends as a subscribe message (follow-up.ts). The same transaction claims the
 * client's message id and takes one of the customer's grants of the app's template, so a retried send
 * takes nothing more and two agents answering at once never spend one grant twice.
 */
import type { Conversation } from '../domain/conversation.ts';
import { type FollowUpTemplate, followUpSendOf } from '../domain/follow-up.ts';
import { newId } from '../domain/ids.ts';
import { type Message, previewOf } from '../domain/message.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { answerEndsWait } from '../store/answer-ends-wait.ts';
import { tableName } from '../store/client.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { conversationKey } from '../store/keys.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { retryOnConflict } from '../store/retry-on-conflict.ts';
import { consumeGrantItem, grantsLeft } from '../store/subscription-grants-repository.ts';
import { coreTable } from '../store/tables.ts';
import { claimClientMessageItem, findClientMessage, type OutboundOutcome } from './outbound-recorder.ts';

export const noGrantSentence =
  "WeChat's 48-hour reply window has closed and the customer has no subscription left to be notified through; they have to write again first.";

export async function recordFollowUp(input: {
  actor: Actor;
  conversationId: string;
  clientMessageId: string;
  text: string;
  template: FollowUpTemplate;
  appName: string;
}): Promise<OutboundOutcome> {
  return retryOnConflict(`follow-up in ${input.conversationId}`, () => attemptFollowUp(input));
}

async function attemptFollowUp(
  input: Parameters<typeof recordFollowUp>[0],
): Promise<OutboundOutcome | undefined> {
  const authorId = input.actor.agentId;
  const earlier = await findClientMessage(authorId, input.clientMessageId);
  if (earlier) return { outcome: 'duplicate', message: earlier };
  const conversation = await getConversation(input.conversationId, true);
  const decision = conversation && decide(input.actor, 'send', conversation);
  if (!conversation || !decision || isHidden(decision)) {
    return { outcome: 'refused', reason: 'not_found', sentence: 'The conversation does not exist.' };
  }
  if (conversation.state !== 'active' || !decision.allowed) {
    return {
      outcome: 'refused',
      reason: 'not_assigned',
      sentence: 'This conversation is not assigned to you.',
    };
  }
  const { appId, openId } = conversation;
  if ((await grantsLeft(appId, openId, input.template.templateId)) <= 0) {
    return { outcome: 'refused', reason: 'no_subscription', sentence: noGrantSentence };
  }
  const now = Date.now();
  const endsWait = answerEndsWait(conversation.unansweredSince);
  const content = { type: 'text' as const, text: input.text };
  const message: Message = {
    conversationId: conversation.conversationId,
    messageId: newId(now),
    workspaceId: conversation.workspaceId,
    appId,
    openId,
    direction: 'outbound',
    author: 'agent',
    authorId,
    content,
    createdAt: now,
    clientMessageId: input.clientMessageId,
    followUp: followUpSendOf(input.template, { answer: input.text, appName: input.appName, answeredAt: now }),
    status: 'pending',
    ...endsWait.onAnswer,
  };
  const preview = previewOf(content);
  const result = await guardedTransaction([
    claimClientMessageItem(authorId, input.clientMessageId, message, now),
    messagePutItem(message),
    {
      Update: {
        TableName: tableName(coreTable),
        Key: conversationKey(conversation.conversationId),
        UpdateExpression: `SET lastMessageAt = :now, lastMessageId = :messageId, lastMessagePreview = :preview, lastReplyAt = :now REMOVE ${endsWait.remove}`,
        ConditionExpression: `#state = :active AND lastMessageId < :messageId AND ${endsWait.condition}`,
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':now': now,
          ':messageId': message.messageId,
          ':preview': preview,
          ...endsWait.values,
        },
      },
    },
    consumeGrantItem(appId, openId, input.template.templateId),
  ]);
  // A grant another agent took first shows as a conflict: the next round reads none left and says so.
  if (result === 'conflict') return undefined;
  if (result === 'duplicate') {
    const first = await findClientMessage(authorId, input.clientMessageId);
    return first ? { outcome: 'duplicate', message: first } : undefined;
  }
  const recorded: Conversation = {
    ...conversation,
    lastMessageAt: now,
    lastMessageId: message.messageId,
    lastMessagePreview: preview,
  };
  return { outcome: 'recorded', message, conversation: recorded };
}
