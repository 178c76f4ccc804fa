/**
 * The wait a queued customer is told (「预计等待约 5 分钟」), an estimate and said to be one. Agents'
 * places free up as conversations close: from the queue's recent conversations, a place is held
 * for the mean time from an agent taking a customer to the conversation closing, and the customers
 * ahead (and this one) are taken as the working agents' places free up.
 */

/** Conversations closed in a queue and the time their agents held them, summed. */
export interface HandlingSample {
  closed: number;
  handledMs: number;
}

/** How far back the estimate looks: the current hour and the two before it. */
export const handlingWindowMs = 2 * 60 * 60_000;

/** Fewer closed conversations than this tell too little: no estimate is given. */
export const minimumSample = 5;

/**
 * Whole minutes a customer at `position` (1 = next) can expect to wait, at least 1; undefined
 * without enough recent conversations to go by or without anyone working (`places`: the sum of the
 * working agents' capacities).
 */
export function estimatedWaitMinutes(
  position: number,
  sample: HandlingSample,
  places: number,
): number | undefined {
  if (sample.closed < minimumSample || places <= 0 || position < 1) return undefined;
  const meanHeldMs = sample.handledMs / sample.closed;
  return Math.max(1, Math.ceil((position * meanHeldMs) / places / 60_000));
}
