/**
 * Runs every minute (an EventBridge schedule in the cloud, a timer locally), so that nothing depends
 * on one lucky request: closes conversations that timed out (the customer went quiet after the
 * agent's reply, or WeChat's 48-hour window closed), then moves every queue's line along.
 */

import { closeConversation } from '../shared/conversations/conversation-closer.ts';
import { drainQueues } from '../shared/conversations/queue-drainer.ts';
import { timeoutOf } from '../shared/domain/conversation-timeouts.ts';
import { getApp, listAppIds, listAppMemberIds } from '../shared/store/apps-repository.ts';
import { listActiveConversations } from '../shared/store/conversations-repository.ts';
import { listQueues } from '../shared/store/queues-repository.ts';

export interface HousekeepingResult {
  closed: number;
  assigned: number;
}

export async function handler(): Promise<HousekeepingResult> {
  const result: HousekeepingResult = { closed: 0, assigned: 0 };
  const now = Date.now();
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
  return result;
}
