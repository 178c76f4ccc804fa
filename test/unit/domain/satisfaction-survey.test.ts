import { describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { MessageContent } from '../../../shared/domain/message.ts';
import {
  closingWithSurvey,
  isSurveyAnswer,
  maxSurveyCommentLength,
  surveyAnswer,
  surveyAnswerWindowMs,
  surveyComment,
  surveyOptions,
} from '../../../shared/domain/satisfaction-survey.ts';

const invitedAt = 1_000_000;
const closed: Conversation = {
  conversationId: 'C',
  workspaceId: 'w',
  appId: 'wx',
  openId: 'o',
  queueId: 'default',
  state: 'closed',
  createdAt: 0,
  lastMessageAt: invitedAt,
  lastMessageId: 'M',
  lastMessagePreview: '',
  closedAt: invitedAt,
  surveyInvitedAt: invitedAt,
};
const text = (value: string, menuOptionId?: string): MessageContent => ({
  type: 'text',
  text: value,
  ...(menuOptionId ? { menuOptionId } : {}),
});
const soon = invitedAt + 60_000;

describe('surveyAnswer', () => {
  it.each<[string, Partial<Conversation>, MessageContent, number, number | undefined]>([
    ['a typed 5', {}, text('5'), soon, 5],
    ['a full-width digit with 分', {}, text(' ３分 '), soon, 3],
    ['a tap on an option', {}, text('4 满意', 'survey-4'), soon, 4],
    [
      'a tap whose text an agent would not recognise still counts by its id',
      {},
      text('whatever', 'survey-1'),
      soon,
      1,
    ],
    ['a number out of range', {}, text('6'), soon, undefined],
    ['a score with words after it', {}, text('5 星好评，谢谢'), soon, 5],
    ['a full-width score with 分 and words', {}, text('４分，客服很耐心'), soon, 4],
    ['a question that starts with a digit', {}, text('5块钱的运费怎么退'), soon, undefined],
    ['a sentence', {}, text('客服很好'), soon, undefined],
    ['a picture', {}, { type: 'image', url: 'https://example.com/a.jpg', mediaId: 'm' }, soon, undefined],
    ['a day later', {}, text('5'), invitedAt + surveyAnswerWindowMs + 1, undefined],
    ['already rated', { rating: 2, ratedAt: soon }, text('5'), soon, undefined],
    ['never invited', { surveyInvitedAt: undefined }, text('5'), soon, undefined],
    ['the conversation is open again', { state: 'active' }, text('5'), soon, undefined],
  ])('%s', (_label, change, content, now, expected) => {
    expect(surveyAnswer({ ...closed, ...change }, content, now)).toBe(expected);
  });
});

describe('surveyComment', () => {
  it.each<[string, MessageContent, string | undefined]>([
    ['the words after a typed score', text('5 星好评，谢谢'), '星好评，谢谢'],
    ['after 分 and a comma, spaces folded', text('4分， 发货快\n 包装好'), '发货快 包装好'],
    ['none after a score alone', text('3'), undefined],
    ['none after punctuation alone', text('2。'), undefined],
    ['none for a tap', text('4 满意', 'survey-4'), undefined],
    ['none for words that are no answer', text('客服很好'), undefined],
  ])('%s', (_label, content, expected) => {
    expect(surveyComment(content)).toBe(expected);
  });

  it(`keeps the first ${maxSurveyCommentLength} characters`, () => {
    const comment = surveyComment(text(`5 ${'好'.repeat(maxSurveyCommentLength + 20)}`));
    expect(comment).toBe('好'.repeat(maxSurveyCommentLength));
  });
});

describe('isSurveyAnswer', () => {
  const rated = { ...closed, rating: 4, ratedAt: soon };
  it('is the customer message whose time the recorded score carries', () => {
    expect(isSurveyAnswer(rated, { direction: 'inbound', createdAt: soon })).toBe(true);
  });

  it('is not another message, an agent’s, one of an open conversation, or any before a score', () => {
    expect(isSurveyAnswer(rated, { direction: 'inbound', createdAt: soon + 1 })).toBe(false);
    expect(isSurveyAnswer(rated, { direction: 'outbound', createdAt: soon })).toBe(false);
    expect(isSurveyAnswer({ ...rated, state: 'active' }, { direction: 'inbound', createdAt: soon })).toBe(
      false,
    );
    expect(isSurveyAnswer(closed, { direction: 'inbound', createdAt: soon })).toBe(false);
  });
});

describe('closingWithSurvey', () => {
  it('asks a Mini Program customer for a number, after the closing words, in one text', () => {
    expect(closingWithSurvey('感谢您的咨询！', '请为本次服务打分（回复 1–5）', 'miniprogram')).toEqual({
      type: 'text',
      text: '感谢您的咨询！\n\n请为本次服务打分（回复 1–5）',
    });
  });

  it('gives an Official Account customer the five scores to tap', () => {
    const menu = closingWithSurvey(undefined, '请为本次服务打分', 'official-account');
    expect(menu).toEqual({
      type: 'menu',
      head: '请为本次服务打分',
      options: surveyOptions.map((option) => ({ ...option })),
      tail: '',
    });
  });

  it('keeps the question when closing words and question together are longer than a menu holds', () => {
    // Each may be 600 bytes (auto-replies-schema.ts): 1,052 together.
    const question = '请'.repeat(150);
    const menu = closingWithSurvey('谢'.repeat(200), question, 'official-account');
    expect(menu.type === 'menu' && menu.head).toBe(question);
  });
});
