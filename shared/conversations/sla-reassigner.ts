import type { Conversation } from '../domain/conversation.ts';
import { lifecycleMessage } from '../domain/lifecycle-event.ts';
import { type Message, previewOf } from '../domain/message.ts';
import { reassigneeOf, reassignmentDueAt } from '../domain/sla-reassignment.ts';
import { getAgentLoads, releaseCapacityItem, takeCapacityItem } from '../store/agent-load-repository.ts';
import { conversationChangeItem } from '../store/conversation-change.ts';
import { getConversation, stickToItem } from '../store/conversations-repository.ts';
import { conditionalTransaction } from '../store/guarded-transaction.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { listQueueMemberIds } from '../store/queues-repository.ts';
import { retryOnConflict } from '../store/retry-on-conflict.ts';
import { servingChange } from '../store/serving-index.ts';

export type Reassignment =
  | { outcome: 'reassigned'; conversation: Conversation; message: Message }
  | { outcome: 'stayed'; conversation: Conversation };

/**
 * The queue's SLA rule (domain/sla-reassignment.ts) applied to one conversation at `now`: once its
 * agent's time to answer has run out, it goes to the best available other agent of its queue. One
 * transaction moves it, raises the new agent's load under routing's guard (online, here, room) and
 * frees the late agent's, and logs a `conversation_transferred` by the system, so both agents'
 * consoles hear of it through the stream. It applies only to the conversation exactly as read (same
 * agent, same last message): an answer, a transfer or another housekeeping run that got there first
 * makes it read again and decide anew, so it is never moved twice. With nobody else free it stays
 * with its agent.
 */
export async function reassignIfUnanswered(
  seen: Conversation,
  afterMinutes: number,
  now: number,
): Promise<Reassignment> {
  let consistent = false;
  return retryOnConflict(`conversation ${seen.conversationId}`, async () => {
    // Housekeeping read it eventually consistently; after a lost write, the truth.
    const conversation = consistent ? await getConversation(seen.conversationId, true) : seen;
    consistent = true;
    if (!conversation) return { outcome: 'stayed', conversation: seen };
    const from = conversation.assigneeId;
    const dueAt = reassignmentDueAt(conversation, afterMinutes * 60_000);
    if (!from || dueAt === undefined || dueAt > now) return { outcome: 'stayed', conversation };
    const members = await getAgentLoads(await listQueueMemberIds(conversation));
    const to = reassigneeOf(members, from, conversation.stickyAgentId, now)?.agentId;
    if (!to) return { outcome: 'stayed', conversation };
    // The log's order is the clock's, now; the new agent's time to answer runs from the decision.
    const at = Date.now();
    const message = lifecycleMessage(
      conversation,
      'conversation_transferred',
      { from, to, reason: 'unanswered', afterMinutes: String(afterMinutes) },
      'system',
      at,
    );
    const serving = servingChange(to);
    const result = await conditionalTransaction([
      messagePutItem(message),
      conversationChangeItem(message, {
        set: `assigneeId = :to, ${serving.set}, transferredAt = :decidedAt`,
        condition: '#state = :active AND assigneeId = :from AND lastMessageId = :seen',
        values: {
          ':active': 'active',
          ':from': from,
          ':seen': conversation.lastMessageId,
          ':to': to,
          ...serving.values,
          ':decidedAt': now,
        },
      }),
      stickToItem(conversation, to),
      takeCapacityItem(to, at),
      releaseCapacityItem(from),
    ]);
    if (result === 'conflict') return undefined;
    return {
      outcome: 'reassigned',
      message,
      conversation: {
        ...conversation,
        assigneeId: to,
        transferredAt: now,
        lastMessageAt: at,
        lastMessageId: message.messageId,
        lastMessagePreview: previewOf(message.content),
      },
    };
  });
}
