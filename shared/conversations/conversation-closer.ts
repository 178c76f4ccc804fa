import type { Conversation } from '../domain/conversation.ts';
import type { TimeoutReason } from '../domain/conversation-timeouts.ts';
import { lifecycleMessage } from '../domain/lifecycle-event.ts';
import type { Message } from '../domain/message.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { releaseCapacityItem } from '../store/agent-load-repository.ts';
import { conversationChangeItem } from '../store/conversation-change.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { dueRemoval } from '../store/due-repository.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { assigneePartition } from '../store/keys.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { retryOnConflict } from '../store/retry-on-conflict.ts';
import { servingRemoval } from '../store/serving-index.ts';

/** Who ends a conversation: its agent (or an admin), or the platform when it timed out. */
export type Closer = Actor | { timeout: TimeoutReason; afterMinutes?: number };

export type CloseOutcome =
  | { outcome: 'closed'; message: Message; conversation: Conversation }
  | { outcome: 'refused'; reason: 'not_found' | 'not_assigned'; sentence: string };

/**
 * Closes an active conversation and frees its agent's capacity. The change is written to the
 * conversation's log in the same transaction, so it reaches the consoles through the stream like
 * every message and stays in the history; the customer's next message opens a new conversation.
 */
export async function closeConversation(conversationId: string, closer: Closer): Promise<CloseOutcome> {
  return retryOnConflict(`conversation ${conversationId}`, async () => {
    const conversation = await getConversation(conversationId, true);
    const decision = conversation && 'agentId' in closer ? decide(closer, 'close', conversation) : undefined;
    if (!conversation || (decision && isHidden(decision))) {
      return { outcome: 'refused', reason: 'not_found', sentence: 'The conversation does not exist.' };
    }
    const assigneeId = conversation.assigneeId;
    if (conversation.state !== 'active' || !assigneeId || (decision && !decision.allowed)) {
      return {
        outcome: 'refused',
        reason: 'not_assigned',
        sentence: 'Only an open conversation assigned to you can be closed.',
      };
    }
    const now = Date.now();
    const message =
      'agentId' in closer
        ? lifecycleMessage(conversation, 'conversation_closed', { by: closer.agentId }, closer, now)
        : lifecycleMessage(conversation, 'conversation_closed', timeoutDetail(closer), 'system', now);
    const result = await guardedTransaction([
      messagePutItem(message),
      conversationChangeItem(message, {
        // From the agent's open conversations to their history, sorted by this closing.
        set: '#state = :closed, closedAt = :now, gsi1pk = :history, gsi1sk = :messageId',
        remove: `${dueRemoval}, ${servingRemoval}`,
        condition: '#state = :active AND assigneeId = :assigneeId',
        values: {
          ':closed': 'closed',
          ':active': 'active',
          ':assigneeId': assigneeId,
          ':history': assigneePartition(assigneeId),
        },
      }),
      releaseCapacityItem(assigneeId),
    ]);
    // The message id is new, so only the conversation's condition can fail: it changed; look again.
    if (result === 'written') {
      return {
        outcome: 'closed',
        message,
        conversation: {
          ...conversation,
          state: 'closed',
          closedAt: now,
          lastMessageAt: now,
          lastMessageId: message.messageId,
        },
      };
    }
    return undefined;
  });
}

/** The history says why, and after how long a silence, so agents know the rule that applied. */
function timeoutDetail(closer: { timeout: TimeoutReason; afterMinutes?: number }): Record<string, string> {
  return closer.afterMinutes === undefined
    ? { reason: closer.timeout }
    : { reason: closer.timeout, minutes: String(closer.afterMinutes) };
}
