import type { Conversation } from '../domain/conversation.ts';
import { nextCheckAt, timeoutOf } from '../domain/conversation-timeouts.ts';
import { sweepUndelivered } from '../outbound/sweep-undelivered.ts';
import { getApp } from '../store/apps-repository.ts';
import { getConversations } from '../store/conversations-repository.ts';
import { listDueConversationIds, listQueuesWithWaiting, postponeDue } from '../store/due-repository.ts';
import { getQueue } from '../store/queues-repository.ts';
import { closeConversation } from './conversation-closer.ts';
import { drainQueues } from './queue-drainer.ts';

export interface HousekeepingResult {
  closed: number;
  assigned: number;
  /** Outbound messages left `pending` too long, handed to delivery again. */
  redelivered: number;
  /** Outbound messages left `sending` too long, marked `failed` (their outcome is unknown). */
  abandoned: number;
}

/** Bounds one run so it fits its minute; the rest are due still, and the next run takes them. */
const maxChecksPerRun = 200;

/**
 * Closes conversations that timed out (the customer went quiet after the agent's reply, or WeChat's
 * 48-hour window closed), moves along every line someone waits in, and resolves outbound messages
 * left on their way too long (`shared/outbound/sweep-undelivered.ts`). What it reads is what is due,
 * from the `due` index (`shared/store/due-repository.ts`): its cost follows the open conversations
 * and the waiting customers, never the number of apps and agents.
 */
export async function keepHouse(now: number): Promise<HousekeepingResult> {
  const result: HousekeepingResult = { closed: 0, assigned: 0, redelivered: 0, abandoned: 0 };
  const inactivityOf = inactivitySettings();
  for (const conversation of await getConversations(await listDueConversationIds(now, maxChecksPerRun))) {
    // The index lags: a conversation closed or queued just now is no longer this run's.
    if (conversation.state !== 'active') continue;
    const minutes = await inactivityOf(conversation);
    const inactivityMs = minutes === undefined ? undefined : minutes * 60_000;
    const reason = timeoutOf(conversation, now, inactivityMs);
    if (!reason) {
      await postponeDue(conversation.conversationId, nextCheckAt(conversation, now, inactivityMs));
      continue;
    }
    const closed = await closeConversation(conversation.conversationId, {
      timeout: reason,
      afterMinutes: reason === 'inactive' ? minutes : undefined,
    });
    if (closed.outcome === 'closed') result.closed++;
  }
  result.assigned = await drainQueues(await listQueuesWithWaiting());
  Object.assign(result, await sweepUndelivered(now));
  return result;
}

/** Each queue's timeout in minutes, read once per run; undefined for a queue that no longer exists. */
function inactivitySettings(): (conversation: Conversation) => Promise<number | undefined> {
  const known = new Map<string, Promise<number | undefined>>();
  return ({ appId, queueId }) => {
    const key = `${appId}\n${queueId}`;
    let minutes = known.get(key);
    if (!minutes) {
      minutes = getApp(appId).then(async (app) =>
        app ? (await getQueue(app, queueId))?.inactivityMinutes : undefined,
      );
      known.set(key, minutes);
    }
    return minutes;
  };
}
