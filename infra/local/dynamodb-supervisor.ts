/**
 * Keeps DynamoDB Local running under a running runtime. When its JVM dies (killed, out of memory, a
 * crash), nothing the functions do can succeed: callbacks answer 500 (WeChat retries them), the
 * stream pollers retry their batches. The supervisor starts a new JVM on the same port and, with a
 * data folder, on the same database file, so that the functions' endpoint stays valid and the data
 * and stream records written before the outage are there again. In memory there is nothing to come
 * back to: the new JVM starts empty, which is said loudly, and the runtime creates the tables again.
 *
 * Attempts are bounded: at most `maxRestarts` starts within `restartWindowMs`, each after a growing
 * pause. Past that (a JVM that keeps dying, a port taken by someone else) the supervisor gives up
 * loudly and tells the runtime, which stops: a runtime that answers 500 for ever helps nobody.
 */
import { type DynamoDbLocal, startDynamoDbLocal } from './dynamodb-local.ts';

export interface SupervisedDynamoDb {
  /** The same for every JVM the supervisor starts (same port). */
  readonly endpoint: string;
  /** The current JVM. */
  readonly pid: number;
  /** Stops supervising and the JVM; idempotent. */
  stop(): Promise<void>;
}

export interface DynamoDbSupervision {
  /** Starts within `restartWindowMs` before giving up; default 5. */
  readonly maxRestarts?: number;
  /** Default 10 minutes. */
  readonly restartWindowMs?: number;
  /** The pause before the first restart of an outage, doubled for each further one; default 1000. */
  readonly restartDelayMs?: number;
  /** Awaited before each restart (tests hold the outage open with it). */
  readonly beforeRestart?: () => Promise<void>;
}

export interface SupervisorOptions extends DynamoDbSupervision {
  /** 0 picks a free port (for the first start; restarts reuse it). */
  readonly port: number;
  readonly dataPath: string | null;
  readonly log: (line: string) => void;
  /** A new JVM answers; `dataLost` when it started empty (in memory). */
  readonly onRestarted: (restart: { dataLost: boolean }) => Promise<void>;
  /** The supervisor has given up; DynamoDB Local is not running. */
  readonly onGaveUp: (error: Error) => void;
}

const maxRestartDelayMs = 10_000;

export async function superviseDynamoDbLocal(options: SupervisorOptions): Promise<SupervisedDynamoDb> {
  const maxRestarts = options.maxRestarts ?? 5;
  const windowMs = options.restartWindowMs ?? 10 * 60_000;
  const baseDelayMs = options.restartDelayMs ?? 1000;
  const starts: number[] = [];
  let stopped = false;
  let restarting: Promise<void> | undefined;
  let exitedAgain = false;
  let gaveUp = false;
  let wake: (() => void) | undefined;

  const launch = (port: number) =>
    startDynamoDbLocal({
      port,
      dataPath: options.dataPath,
      log: options.log,
      onUnexpectedExit: () => {
        exitedAgain = true;
        restarting ??= (async () => {
          // A JVM that dies while the previous restart is still being set up is restarted after it.
          while (exitedAgain && !stopped && !gaveUp) {
            exitedAgain = false;
            await restart();
          }
        })().finally(() => (restarting = undefined));
      },
    });

  let current: DynamoDbLocal = await launch(options.port);
  const port = Number(new URL(current.endpoint).port);

  async function restart(): Promise<void> {
    for (let attempt = 1; !stopped; attempt++) {
      const now = Date.now();
      while (starts.length > 0 && (starts[0] as number) < now - windowMs) starts.shift();
      if (starts.length >= maxRestarts) {
        const error = new Error(
          `DynamoDB Local: gave up after ${maxRestarts} restarts within ${Math.round(windowMs / 60_000)} minutes; ` +
            'the local runtime stops (see the lines above for why DynamoDB Local ended)',
        );
        options.log(`!!! ${error.message}`);
        gaveUp = true;
        options.onGaveUp(error);
        return;
      }
      const delayMs = Math.min(maxRestartDelayMs, baseDelayMs * 2 ** (attempt - 1));
      options.log(`DynamoDB Local: restarting on port ${port} in ${delayMs} ms (attempt ${attempt})`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delayMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      await options.beforeRestart?.();
      if (stopped) return;
      starts.push(Date.now());
      try {
        current = await launch(port);
      } catch (error) {
        options.log(
          `DynamoDB Local: restart failed: ${error instanceof Error ? error.message : String(error)}`,
        );
        continue;
      }
      const dataLost = options.dataPath === null;
      options.log(
        dataLost
          ? '!!! DynamoDB Local was restarted IN MEMORY: every table, app, agent, conversation and message ' +
              'written so far is LOST; the tables are created again, empty (use a data folder to keep data)'
          : `DynamoDB Local restarted (pid ${current.pid}) on ${current.endpoint} with the same data folder`,
      );
      try {
        await options.onRestarted({ dataLost });
      } catch (error) {
        options.log(
          `DynamoDB Local: setting up after the restart failed: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
      return;
    }
  }

  return {
    endpoint: current.endpoint,
    get pid() {
      return current.pid;
    },
    async stop() {
      stopped = true;
      wake?.();
      await restarting;
      await current.stop();
    },
  };
}
