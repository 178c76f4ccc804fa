/**
 * A queue's automatic replies as an operator gives them, checked before they are saved. A regex
 * keyword rule is checked by the regex engine, which loads on first use: parse with `parseAsync`.
 */
import * as z from 'zod/mini';
import { maxPatternLength, patternProblem } from './admin-pattern.ts';
import { type AutoReplies, defaultHumanKeywords, keywordPatternOptions } from './auto-reply.ts';

// Three parts of this size together stay far below WeChat's 2048-byte limit for a text message.
const maxTextBytes = 600;
const maxKeywordRules = 50;

const utf8 = new TextEncoder();

const replyTextSchema = z.string().check(
  z.minLength(1),
  z.refine((text) => utf8.encode(text).length <= maxTextBytes, `at most ${maxTextBytes} bytes (UTF-8)`),
);

const keywordRuleSchema = z
  .object({
    match: z.enum(['exact', 'contains', 'regex']),
    pattern: z.string().check(z.minLength(1), z.maxLength(maxPatternLength)),
    reply: replyTextSchema,
  })
  .check(
    z.superRefine(async (rule, context) => {
      const problem =
        rule.match === 'regex' ? await patternProblem(rule.pattern, keywordPatternOptions) : undefined;
      if (problem) context.addIssue({ code: 'custom', message: problem, path: ['pattern'] });
    }),
  );

export const autoRepliesSchema = z.object({
  welcome: z.optional(replyTextSchema),
  offHours: z.optional(replyTextSchema),
  pickUp: z.optional(replyTextSchema),
  closing: z.optional(replyTextSchema),
  survey: z.optional(replyTextSchema),
  surveyThanks: z.optional(replyTextSchema),
  keywords: z._default(z.array(keywordRuleSchema).check(z.maxLength(maxKeywordRules)), () => []),
  humanKeywords: z._default(z.array(replyTextSchema), () => [...defaultHumanKeywords]),
}) satisfies z.ZodMiniType<AutoReplies>;
