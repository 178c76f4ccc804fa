import { composeAutoReply } from '../domain/auto-reply.ts';
import { isOpen } from '../domain/business-hours.ts';
import type { Message } from '../domain/message.ts';
import type { Queue } from '../domain/queue.ts';
import { getAgentLoads } from './agent-load-repository.ts';
import { tableName, updateIf } from './client.ts';
import { getConversation } from './conversations-repository.ts';
import { conversationKey } from './keys.ts';
import { recordOutboundMessage } from './outbound-recorder.ts';
import { listQueueMemberIds } from './queues-repository.ts';
import { coreTable } from './tables.ts';
import { queuePlace } from './waiting-line.ts';

export const botId = 'bot';

/**
 * Answers one customer message automatically, with at most one message (welcome, keyword answer,
 * and where the customer stands, combined): WeChat counts each message against the customer's quota,
 * which belongs to the agent. Its client message id comes from the customer's message, so a retried
 * callback cannot send it twice. It goes out like an agent's reply (pending → sent).
 */
export async function replyAutomatically(
  queue: Queue,
  customerMessage: Message,
  opened: boolean,
): Promise<void> {
  const conversation = await getConversation(customerMessage.conversationId, true);
  if (!conversation) return;
  const now = Date.now();
  const loads = await getAgentLoads(await listQueueMemberIds(conversation));
  // "Online" here means someone is working, even if busy: then the customer is told their place.
  const anyAgentOnline = loads.some((load) => load.status === 'online' && load.presentUntil > now);
  const withinBusinessHours = isOpen(queue.businessHours, now);
  const queued = conversation.state === 'queued';
  if (queued && opened && (!anyAgentOnline || !withinBusinessHours)) {
    // Nobody to serve them now: a message left for later (留言), shown as such to agents.
    await updateIf({
      TableName: tableName(coreTable),
      Key: conversationKey(conversation.conversationId),
      UpdateExpression: 'SET waitingKind = :left',
      ConditionExpression: '#state = :queued',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':left': 'left_message', ':queued': 'queued' },
    });
  }
  const text = composeAutoReply({
    content: customerMessage.content,
    opened,
    state: conversation.state,
    replies: queue.autoReplies,
    withinBusinessHours,
    anyAgentOnline,
    place: queued ? await queuePlace(conversation, conversation.conversationId) : undefined,
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
