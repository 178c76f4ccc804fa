import { describe, expect, it } from 'vitest';
import {
  type FollowUpTemplate,
  fillFollowUpFields,
  followUpChance,
} from '../../../shared/domain/follow-up.ts';
import { followUpTemplateSchema } from '../../../shared/domain/follow-up-schema.ts';
import { problemWithKeywordValue, truncateToKind } from '../../../shared/domain/subscribe-message-fields.ts';

const template: FollowUpTemplate = {
  templateId: 'tpl-1',
  fields: { thing1: 'answer', name2: 'app-name', time3: 'answered-at', date4: 'answered-at' },
};

// 2026-12-05 01:43 UTC is 09:43 in China (UTC+8).
const answeredAt = Date.UTC(2026, 11, 5, 1, 43);

describe('followUpChance', () => {
  const cases: [boolean, FollowUpTemplate | undefined, number, ReturnType<typeof followUpChance>][] = [
    [false, template, 1, 'window-open'],
    [false, undefined, 0, 'window-open'],
    [true, undefined, 3, 'no-template'],
    [true, template, 0, 'no-grant'],
    [true, template, 1, 'possible'],
    [true, template, 4, 'possible'],
  ];
  it.each(cases)(
    'window closed %s, template %o, %i grants → %s',
    (windowClosed, chosen, grantsLeft, chance) => {
      expect(followUpChance({ windowClosed, template: chosen, grantsLeft })).toBe(chance);
    },
  );
});

describe('fillFollowUpFields', () => {
  it('cuts the answer to a thing’s 20 characters, the cut shown inside the limit', () => {
    const answer = '您的退款已经处理完毕，预计三个工作日内原路退回到您的支付账户。';
    const data = fillFollowUpFields(template, { answer, appName: '小店', answeredAt });
    expect(data.thing1?.value).toBe('您的退款已经处理完毕，预计三个工作日内…');
    expect(Array.from(data.thing1?.value ?? '')).toHaveLength(20);
    expect(problemWithKeywordValue('thing1', data.thing1?.value ?? '')).toBeUndefined();
  });

  it('keeps a short answer whole, its line breaks as spaces', () => {
    const data = fillFollowUpFields(template, { answer: '好的\n已处理', appName: '小店', answeredAt });
    expect(data.thing1?.value).toBe('好的 已处理');
  });

  it('counts characters, not UTF-16 units, so an emoji is never split', () => {
    const answer = '😀'.repeat(25);
    const value = fillFollowUpFields(template, { answer, appName: '小店', answeredAt }).thing1?.value ?? '';
    expect(value).toBe(`${'😀'.repeat(19)}…`);
  });

  it('writes the time of the answer in China’s time, as time and date fields want it', () => {
    const data = fillFollowUpFields(template, { answer: '好的', appName: '小店', answeredAt });
    expect(data.time3?.value).toBe('2026年12月5日 09:43');
    expect(data.date4?.value).toBe('2026年12月5日');
    expect(problemWithKeywordValue('time3', data.time3?.value ?? '')).toBeUndefined();
    expect(problemWithKeywordValue('date4', data.date4?.value ?? '')).toBeUndefined();
  });

  it('cuts the app’s name to a name field’s limit', () => {
    const appName = 'A very long merchant name for testing';
    const data = fillFollowUpFields(template, { answer: '好的', appName, answeredAt });
    expect(data.name2?.value).toBe(truncateToKind('name', appName));
    expect(problemWithKeywordValue('name2', data.name2?.value ?? '')).toBeUndefined();
  });
});

describe('WeChat’s keyword rules', () => {
  it('allows a name 10 Chinese characters or 20 letters', () => {
    expect(problemWithKeywordValue('name1', '一二三四五六七八九十')).toBeUndefined();
    expect(problemWithKeywordValue('name1', '一二三四五六七八九十一')).toMatch(/more than 10/);
    expect(truncateToKind('name', '深圳市某某某某电子商务有限公司')).toBe('深圳市某某某某电子…');
    expect(problemWithKeywordValue('name1', 'A'.repeat(20))).toBeUndefined();
  });

  it('refuses what WeChat refuses with 47003', () => {
    expect(problemWithKeywordValue('thing1', 'x'.repeat(21))).toMatch(/more than 20/);
    expect(problemWithKeywordValue('thing1', ' ')).toMatch(/empty/);
    expect(problemWithKeywordValue('character_string2', '中文')).toMatch(/does not fit/);
    expect(problemWithKeywordValue('phrase3', '配送中')).toBeUndefined();
    expect(problemWithKeywordValue('phrase3', '配送中了吗呀')).toMatch(/more than 5/);
    expect(problemWithKeywordValue('time4', '明天')).toMatch(/does not fit/);
    expect(problemWithKeywordValue('nothing5', 'x')).toMatch(/not a template keyword/);
  });
});

describe('followUpTemplateSchema', () => {
  const parse = (value: unknown) => followUpTemplateSchema.safeParse(value);
  it('takes a template whose fields WeChat can take', () => {
    expect(parse({ ...template, page: 'pages/index?from=follow-up' }).success).toBe(true);
  });
  it.each([
    [{ templateId: 'tpl', fields: {} }, 'at least one field'],
    [{ templateId: 'tpl', fields: { thing1: 'app-name' } }, "carry the agent's answer"],
    [{ templateId: 'tpl', fields: { time1: 'answer' } }, 'the answer fills a thing'],
    [{ templateId: 'tpl', fields: { thing1: 'answer', thing2: 'answered-at' } }, 'time or date'],
    [{ templateId: 'tpl', fields: { thing1: 'answer' }, page: '/pages/index' }, 'a page is a path'],
    [{ templateId: 'a b', fields: { thing1: 'answer' } }, 'template id'],
    [{ templateId: 'tpl', fields: { thing1: 'question' } }, ''],
  ])('refuses %o with a sentence', (value, sentence) => {
    const result = parse(value);
    expect(result.success).toBe(false);
    expect(JSON.stringify(result.error?.issues)).toContain(sentence);
  });
});
