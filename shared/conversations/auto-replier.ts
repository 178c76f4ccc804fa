import { announcesPlace, composeAutoReply, mayAnswerAutomatically } from '../domain/auto-reply.ts';
import { isOpen } from '../domain/business-hours.ts';
import type { Conversation } from '../domain/conversation.ts';
import { menuKeyRuleOf } from '../domain/menu-keys.ts';
import type { Message } from '../domain/message.ts';
import { estimatedWaitMinutes, handlingWindowMs } from '../domain/queue-eta.ts';
import { type AgentLoad, isWorking } from '../domain/routing.ts';
import { isSurveyAnswer } from '../domain/satisfaction-survey.ts';
import type { QueuePlace } from '../domain/waiting-notice.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getAppCached } from '../store/app-cache.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { handledSince } from '../store/queue-handling-repository.ts';
import { getQueue, listQueueMemberIds } from '../store/queues-repository.ts';
import { queuePlace } from '../store/waiting-line.ts';
import { recordOutboundMessage } from './outbound-recorder.ts';

/** Who automatic messages are from. */
export const botId = 'bot';

/** The answer the app's admins gave the menu button (click or scan) the customer used, if any. */
async function menuReplyTo({ appId, content }: Message): Promise<string | undefined> {
  if (content.type !== 'event' || !content.detail.eventKey || !menuEvents.has(content.event))
    return undefined;
  const app = await getAppCached(appId);
  return menuKeyRuleOf(app?.menuKeys, content.detail.eventKey)?.reply;
}

const menuEvents = new Set(['CLICK', 'scancode_push', 'scancode_waitmsg']);

/**
 * Answers one customer message automatically, with at most one message (welcome, keyword answer,
 * and where the customer stands, combined): WeChat counts each message against the customer's quota,
 * which belongs to the agent. Runs behind the message log's stream, so a failure is retried; its
 * client message id comes from the customer's message, so a retry never sends twice. It goes out
 * like an agent's reply (pending → sent).
 *
 * `seen`: the conversation as the stream consumer read it for this message. When it is at least as
 * new as the message (its last message is this one or a later one) and says no automatic answer is
 * due (an agent serves the customer, the usual case), nothing more is read; a served one that may
 * call for an answer (a welcome, a pick-up notice) decides as it is; otherwise the conversation is
 * read consistently and decides.
 */
export async function replyAutomatically(customerMessage: Message, seen?: Conversation): Promise<void> {
  const menuReply = await menuReplyTo(customerMessage);
  const fresh = seen !== undefined && seen.lastMessageId >= customerMessage.messageId ? seen : undefined;
  if (fresh && isSurveyAnswer(fresh, customerMessage)) return thankForSurveyAnswer(customerMessage, fresh);
  if (
    !menuReply &&
    fresh &&
    !mayAnswerAutomatically(customerMessage.content, fresh.state, customerMessage.opened === true)
  ) {
    return;
  }
  // A served conversation seen with this message or later decides a welcome or a pick-up notice as
  // well as a consistent read would; a waiting one is read again, as its place is told from the truth.
  const conversation =
    fresh?.state === 'active' ? fresh : await getConversation(customerMessage.conversationId, true);
  if (!conversation) return;
  if (isSurveyAnswer(conversation, customerMessage))
    return thankForSurveyAnswer(customerMessage, conversation);
  if (
    !menuReply &&
    !mayAnswerAutomatically(customerMessage.content, conversation.state, customerMessage.opened === true)
  )
    return;
  const app = await getAppCached(conversation.appId);
  const queue = app && (await getQueue(app, conversation.queueId));
  if (!queue) return;
  const now = Date.now();
  const opened = customerMessage.opened === true;
  const withinBusinessHours = isOpen(queue.businessHours, now);
  const input = {
    content: customerMessage.content,
    opened,
    state: conversation.state,
    replies: queue.autoReplies,
  };
  // Someone working, even if busy, will get to the customer: then they are told their place.
  const working =
    conversation.state === 'queued'
      ? (await getAgentLoads(await listQueueMemberIds(conversation))).filter((load) => isWorking(load, now))
      : [];
  const anyAgentOnline = conversation.state !== 'queued' || working.length > 0;
  const agentName =
    opened && conversation.state === 'active' && conversation.assigneeId && queue.autoReplies.pickUp
      ? (await getAgent(conversation.assigneeId))?.displayName
      : undefined;
  const text = await composeAutoReply({
    ...input,
    ...(agentName === undefined ? {} : { agentName }),
    withinBusinessHours,
    anyAgentOnline,
    place: announcesPlace(input) ? await placeWithEstimate(conversation, working, now) : undefined,
    ...(menuReply ? { menuReply } : {}),
  });
  if (text) await answerWith(customerMessage, text);
}

/** The queue's thanks for a survey answer, if it has words for it; the customer just wrote, so the window is open. */
async function thankForSurveyAnswer(answer: Message, conversation: Conversation): Promise<void> {
  const app = await getAppCached(conversation.appId);
  const thanks = app && (await getQueue(app, conversation.queueId))?.autoReplies.surveyThanks;
  if (thanks) await answerWith(answer, thanks);
}

/** The one automatic message for a customer's message: its id comes from theirs, so a retry never sends twice. */
async function answerWith(customerMessage: Message, text: string): Promise<void> {
  await recordOutboundMessage({
    conversationId: customerMessage.conversationId,
    author: 'bot',
    authorId: botId,
    clientMessageId: `auto-${customerMessage.messageId}`,
    content: { type: 'text', text },
  });
}

/** Where the customer stands, with the estimated wait where the queue's recent conversations allow. */
async function placeWithEstimate(
  conversation: Conversation,
  working: readonly AgentLoad[],
  now: number,
): Promise<QueuePlace> {
  const place = await queuePlace(conversation, conversation.conversationId);
  if (working.length === 0) return place;
  const places = working.reduce((sum, load) => sum + load.capacity, 0);
  const etaMinutes = estimatedWaitMinutes(
    place.position,
    await handledSince(conversation, now - handlingWindowMs),
    places,
  );
  return etaMinutes === undefined ? place : { ...place, etaMinutes };
}
