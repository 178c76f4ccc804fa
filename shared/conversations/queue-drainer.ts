import type { Conversation } from '../domain/conversation.ts';
import { lifecycleMessage } from '../domain/lifecycle-event.ts';
import type { Message } from '../domain/message.ts';
import type { QueueRef } from '../domain/queue.ts';
import { rankAssignees } from '../domain/routing.ts';
import { getAgentLoads, takeCapacityItem } from '../store/agent-load-repository.ts';
import { tableName } from '../store/client.ts';
import { stickToItem } from '../store/conversations-repository.ts';
import { dueChange } from '../store/due-repository.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { conversationKey } from '../store/keys.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { listAgentQueues, listQueueMemberIds } from '../store/queues-repository.ts';
import { servingChange } from '../store/serving-index.ts';
import { coreTable } from '../store/tables.ts';
import { listWaiting } from '../store/waiting-line.ts';

/** Bounds one drain so a request never runs long; the periodic drain continues where it stopped. */
const maxRounds = 60;

/**
 * Gives the oldest waiting conversations of the queues to the best available agents of each queue
 * until nobody waits or nobody of those queues is free. Across queues the oldest customer goes first,
 * so an agent who serves several queues takes whoever has waited longest. Safe to run anywhere and any
 * number of times at once: each assignment is one transaction conditioned on the conversation still
 * waiting and the agent still having room.
 *
 * Drains of the same queues asked for while one runs in this process join it: it goes round once more
 * after its current pass, so whatever freed room meanwhile is seen, and they resolve with it. Drains
 * running side by side would all reach for the same oldest customer and the same best agent, and all
 * but one would lose and read again (a crowd of callbacks or closes makes that a storm of requests).
 */
export function drainQueues(queues: readonly QueueRef[]): Promise<number> {
  const key = queues
    .map(({ appId, queueId }) => `${appId}\n${queueId}`)
    .sort()
    .join('\n\n');
  const running = drainsRunning.get(key);
  if (running) {
    running.again = true;
    return running.done;
  }
  const drain: RunningDrain = { again: false, done: Promise.resolve(0) };
  drain.done = (async () => {
    try {
      let assigned = 0;
      do {
        drain.again = false;
        assigned += await drainOnce(queues);
      } while (drain.again);
      return assigned;
    } finally {
      drainsRunning.delete(key);
    }
  })();
  drainsRunning.set(key, drain);
  return drain.done;
}

interface RunningDrain {
  /** Someone asked for a drain of the same queues during the current pass. */
  again: boolean;
  done: Promise<number>;
}

const drainsRunning = new Map<string, RunningDrain>();

async function drainOnce(queues: readonly QueueRef[]): Promise<number> {
  let assigned = 0;
  for (let round = 0; round < maxRounds; round++) {
    const heads = (await Promise.all(queues.map((queue) => listWaiting(queue, 1))))
      .flat()
      .sort((a, b) => a.conversationId.localeCompare(b.conversationId));
    let progressed = false;
    for (const oldest of heads) {
      const now = Date.now();
      const [agent] = rankAssignees(
        await getAgentLoads(await listQueueMemberIds(oldest)),
        oldest.stickyAgentId,
        now,
      );
      if (!agent) continue;
      // Otherwise another drain got there first, or the index lagged; read again either way.
      if (await assignFromQueue(oldest, agent.agentId, 'routed', now)) assigned++;
      progressed = true;
      break;
    }
    if (!progressed) break;
  }
  return assigned;
}

export function drainQueue(queue: QueueRef): Promise<number> {
  return drainQueues([queue]);
}

/** The agent came online or has room again: the lines of every queue they serve may move. */
export async function drainQueuesOf(agentId: string): Promise<number> {
  return drainQueues(await listAgentQueues(agentId));
}

/**
 * One assignment, written to the conversation's log too: the stream then tells the new assignee's
 * consoles (message.created and conversation.updated), and the history shows who took it when.
 * `chosen`: the agent accepted the customer from the queue view rather than being given them.
 */
export async function assignFromQueue(
  conversation: Conversation,
  agentId: string,
  taking: 'routed' | 'chosen',
  now: number,
): Promise<Message | undefined> {
  const message =
    taking === 'routed'
      ? lifecycleMessage(conversation, 'conversation_assigned', { to: agentId }, 'system', now)
      : lifecycleMessage(conversation, 'conversation_accepted', { by: agentId }, { agentId }, now);
  // Looked at by the next housekeeping run, which knows the queue's timeout.
  const due = dueChange('ACTIVE', conversation.conversationId, now);
  const serving = servingChange(agentId);
  const result = await guardedTransaction([
    messagePutItem(message),
    {
      Update: {
        TableName: tableName(coreTable),
        Key: conversationKey(conversation.conversationId),
        UpdateExpression: `SET #state = :active, assigneeId = :agentId, assignedAt = :now, ${serving.set}, ${due.set} REMOVE waitingKind, ${serving.remove}`,
        ConditionExpression: '#state = :queued AND attribute_not_exists(assigneeId) AND queueId = :queueId',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':active': 'active',
          ':queued': 'queued',
          ':agentId': agentId,
          ':queueId': conversation.queueId,
          ':now': now,
          ...serving.values,
          ...due.values,
        },
      },
    },
    stickToItem(conversation, agentId),
    takeCapacityItem(agentId, now, taking),
  ]);
  return result === 'written' ? message : undefined;
}
