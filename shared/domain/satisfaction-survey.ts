/**
 * The satisfaction survey (满意度评价) a queue may send as a conversation closes: its question, in
 * the same message as the closing words (WeChat counts every message against the customer's quota),
 * answered with a score of 1 to 5. On an Official Account it is a menu message, the scores its
 * options, so the customer answers with a tap; a Mini Program has no menus and asks for a number,
 * which words may follow after a space or a punctuation mark (「5 客服很耐心」): the customer's comment.
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

/** A comment is kept to this many characters: a line of feedback, not a letter. */
export const maxSurveyCommentLength = 200;

// A score must stand apart from what follows, so that 「5块钱的运费怎么退」 is a question, not a 5.
const typedAnswer = /^([1-5])分?(?:[\s,，.。、:：;；!！~～]+(.*))?$/su;

/** A typed answer: one digit 1–5, half- or full-width, maybe 分, maybe words after it. */
function typedAnswerOf(text: string): { score: number; comment?: string } | undefined {
  const normalised = text.trim().replace(/[０-９]/g, (digit) => String(fullWidthDigits.indexOf(digit)));
  const match = typedAnswer.exec(normalised);
  if (!match) return undefined;
  const comment = Array.from(match[2]?.replace(/\s+/g, ' ').trim() ?? '')
    .slice(0, maxSurveyCommentLength)
    .join('');
  return { score: Number(match[1]), ...(comment ? { comment } : {}) };
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
  return tapped ? Number(tapped.id.slice('survey-'.length)) : typedAnswerOf(content.text)?.score;
}

/** The words a customer typed after their score, if the message is a typed answer with any. */
export function surveyComment(content: MessageContent): string | undefined {
  if (content.type !== 'text' || content.menuOptionId !== undefined) return undefined;
  return typedAnswerOf(content.text)?.comment;
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
