/**
 * Runs every minute (an EventBridge schedule in the cloud, a timer locally): moves every app's queue
 * along, so that a waiting customer is served even when the request that freed an agent did not get
 * to drain (it failed, or an index read lagged).
 */
import { listAppIds } from '../shared/store/apps-repository.ts';
import { drainQueue } from '../shared/store/queue-drainer.ts';

export async function handler(): Promise<{ assigned: number }> {
  let assigned = 0;
  for (const appId of await listAppIds()) assigned += await drainQueue(appId);
  return { assigned };
}
