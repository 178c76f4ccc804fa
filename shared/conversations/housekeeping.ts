import type { Conversation } from '../domain/conversation.ts';
import { nextCheckAt, timeoutOf } from '../domain/conversation-timeouts.ts';
import type { Queue } from '../domain/queue.ts';
import { sweepUndelivered } from '../outbound/sweep-undelivered.ts';
import { getApp } from '../store/apps-repository.ts';
import { getConversations } from '../store/conversations-repository.ts';
import { listDueConversationIds, listQueuesWithWaiting, postponeDue } from '../store/due-repository.ts';
import { getQueue } from '../store/queues-repository.ts';
import { closeConversation } from './conversation-closer.ts';
import { drainQueues } from './queue-drainer.ts';
import { reassignIfUnanswered } from './sla-reassigner.ts';

export interface HousekeepingResult {
  closed: number;
  assigned: number;
  /** Conversations given to another agent because theirs had not answered in time (the queue's SLA rule). */
  reassigned: number;
  /** Outbound messages left `pending` too long, handed to delivery again. */
  redelivered: number;
  /** Outbound messages left `sending` too long, marked `failed` (their outcome is unknown). */
  abandoned: number;
}

/** Bounds one run so it fits its minute; the rest are due still, and the next run takes them. */
const maxChecksPerRun = 200;

/**
 * Closes conversations that timed out (the customer went quiet after the agent's reply, or WeChat's
 * 48-hour window closed), gives a conversation whose agent did not answer in time to another agent
 * (where its queue has that rule), moves along every line someone waits in, and resolves outbound
 * messages left on their way too long (`shared/outbound/sweep-undelivered.ts`). What it reads is what is due,
 * from the `due` index (`shared/store/due-repository.ts`): its cost follows the open conversations
 * and the waiting customers, never the number of apps and agents.
 */
export async function keepHouse(now: number): Promise<HousekeepingResult> {
  const result: HousekeepingResult = { closed: 0, assigned: 0, reassigned: 0, redelivered: 0, abandoned: 0 };
  const settingsOf = queueSettings();
  for (const conversation of await getConversations(await listDueConversationIds(now, maxChecksPerRun))) {
    // The index lags: a conversation closed or queued just now is no longer this run's.
    if (conversation.state !== 'active') continue;
    const { inactivityMinutes: minutes, reassignAfterMinutes } = (await settingsOf(conversation)) ?? {};
    const inactivityMs = minutes === undefined ? undefined : minutes * 60_000;
    const reason = timeoutOf(conversation, now, inactivityMs);
    if (reason) {
      const closed = await closeConversation(conversation.conversationId, {
        timeout: reason,
        afterMinutes: reason === 'inactive' ? minutes : undefined,
      });
      if (closed.outcome === 'closed') result.closed++;
      continue;
    }
    let checked = conversation;
    if (reassignAfterMinutes !== undefined) {
      const reassignment = await reassignIfUnanswered(conversation, reassignAfterMinutes, now);
      if (reassignment.outcome === 'reassigned') result.reassigned++;
      checked = reassignment.conversation;
    }
    const reassignAfterMs = reassignAfterMinutes === undefined ? undefined : reassignAfterMinutes * 60_000;
    await postponeDue(checked.conversationId, nextCheckAt(checked, now, inactivityMs, reassignAfterMs));
  }
  result.assigned = await drainQueues(await listQueuesWithWaiting());
  Object.assign(result, await sweepUndelivered(now));
  return result;
}

/**
 * What each queue says of its conversations' timeouts, read once per run; undefined for a queue that
 * no longer exists.
 */
function queueSettings(): (
  conversation: Conversation,
) => Promise<{ inactivityMinutes?: number; reassignAfterMinutes?: number } | undefined> {
  const known = new Map<string, Promise<Queue | undefined>>();
  return ({ appId, queueId }) => {
    const key = `${appId}\n${queueId}`;
    let queue = known.get(key);
    if (!queue) {
      queue = getApp(appId).then((app) => (app ? getQueue(app, queueId) : undefined));
      known.set(key, queue);
    }
    return queue.then(
      (found) =>
        found && {
          inactivityMinutes: found.inactivityMinutes,
          reassignAfterMinutes: found.responseTargets?.reassignAfterMinutes,
        },
    );
  };
}
