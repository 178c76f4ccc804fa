import { z } from 'zod';
import { maxPatternLength, patternProblem } from '../domain/admin-pattern.ts';
import { autoRepliesSchema } from '../domain/auto-reply.ts';
import { businessHoursSchema } from '../domain/business-hours.ts';
import { defaultQueueId, defaultQueueOf, type Queue } from '../domain/queue.ts';
import { sessionFromPatternOptions } from '../domain/queue-selection.ts';
import { getApp } from '../store/apps-repository.ts';
import { getQueue, saveQueue } from '../store/queues-repository.ts';
import { RegistrationError } from './registration-error.ts';

export const queueIdSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a queue id is lowercase letters, digits and dashes (e.g. shop-12)');

const sessionFromRuleSchema = z
  .object({ match: z.enum(['exact', 'prefix', 'regex']), pattern: z.string().min(1).max(maxPatternLength) })
  .superRefine((rule, context) => {
    const problem =
      rule.match === 'regex' ? patternProblem(rule.pattern, sessionFromPatternOptions) : undefined;
    if (problem) context.addIssue({ code: 'custom', message: problem, path: ['pattern'] });
  });

/** What an operator may change about a queue; fields left out keep their current value. */
export const queueSettingsSchema = z.object({
  appId: z.string().min(1),
  queueId: queueIdSchema,
  name: z.string().min(1).max(64).optional(),
  sessionFromRules: z.array(sessionFromRuleSchema).max(50).optional(),
  /** null: always open. */
  businessHours: businessHoursSchema.nullable().optional(),
  autoReplies: autoRepliesSchema.optional(),
  inactivityMinutes: z
    .number()
    .int()
    .min(1)
    .max(48 * 60)
    .optional(),
});

export type QueueSettings = z.input<typeof queueSettingsSchema>;

/** Creates a queue, or changes the given settings of an existing one (the default queue included). */
export async function configureQueue(input: QueueSettings): Promise<Queue> {
  const settings = queueSettingsSchema.parse(input);
  const app = await getApp(settings.appId);
  if (!app) throw new RegistrationError(`no such app: ${settings.appId}`);
  if (settings.queueId === defaultQueueId && settings.sessionFromRules?.length) {
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
