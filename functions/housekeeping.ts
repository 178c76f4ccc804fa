/**
 * Runs every minute (an EventBridge schedule in the cloud, a timer locally), so that nothing depends
 * on one lucky request: closes conversations that timed out (the customer went quiet after the
 * agent's reply, or WeChat's 48-hour window closed), then moves every app's queue along.
 */
import { timeoutOf } from '../shared/domain/conversation-timeouts.ts';
import { listAppIds, listAppMemberIds } from '../shared/store/apps-repository.ts';
import { closeConversation } from '../shared/store/conversation-closer.ts';
import { listActiveConversations } from '../shared/store/conversations-repository.ts';
import { drainQueue } from '../shared/store/queue-drainer.ts';

export interface HousekeepingResult {
  closed: number;
  assigned: number;
}

export async function handler(): Promise<HousekeepingResult> {
  const result: HousekeepingResult = { closed: 0, assigned: 0 };
  const now = Date.now();
  for (const appId of await listAppIds()) {
    for (const agentId of await listAppMemberIds(appId)) {
      for (const conversation of await listActiveConversations(agentId)) {
        if (conversation.appId !== appId) continue;
        const reason = timeoutOf(conversation, now);
        if (!reason) continue;
        const closed = await closeConversation(conversation.conversationId, { timeout: reason });
        if (closed.outcome === 'closed') result.closed++;
      }
    }
    result.assigned += await drainQueue(appId);
  }
  return result;
}
