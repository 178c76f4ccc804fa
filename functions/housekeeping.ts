/**
 * Runs every minute (an EventBridge schedule in the cloud, a timer locally), so that nothing depends
 * on one lucky request: timed-out conversations close and every queue's line moves along. It also
 * samples how many agents are online, for the dashboard.
 */
import { type HousekeepingResult, keepHouse } from '../shared/conversations/housekeeping.ts';
import { agentsConnected } from '../shared/observability/events.ts';
import { observed } from '../shared/observability/invocation.ts';
import { countConnectedAgents } from '../shared/store/connections-repository.ts';

export type { HousekeepingResult };

async function housekeep(): Promise<HousekeepingResult> {
  const now = Date.now();
  const result = await keepHouse(now);
  agentsConnected(await countConnectedAgents(now));
  return result;
}

export const handler = observed(housekeep);
