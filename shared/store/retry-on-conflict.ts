import pRetry from 'p-retry';

/** A read-decide-write round lost to other writers every time it was tried. */
export class KeptChangingError extends Error {
  constructor(what: string, attempts: number) {
    super(`${what} kept changing during ${attempts} attempts`);
    this.name = 'KeptChangingError';
  }
}

/** How hard to try: a crowd arriving at once needs more rounds than two agents clicking together. */
export interface ConflictRetry {
  attempts: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const fewWriters: ConflictRetry = { attempts: 8, firstDelayMs: 5, maxDelayMs: 100 };
export const crowdOfWriters: ConflictRetry = { attempts: 30, firstDelayMs: 5, maxDelayMs: 250 };

class Conflict extends Error {}

/**
 * Runs an optimistic round (read, decide, write under a condition) until it writes: `attempt` answers
 * undefined when a condition failed because someone else wrote first, and is tried again after a
 * growing, jittered pause (so writers that collided do not collide again in step).
 */
export async function retryOnConflict<T>(
  what: string,
  attempt: () => Promise<T | undefined>,
  retry: ConflictRetry = fewWriters,
): Promise<T> {
  try {
    return await pRetry(
      async () => {
        const outcome = await attempt();
        if (outcome === undefined) throw new Conflict();
        return outcome;
      },
      {
        retries: retry.attempts - 1,
        minTimeout: retry.firstDelayMs,
        maxTimeout: retry.maxDelayMs,
        factor: 2,
        randomize: true,
        shouldRetry: ({ error }) => error instanceof Conflict,
      },
    );
  } catch (error) {
    if (error instanceof Conflict) throw new KeptChangingError(what, retry.attempts);
    throw error;
  }
}
