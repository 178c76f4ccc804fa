import { describe, expect, it } from 'vitest';
import { autoRepliesSchema } from '../../../shared/domain/auto-replies-schema.ts';
import {
  type AutoReplies,
  type AutoReplyInput,
  announcesPlace,
  asksForHuman,
  composeAutoReply,
  defaultHumanKeywords,
  defaultOffHoursText,
  type KeywordRule,
  matchKeyword,
  mayAnswerAutomatically,
} from '../../../shared/domain/auto-reply.ts';
import { type CustomerNotice, noticeFor, noticeText } from '../../../shared/domain/customer-notices.ts';
import { lifecycleMessage } from '../../../shared/domain/lifecycle-event.ts';
import type { MessageContent } from '../../../shared/domain/message.ts';
import { waitingNotice } from '../../../shared/domain/waiting-notice.ts';

const text = (value: string): MessageContent => ({ type: 'text', text: value });
const event = (name: string): MessageContent => ({ type: 'event', event: name, detail: {} });

const shippingRule: KeywordRule = { match: 'contains', pattern: '发货', reply: '下单后48小时内发货。' };
const refundRule: KeywordRule = { match: 'regex', pattern: '退(款|货)', reply: '退款请在订单页申请。' };
const hoursRule: KeywordRule = { match: 'exact', pattern: 'Hours', reply: '我们每天9点到21点在线。' };

describe('mayAnswerAutomatically', () => {
  it.each<[string, MessageContent, AutoReplyInput['state'], boolean, boolean]>([
    ['a waiting customer', text('你好'), 'queued', false, true],
    ['a served customer writing', text('你好'), 'active', false, false],
    ['a customer served as they open (a pick-up notice)', text('你好'), 'active', true, true],
    [
      'a served customer entering the chat (a welcome)',
      event('user_enter_tempsession'),
      'active',
      false,
      true,
    ],
    ['a served follower (a welcome)', event('subscribe'), 'active', false, true],
    ['a closed conversation', event('user_enter_tempsession'), 'closed', true, false],
    ['an unfollow', event('unsubscribe'), 'closed', false, false],
  ])('%s', (_label, content, state, opened, expected) => {
    expect(mayAnswerAutomatically(content, state, opened)).toBe(expected);
  });
});

describe('announcesPlace', () => {
  const replies: AutoReplies = { keywords: [shippingRule], humanKeywords: ['人工'] };
  it.each<[string, MessageContent, boolean, AutoReplyInput['state'], boolean]>([
    ['a newcomer who waits', text('你好'), true, 'queued', true],
    ['a waiting customer writing again', text('还在吗'), false, 'queued', false],
    ['a waiting customer asking for a human', text('转人工'), false, 'queued', true],
    [
      'a waiting customer sending a picture',
      { type: 'image', url: 'https://example.com/a.jpg', mediaId: 'm' },
      false,
      'queued',
      false,
    ],
    ['a served customer asking for a human', text('人工'), false, 'active', false],
    ['a newcomer served at once', event('user_enter_tempsession'), true, 'active', false],
  ])('%s', (_label, content, opened, state, expected) => {
    expect(announcesPlace({ content, opened, state, replies })).toBe(expected);
  });
});

describe('matchKeyword', () => {
  const rules = [hoursRule, shippingRule, refundRule];
  it.each<[string, readonly KeywordRule[], string, KeywordRule | undefined]>([
    ['exact, trimmed and case-insensitive', rules, '  hOURS \n', hoursRule],
    ['exact does not match a longer text', rules, 'opening hours', undefined],
    ['contains', rules, '请问什么时候发货？', shippingRule],
    [
      'contains, case-insensitive',
      [{ match: 'contains', pattern: 'VIP', reply: 'r' }],
      '我是vip会员',
      {
        match: 'contains',
        pattern: 'VIP',
        reply: 'r',
      },
    ],
    ['regex with Chinese text', rules, '我想退货', refundRule],
    [
      'regex is case-insensitive',
      [{ match: 'regex', pattern: '^order\\s*\\d+$', reply: 'r' }],
      'ORDER 42',
      {
        match: 'regex',
        pattern: '^order\\s*\\d+$',
        reply: 'r',
      },
    ],
    ['first matching rule wins', rules, '退款后多久发货', shippingRule],
    ['nothing matches', rules, '你好', undefined],
    ['no rules', [], '发货', undefined],
  ])('%s', async (_name, ruleList, message, expected) => {
    expect(await matchKeyword(ruleList, message)).toEqual(expected);
  });
});

