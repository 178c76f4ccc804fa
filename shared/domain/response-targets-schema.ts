/** A queue's response-time targets as an operator gives them, checked before they are saved. */
import * as z from 'zod/mini';
import { type ResponseTargets, reassignLimits, responseTargetLimits } from './sla.ts';

function minutesSchema(
  message: string,
  { minMinutes, maxMinutes }: { minMinutes: number; maxMinutes: number },
) {
  return z
    .number(message)
    .check(z.int(message), z.minimum(minMinutes, message), z.maximum(maxMinutes, message));
}

const { minMinutes, maxMinutes } = responseTargetLimits;
const targetMinutes = (name: string) =>
  minutesSchema(
    `the ${name} target is a whole number of minutes from ${minMinutes} to ${maxMinutes}`,
    responseTargetLimits,
  );

/** Every one optional: a target left out is no target. The whole object replaces the queue's targets. */
export const responseTargetsSchema: z.ZodMiniType<ResponseTargets> = z.strictObject({
  firstResponseMinutes: z.optional(targetMinutes('first-response')),
  nextResponseMinutes: z.optional(targetMinutes('next-response')),
  reassignAfterMinutes: z.optional(
    minutesSchema(
      `a conversation is reassigned after a whole number of minutes from ${reassignLimits.minMinutes} to ${reassignLimits.maxMinutes} without an answer`,
      reassignLimits,
    ),
  ),
});
