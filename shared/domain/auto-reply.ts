/**
 * What the platform answers by itself: a welcome, answers to frequent questions, and where a waiting
 * customer stands. Everything is folded into one message, because WeChat counts every message sent to
 * a customer against a quota the agents need for their own replies.
 */
import { z } from 'zod';
import { maxPatternLength, type PatternOptions, patternMatches, patternProblem } from './admin-pattern.ts';
import type { MessageContent } from './message.ts';
import { type QueuePlace, waitingNotice } from './waiting-notice.ts';

export type KeywordMatch = 'exact' | 'contains' | 'regex';

export interface KeywordRule {
  match: KeywordMatch;
  pattern: string;
  reply: string;
}

export interface AutoReplies {
  /** Sent when the customer opens the chat or follows the account. */
  welcome?: string;
  /** Sent instead of the queue place outside business hours; absent: defaultOffHoursText. */
  offHours?: string;
  keywords: KeywordRule[];
  /** Words with which a customer asks for an agent rather than a canned answer. */
  humanKeywords: string[];
}

export const defaultHumanKeywords = ['人工', '客服', '转人工', '真人'];

export const defaultOffHoursText =
  '您好，现在是非工作时间。您的留言我们已收到，工作时间内客服会第一时间回复您。';

const patternOptions: PatternOptions = { ignoreCase: true };
// Three parts of this size together stay far below WeChat's 2048-byte limit for a text message.
const maxTextBytes = 600;
const maxKeywordRules = 50;

const utf8 = new TextEncoder();

const replyTextSchema = z
  .string()
  .min(1)
  .refine((text) => utf8.encode(text).length <= maxTextBytes, `at most ${maxTextBytes} bytes (UTF-8)`);

const keywordRuleSchema = z
  .object({
    match: z.enum(['exact', 'contains', 'regex']),
    pattern: z.string().min(1).max(maxPatternLength),
    reply: replyTextSchema,
  })
  .superRefine((rule, context) => {
    const problem = rule.match === 'regex' ? patternProblem(rule.pattern, patternOptions) : undefined;
    if (problem) context.addIssue({ code: 'custom', message: problem, path: ['pattern'] });
  });

export const autoRepliesSchema = z.object({
  welcome: replyTextSchema.optional(),
  offHours: replyTextSchema.optional(),
  keywords: z
    .array(keywordRuleSchema)
    .max(maxKeywordRules)
    .default(() => []),
  humanKeywords: z.array(replyTextSchema).default(() => [...defaultHumanKeywords]),
}) satisfies z.ZodType<AutoReplies>;

function matches(rule: KeywordRule, text: string): boolean {
  switch (rule.match) {
    case 'exact':
      return text.trim().toLowerCase() === rule.pattern.trim().toLowerCase();
    case 'contains':
      return text.toLowerCase().includes(rule.pattern.toLowerCase());
    case 'regex':
      return patternMatches(rule.pattern, text, patternOptions);
  }
}

/** The first rule that answers the text. */
export function matchKeyword(rules: readonly KeywordRule[], text: string): KeywordRule | undefined {
  return rules.find((rule) => matches(rule, text));
}

export function asksForHuman(humanKeywords: readonly string[], text: string): boolean {
  const lowered = text.toLowerCase();
  return humanKeywords.some((keyword) => lowered.includes(keyword.toLowerCase()));
}

export interface AutoReplyInput {
  /** What the customer just sent. */
  content: MessageContent;
  /** This message opened a new conversation. */
  opened: boolean;
  /** The conversation's state after routing. */
  state: 'queued' | 'active' | 'closed';
  replies: AutoReplies;
  withinBusinessHours: boolean;
  /** Someone of the queue is online, even if busy. */
  anyAgentOnline: boolean;
  /** Known when queued. */
  place?: QueuePlace;
}

function whereTheCustomerStands(input: AutoReplyInput): string {
  if (!input.withinBusinessHours) return input.replies.offHours ?? defaultOffHoursText;
  // With nobody online the place in line means nothing: the sentence says the message is kept.
  if (!input.anyAgentOnline) return waitingNotice(input.place ?? { position: 1, waiting: 1 }, false);
  if (!input.place) throw new Error('a queued customer with agents online needs their place in line');
  return waitingNotice(input.place, true);
}

const welcomeEvents = new Set(['user_enter_tempsession', 'subscribe']);

function asksTextForHuman(content: MessageContent, replies: AutoReplies): boolean {
  return content.type === 'text' && asksForHuman(replies.humanKeywords, content.text);
}

/**
 * Whether anything could be said automatically, before reading a queue's settings: a served customer
 * hears nothing but a welcome, a closed conversation nothing at all.
 */
export function mayAnswerAutomatically(content: MessageContent, state: AutoReplyInput['state']): boolean {
  if (state === 'closed') return false;
  return state === 'queued' || (content.type === 'event' && welcomeEvents.has(content.event));
}

/** Whether the reply tells a waiting customer where they stand (so their place must be looked up). */
export function announcesPlace(
  input: Pick<AutoReplyInput, 'content' | 'opened' | 'state' | 'replies'>,
): boolean {
  return input.state === 'queued' && (input.opened || asksTextForHuman(input.content, input.replies));
}

/**
 * The single automatic message for one customer message (WeChat counts every message we send against
 * the customer's quota, so we never send two), or undefined.
 */
export function composeAutoReply(input: AutoReplyInput): string | undefined {
  if (input.state === 'closed') return undefined;
  const { content, replies } = input;
  const text = content.type === 'text' ? content.text : undefined;
  const wantsHuman = asksTextForHuman(content, replies);
  const parts: string[] = [];
  if (content.type === 'event' && welcomeEvents.has(content.event) && replies.welcome) {
    parts.push(replies.welcome);
  }
  // An agent serving the customer answers questions themselves.
  if (text !== undefined && input.state !== 'active' && !wantsHuman) {
    const rule = matchKeyword(replies.keywords, text);
    if (rule) parts.push(rule.reply);
  }
  if (announcesPlace(input)) parts.push(whereTheCustomerStands(input));
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