describe('keyword patterns typed by admins', () => {
  it('match in linear time: a pattern that backtracks exponentially in JavaScript answers at once', async () => {
    const rules: KeywordRule[] = [{ match: 'regex', pattern: '^(a|a)+$', reply: 'r' }];
    // The engine loads on first use: loaded before the clock starts, so that only matching is timed.
    await matchKeyword(rules, 'a');
    const started = performance.now();
    // JavaScript's backtracking RegExp needs about 2^40 steps here (hours); a guard with a huge margin.
    expect(await matchKeyword(rules, `${'a'.repeat(40)}b`)).toBeUndefined();
    expect(await matchKeyword(rules, 'a'.repeat(40))).toEqual(rules[0]);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it.each([
    ['a lookbehind', '(?<=退)款', 'lookbehind'],
    ['a negative lookbehind', '(?<!不)退款', 'lookbehind'],
    ['a lookahead', '退(?=款)', 'lookahead'],
    ['a backreference', '(退)\\1', 'backreference'],
    ['a named backreference', '(?<x>退)\\k<x>', 'backreference'],
  ])('are refused when saved: %s', async (_name, pattern, problem) => {
    const result = await autoRepliesSchema.safeParseAsync({
      keywords: [{ match: 'regex', pattern, reply: 'r' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toContain(problem);
  });
});

describe('asksForHuman', () => {
  it.each<[string, readonly string[], string, boolean]>([
    ['default keyword inside a sentence', defaultHumanKeywords, '帮我转人工', true],
    ['another default keyword', defaultHumanKeywords, '我要找真人', true],
    ['no keyword', defaultHumanKeywords, '什么时候发货', false],
    ['case-insensitive', ['Agent'], 'talk to an AGENT please', true],
    ['no keywords configured', [], '人工', false],
  ])('%s', (_name, keywords, message, expected) => {
    expect(asksForHuman(keywords, message)).toBe(expected);
  });
});

describe('composeAutoReply', () => {
  const welcome = '欢迎光临！';
  const replies: AutoReplies = {
    welcome,
    keywords: [shippingRule, refundRule],
    humanKeywords: defaultHumanKeywords,
  };
  const base: AutoReplyInput = {
    content: text('你好'),
    opened: false,
    state: 'queued',
    replies,
    withinBusinessHours: true,
    anyAgentOnline: true,
    place: { position: 2, waiting: 3 },
  };
  const placeNotice = waitingNotice({ position: 2, waiting: 3 }, true);
  const leftMessageNotice = waitingNotice({ position: 1, waiting: 1 }, false);

  it.each<[string, Partial<AutoReplyInput>, string | undefined]>([
    [
      'welcome when the chat is entered',
      { content: event('user_enter_tempsession'), state: 'active' },
      welcome,
    ],
    ['welcome when the account is followed', { content: event('subscribe'), state: 'active' }, welcome],
    [
      'welcome and the pick-up notice in one message when an agent takes the customer at once',
      {
        content: event('user_enter_tempsession'),
        opened: true,
        state: 'active',
        agentName: '小王',
        replies: { ...replies, pickUp: '{客服}为您服务' },
      },
      `${welcome}\n\n小王为您服务`,
    ],
    [
      'no pick-up notice when the customer was already being served',
      { state: 'active', agentName: '小王', replies: { ...replies, pickUp: '{客服}为您服务' } },
      undefined,
    ],
    [
      'no pick-up notice configured',
      { content: text('在吗'), opened: true, state: 'active', agentName: '小王' },
      undefined,
    ],
    [
      'no welcome configured',
      { content: event('subscribe'), state: 'active', replies: { ...replies, welcome: undefined } },
      undefined,
    ],
    ['other events get nothing', { content: event('kf_close_session') }, undefined],
    [
      'welcome and the queue place in one message',
      { content: event('user_enter_tempsession'), opened: true },
      `${welcome}\n\n${placeNotice}`,
    ],
    ['keyword answer while queued', { content: text('什么时候发货') }, shippingRule.reply],
    [
      'keyword answer and the place when the message opened the conversation',
      { content: text('什么时候发货'), opened: true },
      `${shippingRule.reply}\n\n${placeNotice}`,
    ],
    [
      'no keyword answer while an agent serves the customer',
      { content: text('什么时候发货'), state: 'active' },
      undefined,
    ],
    [
      '人工 skips a matching keyword and tells the place',
      { content: text('发货太慢了，转人工') },
      placeNotice,
    ],
    ['asking for a human while served gets nothing', { content: text('人工'), state: 'active' }, undefined],
    ['the place only when the conversation opens', { content: text('你好') }, undefined],
    ['the place when it opens', { opened: true }, placeNotice],
    ['left message when nobody is online', { opened: true, anyAgentOnline: false }, leftMessageNotice],
    [
      'left message needs no place',
      { opened: true, anyAgentOnline: false, place: undefined },
      leftMessageNotice,
    ],
    [
      'default off-hours text wins over the place',
      { opened: true, withinBusinessHours: false },
      defaultOffHoursText,
    ],
    [
      'custom off-hours text',
      { opened: true, withinBusinessHours: false, replies: { ...replies, offHours: '周一再来。' } },
      '周一再来。',
    ],
    [
      'off-hours wins over nobody online',
      { opened: true, withinBusinessHours: false, anyAgentOnline: false },
      defaultOffHoursText,
    ],
    [
      'closed conversation gets nothing',
      { content: event('subscribe'), opened: true, state: 'closed' },
      undefined,
    ],
    ['closed conversation gets no keyword answer', { content: text('发货'), state: 'closed' }, undefined],
    [
      'an image that opens the conversation gets the place',
      { content: { type: 'image', mediaId: 'm' }, opened: true },
      placeNotice,
    ],
    [
      'a "talk to a person" menu click is answered with its text and the place',
      { content: event('CLICK'), opened: true, menuReply: '客服马上就来。' },
      `客服马上就来。\n\n${placeNotice}`,
    ],
    [
      "a menu key's answer while an agent serves the customer",
      { content: event('CLICK'), state: 'active', menuReply: '营业时间 9:00–18:00' },
      '营业时间 9:00–18:00',
    ],
    [
      "a menu key's answer without an open conversation, and nothing else",
      { content: event('CLICK'), state: 'closed', menuReply: '营业时间 9:00–18:00' },
      '营业时间 9:00–18:00',
    ],
  ])('%s', async (_name, overrides, expected) => {
    expect(await composeAutoReply({ ...base, ...overrides })).toBe(expected);
  });

  it('a queued customer with agents online but no known place is a programming error', async () => {
    await expect(composeAutoReply({ ...base, opened: true, place: undefined })).rejects.toThrow(Error);
  });
});

describe('autoRepliesSchema', () => {
  const rule = (index: number): KeywordRule => ({ match: 'contains', pattern: `k${index}`, reply: 'r' });

  it('fills in the defaults', async () => {
    expect(await autoRepliesSchema.parseAsync({})).toEqual({
      keywords: [],
      humanKeywords: defaultHumanKeywords,
    });
  });

  it.each<[string, unknown, boolean]>([
    [
      'welcome, off-hours and rules',
      { welcome: 'w', offHours: 'o', keywords: [refundRule, shippingRule] },
      true,
    ],
    ['a 600-byte text (200 Chinese characters)', { welcome: '好'.repeat(200) }, true],
    ['a 700-byte text', { welcome: 'a'.repeat(700) }, false],
    ['a 603-byte text of 201 Chinese characters', { offHours: '好'.repeat(201) }, false],
    ['a 700-byte keyword reply', { keywords: [{ ...shippingRule, reply: 'a'.repeat(700) }] }, false],
    ['an empty welcome', { welcome: '' }, false],
    [
      'a regex that does not compile',
      { keywords: [{ match: 'regex', pattern: '退(款', reply: 'r' }] },
      false,
    ],
    [
      'a regex invalid only under the u flag',
      { keywords: [{ match: 'regex', pattern: '\\-', reply: 'r' }] },
      false,
    ],
    [
      'a 201-character pattern',
      { keywords: [{ match: 'regex', pattern: 'a'.repeat(201), reply: 'r' }] },
      false,
    ],
    ['an empty pattern', { keywords: [{ match: 'contains', pattern: '', reply: 'r' }] }, false],
    ['an unknown match kind', { keywords: [{ match: 'prefix', pattern: 'a', reply: 'r' }] }, false],
    ['50 rules', { keywords: Array.from({ length: 50 }, (_, index) => rule(index)) }, true],
    ['51 rules', { keywords: Array.from({ length: 51 }, (_, index) => rule(index)) }, false],
    ['an empty human keyword', { humanKeywords: [''] }, false],
  ])('%s', async (_name, value, expected) => {
    expect((await autoRepliesSchema.safeParseAsync(value)).success).toBe(expected);
  });
});

describe('a click on a menu option', () => {
  const click = (optionText: string, menuOptionId: string): MessageContent => ({
    type: 'text',
    text: optionText,
    menuOptionId,
  });
  const orderRule: KeywordRule = { match: 'exact', pattern: 'order', reply: '订单问题请提供订单号。' };

  it("matches a rule by the option's text or by its id", async () => {
    expect(await matchKeyword([shippingRule], '发货进度', 'opt-1')).toEqual(shippingRule);
    expect(await matchKeyword([orderRule], '查订单', 'order')).toEqual(orderRule);
    expect(await matchKeyword([orderRule], '查订单', 'refund')).toBeUndefined();
  });

  it('asks for an agent when the option is a human keyword, by text or by id', () => {
    const replies: AutoReplies = { keywords: [], humanKeywords: ['人工'] };
    const asks = (content: MessageContent) =>
      announcesPlace({ content, opened: false, state: 'queued', replies });
    expect(asks(click('人工', 'opt-3'))).toBe(true);
    expect(asks(click('找客服', '人工'))).toBe(true);
    expect(asks(click('订单', 'order'))).toBe(false);
  });
});

describe('customer notices', () => {
  const conversation = { conversationId: 'C', workspaceId: 'w', appId: 'wx', openId: 'o' };
  const change = (event: string, detail: Record<string, string>) =>
    lifecycleMessage(
      {
        ...conversation,
        queueId: 'default',
        state: 'active',
        createdAt: 0,
        lastMessageAt: 0,
        lastMessageId: 'M',
        lastMessagePreview: '',
      },
      event as Parameters<typeof lifecycleMessage>[1],
      detail,
      'system',
      1,
    );

  it.each<[string, ReturnType<typeof change>, CustomerNotice | undefined]>([
    [
      'routed from the line',
      change('conversation_assigned', { to: 'a1' }),
      { kind: 'pickUp', agentId: 'a1' },
    ],
    [
      'accepted out of turn',
      change('conversation_accepted', { by: 'a2' }),
      { kind: 'pickUp', agentId: 'a2' },
    ],
    [
      'transferred to a colleague',
      change('conversation_transferred', { from: 'a1', to: 'a3' }),
      { kind: 'pickUp', agentId: 'a3' },
    ],
    [
      'transferred to a queue: nobody has them yet',
      change('conversation_transferred', { from: 'a1', toQueue: 'vip' }),
      undefined,
    ],
    ['closed by the agent', change('conversation_closed', { by: 'a1' }), { kind: 'closing' }],
    [
      'closed after the customer went quiet',
      change('conversation_closed', { reason: 'inactive', minutes: '30' }),
      { kind: 'closing' },
    ],
    [
      'closed because WeChat’s 48 hours ran out',
      change('conversation_closed', { reason: 'expired' }),
      undefined,
    ],
    ['reopened by the agent', change('conversation_reopened', { by: 'a1' }), undefined],
  ])('%s', (_label, message, expected) => {
    expect(noticeFor(message)).toEqual(expected);
  });

  it('fills in the agent’s name, and says nothing the queue does not say', () => {
    const replies: AutoReplies = {
      keywords: [],
      humanKeywords: [],
      pickUp: '｛客服｝为您服务，{客户}请讲',
      closing: '感谢咨询，{客服}祝您生活愉快',
    };
    expect(noticeText({ kind: 'pickUp', agentId: 'a1' }, replies, '小王')).toBe('小王为您服务，亲请讲');
    expect(noticeText({ kind: 'closing' }, replies, '小王')).toBe('感谢咨询，小王祝您生活愉快');
    expect(
      noticeText({ kind: 'pickUp', agentId: 'a1' }, { keywords: [], humanKeywords: [] }, '小王'),
    ).toBeUndefined();
    expect(noticeText({ kind: 'closing' }, { keywords: [], humanKeywords: [] }, '小王')).toBeUndefined();
  });

  it('are saved with the queue’s other automatic replies, within their length', async () => {
    const parsed = await autoRepliesSchema.parseAsync({ pickUp: '{客服}为您服务', closing: '再见' });
    expect(parsed).toMatchObject({ pickUp: '{客服}为您服务', closing: '再见' });
    expect((await autoRepliesSchema.safeParseAsync({ closing: '长'.repeat(201) })).success).toBe(false);
  });
});
