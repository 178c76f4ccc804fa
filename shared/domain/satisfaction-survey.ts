/**
 * The satisfaction survey (满意度评价) a queue may send as a conversation closes: its question, in
 * the same message as the closing words (WeChat counts every message against the customer's quota),
 * answered with a score of 1 to 5. On an Official Account it is a menu message, the scores its
 * options, so the customer answers with a tap; a Mini Program has no menus and asks for a number.
 * An answer within a day of the invitation is recorded on the closed conversation (and shown in its
 * thread) instead of opening a new one.
 */
import type { AppType } from './app.ts';
import type { Conversation } from './conversation.ts';
import { menuLimits } from './menu-limits.ts';
import type { Message, MessageContent } from './message.ts';

/** How long after the invitation a score is still taken as the answer. */
export const surveyAnswerWindowMs = 24 * 60 * 60_000;

/** The options of the menu, best first, with the ids a tap hands back. */
export const surveyOptions = [
  { id: 'survey-5', text: '5 非常满意' },
  { id: 'survey-4', text: '4 满意' },
  { id: 'survey-3', text: '3 一般' },
  { id: 'survey-2', text: '2 不满意' },
  { id: 'survey-1', text: '1 非常不满意' },
] as const;

const fullWidthDigits = '０１２３４５６７８９';

/** A typed score: one digit 1–5, half- or full-width, alone or followed by 分. */
function typedScore(text: string): number | undefined {
  const normalised = text
    .trim()
    .replace(/[０-９]/g, (digit) => String(fullWidthDigits.indexOf(digit)))
    .replace(/分$/, '');
  return /^[1-5]$/.test(normalised) ? Number(normalised) : undefined;
}

/** The score a customer's message gives, if it answers the conversation's open invitation. */
export function surveyAnswer(
  conversation: Conversation,
  content: MessageContent,
  now: number,
): number | undefined {
  if (conversation.state !== 'closed' || conversation.surveyInvitedAt === undefined) return undefined;
  if (conversation.rating !== undefined || now - conversation.surveyInvitedAt > surveyAnswerWindowMs)
    return undefined;
  if (content.type !== 'text') return undefined;
  const tapped = surveyOptions.find((option) => option.id === content.menuOptionId);
  return tapped ? Number(tapped.id.slice('survey-'.length)) : typedScore(content.text);
}

/**
 * Whether the customer's message is the survey answer recorded on its closed conversation: the
 * recorder gives the score the time of the message that carried it.
 */
export function isSurveyAnswer(
  conversation: Pick<Conversation, 'state' | 'ratedAt'>,
  message: Pick<Message, 'direction' | 'createdAt'>,
): boolean {
  return (
    conversation.state === 'closed' &&
    message.direction === 'inbound' &&
    conversation.ratedAt !== undefined &&
    conversation.ratedAt === message.createdAt
  );
}

/** The closing words and the survey's question as one message for this kind of app. */
export function closingWithSurvey(
  closing: string | undefined,
  question: string,
  appType: AppType,
): Extract<MessageContent, { type: 'text' | 'menu' }> {
  const head = closing ? `${closing}\n\n${question}` : question;
  if (appType === 'official-account') {
    // A menu's question holds less than a text (1024 bytes): long closing words give way to the question.
    const fits = new TextEncoder().encode(head).length <= menuLimits.headBytes;
    return {
      type: 'menu',
      head: fits ? head : question,
      options: surveyOptions.map((option) => ({ ...option })),
      tail: '',
    };
  }
  return { type: 'text', text: head };
}
