/**
 * EventBridge schedules (`rate(n seconds)`): each `schedules` entry invokes its function every
 * `rateSeconds` with a "Scheduled Event". An invocation that runs longer than the rate delays the
 * next one instead of overlapping it, so a slow housekeeping run is never doubled locally.
 */
import { randomUUID } from 'node:crypto';
import type { ScheduledEvent } from 'aws-lambda';
import { localAccountId, localRegion } from './aws-identity.ts';
import type { FunctionHost } from './function-host.ts';
import type { RuntimeManifest } from './runtime-manifest.ts';

export interface Schedules {
  /** Stops the timers; resolves once running invocations have finished. */
  stop(): Promise<void>;
}

export function startSchedules(
  schedules: RuntimeManifest['schedules'],
  functions: FunctionHost,
  log: (line: string) => void,
): Schedules {
  let stopped = false;
  const timers = new Set<NodeJS.Timeout>();
  const running = new Set<Promise<void>>();

  schedules.forEach((schedule, index) => {
    const ruleArn = `arn:aws:events:${localRegion}:${localAccountId}:rule/local-schedule-${index}-${schedule.function}`;
    const periodMs = schedule.rateSeconds * 1000;
    const tick = (due: number) => {
      const timer = setTimeout(async () => {
        timers.delete(timer);
        const started = Date.now();
        const run = invoke(schedule.function, ruleArn, started);
        running.add(run);
        await run;
        running.delete(run);
        if (!stopped) tick(Math.max(started + periodMs, Date.now()));
      }, due - Date.now());
      timers.add(timer);
    };
    tick(Date.now() + periodMs);
  });

  async function invoke(functionName: string, ruleArn: string, at: number): Promise<void> {
    const event: ScheduledEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: localAccountId,
      time: `${new Date(at).toISOString().slice(0, 19)}Z`,
      region: localRegion,
      resources: [ruleArn],
      detail: {},
    };
    try {
      await functions.invoke(functionName, event);
    } catch (error) {
      log(
        `schedule → ${functionName} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    }
  }

  return {
    async stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.all(running);
    },
  };
}
