import type { Conversation } from '../domain/conversation.ts';
import { waitingNotice } from '../domain/waiting-notice.ts';
import { getAgentLoads } from './agent-load-repository.ts';
import { listAppMemberIds } from './apps-repository.ts';
import { getConversation } from './conversations-repository.ts';
import { recordOutboundMessage } from './outbound-recorder.ts';
import { queuePlace } from './queue-repository.ts';

export const botId = 'bot';

/**
 * Tells a customer who just joined the queue where they stand, once: the notice's client message id
 * comes from the customer's message, so a retried callback cannot send it twice. It goes out like an
 * agent's reply (pending → sent) and uses one of the messages WeChat allows, leaving the rest to the agent.
 */
export async function notifyWaitingCustomer(queued: Conversation, customerMessageId: string): Promise<void> {
  const conversation = await getConversation(queued.conversationId, true);
  if (conversation?.state !== 'queued') return;
  const now = Date.now();
  const loads = await getAgentLoads(await listAppMemberIds(conversation.appId));
  // "Online" here means someone is working, even if busy: then the customer is told their place.
  const anyAgentOnline = loads.some((load) => load.status === 'online' && load.presentUntil > now);
  const place = await queuePlace(conversation.appId, conversation.conversationId);
  await recordOutboundMessage({
    conversationId: conversation.conversationId,
    author: 'bot',
    authorId: botId,
    clientMessageId: `waiting-${customerMessageId}`,
    content: { type: 'text', text: waitingNotice(place, anyAgentOnline) },
  });
}
