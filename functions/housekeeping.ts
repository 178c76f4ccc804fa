/**
 * Runs every minute (an EventBridge schedule in the cloud, a timer locally), so that nothing depends
 * on one lucky request: timed-out conversations close and every queue's line moves along.
 */
import { type HousekeepingResult, keepHouse } from '../shared/conversations/housekeeping.ts';
import { observed } from '../shared/observability/invocation.ts';

export type { HousekeepingResult };

function housekeep(): Promise<HousekeepingResult> {
  return keepHouse(Date.now());
}

export const handler = observed(housekeep);
