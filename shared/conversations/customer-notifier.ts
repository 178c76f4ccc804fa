import type { Conversation } from '../domain/conversation.ts';
import { noticeFor, noticeText } from '../domain/customer-notices.ts';
import type { Message } from '../domain/message.ts';
import { closingWithSurvey } from '../domain/satisfaction-survey.ts';
import { logger } from '../observability/logger.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getAppCached } from '../store/app-cache.ts';
import { getConversation, markSurveyInvited } from '../store/conversations-repository.ts';
import { getQueue } from '../store/queues-repository.ts';
import { botId } from './auto-replier.ts';
import { recordOutboundMessage } from './outbound-recorder.ts';

/**
 * Tells the customer that an agent took their conversation, or that it closed (with the satisfaction
 * survey, `shared/domain/satisfaction-survey.ts`), where the queue's automatic replies have words for
 * it (`shared/domain/customer-notices.ts`). Runs behind the message
 * log's stream for the change's own entry, and its client message id comes from that entry, so a
 * retried record never sends twice. Goes out like the bot's other messages, which never take the
 * last message WeChat allows.
 */
export async function tellCustomer(change: Message, seen?: Conversation): Promise<void> {
  const notice = noticeFor(change);
  if (!notice) return;
  const conversation = seen ?? (await getConversation(change.conversationId));
  const app = conversation && (await getAppCached(conversation.appId));
  const queue = app && conversation && (await getQueue(app, conversation.queueId));
  if (!conversation || !queue) return;
  const replies = queue.autoReplies;
  const survey = notice.kind === 'closing' ? replies.survey : undefined;
  const words = notice.kind === 'pickUp' ? replies.pickUp : (replies.closing ?? survey);
  if (!words) return;
  const agentId = notice.kind === 'pickUp' ? notice.agentId : conversation.assigneeId;
  const agent = agentId ? await getAgent(agentId) : undefined;
  const text = noticeText(notice, replies, agent?.displayName);
  const content = survey
    ? closingWithSurvey(text, survey, app.type)
    : text === undefined
      ? undefined
      : ({ type: 'text', text } as const);
  if (!content) return;
  const outcome = await recordOutboundMessage({
    conversationId: conversation.conversationId,
    author: 'bot',
    authorId: botId,
    clientMessageId: `notice-${change.messageId}`,
    content,
  });
  // Before the invitation can reach the customer (its own log entry comes after this one), so that
  // their answer finds it.
  if (survey && outcome.outcome === 'recorded') {
    await markSurveyInvited(conversation.conversationId, outcome.message.createdAt);
  }
  if (outcome.outcome === 'refused') {
    logger.info('a customer notice was not sent', {
      conversationId: conversation.conversationId,
      notice: notice.kind,
      reason: outcome.reason,
    });
  }
}
