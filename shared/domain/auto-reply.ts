/**
 * What the platform answers by itself: a welcome, answers to frequent questions, and where a waiting
 * customer stands. Everything is folded into one message, because WeChat counts every message sent to
 * a customer against a quota the agents need for their own replies.
 */
import { type PatternOptions, patternMatches } from './admin-pattern.ts';
import { pickUpText } from './customer-notices.ts';
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
  /** Sent when an agent takes the conversation, `{客服}` their display name (e.g. 「{客服}为您服务」); absent: nothing. */
  pickUp?: string;
  /** Sent when the conversation closes; absent: nothing. */
  closing?: string;
  /** The satisfaction survey's question, sent with the closing words; absent: no survey. */
  survey?: string;
  /** Sent when the customer answers the survey (a score recorded); absent: nothing. */
  surveyThanks?: string;
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

/**
 * The first rule that answers the text (asynchronous: a regex rule may load the regex engine). A click
 * on a menu option arrives as the option's text, and a rule may also name the option by its id
 * (`menuOptionId`), which stays the same when an agent rewords the option.
 */
export async function matchKeyword(
  rules: readonly KeywordRule[],
  text: string,
  menuOptionId?: string,
): Promise<KeywordRule | undefined> {
  for (const rule of rules) {
    if (await matches(rule, text)) return rule;
    if (menuOptionId !== undefined && (await matches(rule, menuOptionId))) return rule;
  }
  return undefined;
}

function menuOptionIdOf(content: MessageContent): string | undefined {
  return content.type === 'text' ? content.menuOptionId : undefined;
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
  /** The display name of the agent the conversation went to as it opened, if it went to one. */
  agentName?: string;
}

function whereTheCustomerStands(input: AutoReplyInput): string {
  if (!input.withinBusinessHours) return input.replies.offHours ?? defaultOffHoursText;
  // With nobody online the place in line means nothing: the sentence says the message is kept.
  if (!input.anyAgentOnline) return waitingNotice(input.place ?? { position: 1, waiting: 1 }, false);
  if (!input.place) throw new Error('a queued customer with agents online needs their place in line');
  return waitingNotice(input.place, true);
}

const welcomeEvents = new Set(['user_enter_tempsession', 'subscribe']);

/** A menu option whose text or id is a human keyword (e.g. 人工) asks for an agent like typed words. */
function asksTextForHuman(content: MessageContent, replies: AutoReplies): boolean {
  if (content.type !== 'text') return false;
  return (
    asksForHuman(replies.humanKeywords, content.text) ||
    (content.menuOptionId !== undefined && asksForHuman(replies.humanKeywords, content.menuOptionId))
  );
}

/**
 * Whether anything could be said automatically, before reading a queue's settings: a served customer
 * hears nothing but a welcome, a closed conversation nothing at all.
 */
export function mayAnswerAutomatically(
  content: MessageContent,
  state: AutoReplyInput['state'],
  opened: boolean,
): boolean {
  if (state === 'closed') return false;
  // A conversation that went to an agent as it opened may call for the queue's pick-up notice.
  return state === 'queued' || opened || (content.type === 'event' && welcomeEvents.has(content.event));
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
  const pickUp =
    input.opened && input.state === 'active' && input.agentName !== undefined
      ? pickUpText(replies, input.agentName)
      : undefined;
  if (pickUp) parts.push(pickUp);
  // An agent serving the customer answers questions themselves.
  if (text !== undefined && input.state !== 'active' && !wantsHuman) {
    const rule = await matchKeyword(replies.keywords, text, menuOptionIdOf(content));
    if (rule) parts.push(rule.reply);
  }
  if (announcesPlace(input)) parts.push(whereTheCustomerStands(input));
  return parts.length > 0 ? parts.join('\n\n') : undefined;
}
