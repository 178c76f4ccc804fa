import { announcesPlace, composeAutoReply, mayAnswerAutomatically } from '../domain/auto-reply.ts';
import { isOpen } from '../domain/business-hours.ts';
import type { Conversation } from '../domain/conversation.ts';
import type { Message } from '../domain/message.ts';
import { getAgentLoads } from './agent-load-repository.ts';
import { getAppCached } from './app-cache.ts';
import { tableName, updateIf } from './client.ts';
import { getConversation } from './conversations-repository.ts';
import { conversationKey } from './keys.ts';
import { recordOutboundMessage } from './outbound-recorder.ts';
import { getQueue, listQueueMemberIds } from './queues-repository.ts';
import { coreTable } from './tables.ts';
import { queuePlace } from './waiting-line.ts';

export const botId = 'bot';

/**
 * Answers one customer message automatically, with at most one message (welcome, keyword answer,
 * and where the customer stands, combined): WeChat counts each message against the customer's quota,
 * which belongs to the agent. Runs behind the message log's stream, so a failure is retried; its
 * client message id comes from the customer's message, so a retry never sends twice. It goes out
 * like an agent's reply (pending → sent).
 */
export async function replyAutomatically(customerMessage: Message): Promise<void> {
  const conversation = await getConversation(customerMessage.conversationId, true);
  if (!conversation || !mayAnswerAutomatically(customerMessage.content, conversation.state)) return;
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
  let anyAgentOnline = true;
  if (conversation.state === 'queued') {
    const loads = await getAgentLoads(await listQueueMemberIds(conversation));
    // "Online" here means someone is working, even if busy: then the customer is told their place.
    anyAgentOnline = loads.some((load) => load.status === 'online' && load.presentUntil > now);
    if (opened && (!anyAgentOnline || !withinBusinessHours)) await markLeftMessage(conversation);
  }
  const text = composeAutoReply({
    ...input,
    withinBusinessHours,
    anyAgentOnline,
    place: announcesPlace(input) ? await queuePlace(conversation, conversation.conversationId) : undefined,
  });
  if (!text) return;
  await recordOutboundMessage({
    conversationId: conversation.conversationId,
    author: 'bot',
    authorId: botId,
    clientMessageId: `auto-${customerMessage.messageId}`,
    content: { type: 'text', text },
  });
}

/** Nobody can serve them now: a message left for later (留言), shown as such to agents. */
async function markLeftMessage(conversation: Conversation): Promise<void> {
  await updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(conversation.conversationId),
    UpdateExpression: 'SET waitingKind = :left',
    ConditionExpression: '#state = :queued',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':left': 'left_message', ':queued': 'queued' },
  });
}
