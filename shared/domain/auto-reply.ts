/**
 * What the platform answers by itself: a welcome, answers to frequent questions, and where a waiting
 * customer stands. Everything is folded into one message, because WeChat counts every message sent to
 * a customer against a quota the agents need for their own replies.
 */
import { type PatternOptions, patternMatches } from './admin-pattern.ts';
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

/** Keyword rules ignore case, as `exact` and `contains` do. */
export const keywordPatternOptions: PatternOptions = { ignoreCase: true };

function matches(rule: KeywordRule, text: string): boolean | Promise<boolean> {
  switch (rule.match) {
    case 'exact':
      return text.trim().toLowerCase() === rule.pattern.trim().toLowerCase();
    case 'contains':
      return text.toLowerCase().includes(rule.pattern.toLowerCase());
    case 'regex':
      return patternMatches(rule.pattern, text, keywordPatternOptions);
  }
}

/** The first rule that answers the text (asynchronous: a regex rule may load the regex engine). */
export async function matchKeyword(
  rules: readonly KeywordRule[],
  text: string,
): Promise<KeywordRule | undefined> {
  for (const rule of rules) {
    if (await matches(rule, text)) return rule;
  }
  return undefined;
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
  /** The app's answer to the menu button the customer clicked, if it has one (menu-keys.ts). */
  menuReply?: string;
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
export async function composeAutoReply(input: AutoReplyInput): Promise<string | undefined> {
  // A menu button's answer is the account speaking for the button, whoever serves the customer.
  if (input.state === 'closed') return input.menuReply;
  const { content, replies } = input;
  const text = content.type === 'text' ? content.text : undefined;
  const wantsHuman = asksTextForHuman(content, replies);
  const parts: string[] = input.menuReply ? [input.menuReply] : [];
  if (content.type === 'event' && welcomeEvents.has(content.event) && replies.welcome) {
    parts.push(replies.welcome);
  }
  // An agent serving the customer answers questions themselves.
  if (text !== undefined && input.state !== 'active' && !wantsHuman) {
    const rule = await matchKeyword(replies.keywords, text);
    if (rule) parts.push(rule.reply);
  }
  if (announcesPlace(input)) parts.push(whereTheCustomerStands(input));
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
