/** A queue's response-time targets as an operator gives them, checked before they are saved. */
import * as z from 'zod/mini';
import { type ResponseTargets, responseTargetLimits } from './sla.ts';

const { minMinutes, maxMinutes } = responseTargetLimits;

function minutesSchema(name: string) {
  const message = `the ${name} target is a whole number of minutes from ${minMinutes} to ${maxMinutes}`;
  return z
    .number(message)
    .check(z.int(message), z.minimum(minMinutes, message), z.maximum(maxMinutes, message));
}

/** Both optional: a target left out is no target. The whole object replaces the queue's targets. */
export const responseTargetsSchema: z.ZodMiniType<ResponseTargets> = z.strictObject({
  firstResponseMinutes: z.optional(minutesSchema('first-response')),
  nextResponseMinutes: z.optional(minutesSchema('next-response')),
});
