import { timeoutOf } from '../domain/conversation-timeouts.ts';
import { sweepUndelivered } from '../outbound/sweep-undelivered.ts';
import { getApp, listAppIds, listAppMemberIds } from '../store/apps-repository.ts';
import { listActiveConversations } from '../store/conversations-repository.ts';
import { listQueues } from '../store/queues-repository.ts';
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

/**
 * Closes conversations that timed out (the customer went quiet after the agent's reply, or WeChat's
 * 48-hour window closed), moves every queue's line along, and resolves outbound messages left on
 * their way too long (`shared/outbound/sweep-undelivered.ts`).
 */
export async function keepHouse(now: number): Promise<HousekeepingResult> {
  const result: HousekeepingResult = { closed: 0, assigned: 0, redelivered: 0, abandoned: 0 };
  for (const appId of await listAppIds()) {
    const app = await getApp(appId);
    if (!app) continue;
    const queues = await listQueues(app);
    const inactivityMinutesOf = new Map(queues.map((queue) => [queue.queueId, queue.inactivityMinutes]));
    for (const agentId of await listAppMemberIds(appId)) {
      for (const conversation of await listActiveConversations(agentId)) {
        if (conversation.appId !== appId) continue;
        const minutes = inactivityMinutesOf.get(conversation.queueId);
        const reason = timeoutOf(conversation, now, minutes === undefined ? undefined : minutes * 60_000);
        if (!reason) continue;
        const closed = await closeConversation(conversation.conversationId, {
          timeout: reason,
          afterMinutes: reason === 'inactive' ? minutes : undefined,
        });
        if (closed.outcome === 'closed') result.closed++;
      }
    }
    result.assigned += await drainQueues(queues);
  }
  Object.assign(result, await sweepUndelivered(now));
  return result;
}
