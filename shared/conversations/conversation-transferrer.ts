import { unavailabilityOf } from '../domain/availability.ts';
import type { Conversation } from '../domain/conversation.ts';
import { lifecycleMessage } from '../domain/lifecycle-event.ts';
import type { Message } from '../domain/message.ts';
import { type Actor, decide, isHidden } from '../domain/permissions.ts';
import { getAgentLoads, releaseCapacityItem, takeCapacityItem } from '../store/agent-load-repository.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getApp } from '../store/apps-repository.ts';
import { conversationChangeItem } from '../store/conversation-change.ts';
import { getConversation, stickToItem } from '../store/conversations-repository.ts';
import { dueChange } from '../store/due-repository.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { waitingPartition } from '../store/keys.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { getQueue } from '../store/queues-repository.ts';
import { retryOnConflict } from '../store/retry-on-conflict.ts';
import { servingChange, servingRemoval } from '../store/serving-index.ts';
import { type LifecycleOutcome, notFound, refused } from './lifecycle-outcome.ts';
import { drainQueue } from './queue-drainer.ts';

export type TransferTarget = { toAgentId: string } | { toQueueId: string };

/**
 * Hands an active conversation to another agent (who must be online, here and under capacity: the
 * same guard as routing) or back to a queue (where it keeps its original place in line, by arrival).
 * One transaction moves the conversation and both agents' loads, and logs the change, so the old and
 * the new assignee both hear of it through the stream. (The caller offers the freed room to the line.)
 */
export async function transferConversation(
  conversationId: string,
  actor: Actor,
  target: TransferTarget,
): Promise<LifecycleOutcome> {
  return retryOnConflict(`conversation ${conversationId}`, async () => {
    const conversation = await getConversation(conversationId, true);
    const decision = conversation && decide(actor, 'transfer', conversation);
    if (!conversation || !decision || isHidden(decision)) return notFound;
    const from = conversation.assigneeId;
    if (conversation.state !== 'active' || !from || !decision.allowed) {
      return refused('not_assigned', 'Only an open conversation assigned to you can be transferred.');
    }
    const outcome =
      'toAgentId' in target
        ? await toAgent(conversation, from, actor, target.toAgentId)
        : await toQueue(conversation, from, actor, target.toQueueId);
    if (outcome) return outcome;
    return undefined;
  });
}

/** Undefined when the conversation or a load changed meanwhile: look again. */
async function toAgent(
  conversation: Conversation,
  from: string,
  actor: Actor,
  toAgentId: string,
): Promise<LifecycleOutcome | undefined> {
  if (toAgentId === from) return refused('conflict', 'The conversation is already assigned to that agent.');
  const agent = await getAgent(toAgentId);
  if (
    !agent ||
    agent.workspaceId !== conversation.workspaceId ||
    !agent.appIds.includes(conversation.appId)
  ) {
    return refused('unavailable', 'That agent does not serve this app.');
  }
  const now = Date.now();
  const [load] = await getAgentLoads([toAgentId]);
  const unavailable = unavailabilityOf(load, { self: false, name: agent.displayName }, now);
  if (unavailable) return refused('unavailable', unavailable);
  const message = lifecycleMessage(
    conversation,
    'conversation_transferred',
    { from, to: toAgentId },
    actor,
    now,
  );
  const serving = servingChange(toAgentId);
  const result = await guardedTransaction([
    messagePutItem(message),
    conversationUpdate(from, message, {
      // The new agent's time to answer (the queue's SLA rule) starts now.
      set: `assigneeId = :to, ${serving.set}, transferredAt = :now`,
      values: { ':to': toAgentId, ...serving.values },
    }),
    stickToItem(conversation, toAgentId),
    takeCapacityItem(toAgentId, now),
    releaseCapacityItem(from),
  ]);
  if (result !== 'written') return undefined;
  return done(message, {
    ...conversation,
    assigneeId: toAgentId,
    transferredAt: now,
    lastMessageAt: now,
    lastMessageId: message.messageId,
  });
}

async function toQueue(
  conversation: Conversation,
  from: string,
  actor: Actor,
  toQueueId: string,
): Promise<LifecycleOutcome | undefined> {
  const app = await getApp(conversation.appId);
  const queue = app ? await getQueue(app, toQueueId) : undefined;
  if (!queue) return refused('unavailable', `The app has no queue "${toQueueId}".`);
  const now = Date.now();
  const message = lifecycleMessage(
    conversation,
    'conversation_transferred',
    { from, toQueue: toQueueId },
    actor,
    now,
  );
  const waiting = dueChange('QUEUED', conversation.conversationId, now);
  const result = await guardedTransaction([
    messagePutItem(message),
    conversationUpdate(from, message, {
      // Whoever gave it away is not who it should stick to.
      set: `#state = :queued, queueId = :queueId, waitingKind = :queue, gsi1pk = :partition, gsi1sk = conversationId, ${waiting.set}`,
      remove: `assigneeId, stickyAgentId, ${servingRemoval}`,
      values: {
        ':queued': 'queued',
        ':queueId': toQueueId,
        ':queue': 'queue',
        ':partition': waitingPartition(conversation.appId, toQueueId),
        ...waiting.values,
      },
    }),
    releaseCapacityItem(from),
  ]);
  if (result !== 'written') return undefined;
  const moved: Conversation = {
    ...conversation,
    state: 'queued',
    queueId: toQueueId,
    waitingKind: 'queue',
    assigneeId: undefined,
    stickyAgentId: undefined,
    lastMessageAt: now,
    lastMessageId: message.messageId,
  };
  // Someone of that queue may have room for them now.
  await drainQueue(moved);
  return done(message, moved);
}

/** Moves the conversation away from `from`, provided it is still theirs and still active. */
function conversationUpdate(
  from: string,
  message: Message,
  change: { set: string; remove?: string; values: Record<string, unknown> },
) {
  return conversationChangeItem(message, {
    ...change,
    condition: '#state = :active AND assigneeId = :from',
    values: { ':active': 'active', ':from': from, ...change.values },
  });
}

function done(message: Message, conversation: Conversation): LifecycleOutcome {
  return { outcome: 'done', message, conversation };
}
