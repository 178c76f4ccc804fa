import * as z from 'zod/mini';
import { maxPatternLength, patternProblem } from '../domain/admin-pattern.ts';
import { autoRepliesSchema } from '../domain/auto-replies-schema.ts';
import { businessHoursSchema } from '../domain/business-hours-schema.ts';
import { defaultQueueId, defaultQueueOf, type Queue } from '../domain/queue.ts';
import { queueIdSchema } from '../domain/queue-id-schema.ts';
import { sessionFromPatternOptions } from '../domain/queue-selection.ts';
import { responseTargetsSchema } from '../domain/response-targets-schema.ts';
import { getApp } from '../store/apps-repository.ts';
import { getQueue, saveQueue } from '../store/queues-repository.ts';
import { RegistrationError } from './registration-error.ts';

const sessionFromRuleSchema = z
  .object({
    match: z.enum(['exact', 'prefix', 'regex']),
    pattern: z.string().check(z.minLength(1), z.maxLength(maxPatternLength)),
  })
  .check(
    z.superRefine(async (rule, context) => {
      const problem =
        rule.match === 'regex' ? await patternProblem(rule.pattern, sessionFromPatternOptions) : undefined;
      if (problem) context.addIssue({ code: 'custom', message: problem, path: ['pattern'] });
    }),
  );

/**
 * What an operator may change about a queue; fields left out keep their current value. Its regex
 * rules are checked by the regex engine, which loads on first use: parse with `parseAsync`.
 */
export const queueSettingsSchema = z.object({
  appId: z.string().check(z.minLength(1)),
  queueId: queueIdSchema,
  name: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
  sessionFromRules: z.optional(z.array(sessionFromRuleSchema).check(z.maxLength(50))),
  /** Same shape as SessionFrom rules, matched against the scene of a parametric QR code. */
  qrSceneRules: z.optional(z.array(sessionFromRuleSchema).check(z.maxLength(50))),
  /** null: always open. */
  businessHours: z.optional(z.nullable(businessHoursSchema)),
  autoReplies: z.optional(autoRepliesSchema),
  inactivityMinutes: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(48 * 60))),
  /** Replaces the queue's targets; `{}` removes them. */
  responseTargets: z.optional(responseTargetsSchema),
});

export type QueueSettings = z.input<typeof queueSettingsSchema>;

/** Creates a queue, or changes the given settings of an existing one (the default queue included). */
export async function configureQueue(input: QueueSettings): Promise<Queue> {
  const settings = await queueSettingsSchema.parseAsync(input);
  const app = await getApp(settings.appId);
  if (!app) throw new RegistrationError(`no such app: ${settings.appId}`);
  if (
    settings.queueId === defaultQueueId &&
    (settings.sessionFromRules?.length || settings.qrSceneRules?.length)
  ) {
    throw new RegistrationError('the default queue takes everyone no other queue claims; it has no rules');
  }
  const current = (await getQueue(app, settings.queueId)) ?? {
    ...defaultQueueOf(app),
    queueId: settings.queueId,
    name: settings.queueId,
    createdAt: Date.now(),
  };
  const { businessHours, ...rest } = settings;
  const queue: Queue = {
    ...current,
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    ...(businessHours === undefined ? {} : { businessHours: businessHours ?? undefined }),
  };
  await saveQueue(queue);
  return queue;
}
