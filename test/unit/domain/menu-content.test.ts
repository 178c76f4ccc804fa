import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
import { problemWithOutbound } from '../../../shared/domain/outbound-content.ts';

type Menu = Extract<MessageContent, { type: 'menu' }>;

const menu = (changes: Partial<Menu> = {}): Menu => ({
  type: 'menu',
  head: '您想咨询：',
  options: [
    { id: 'order', text: '订单' },
    { id: 'refund', text: '退货' },
    { id: 'human', text: '人工' },
  ],
  tail: '点击选项即可',
  ...changes,
});

const options = (count: number) =>
  Array.from({ length: count }, (_, index) => ({ id: `o${index}`, text: `选项${index}` }));

const officialAccount = { type: 'official-account' } as const;
const miniProgram = { type: 'miniprogram' } as const;

describe('menu messages from an Official Account', () => {
  it.each<[string, Menu, string | undefined]>([
    ['a question with three options', menu(), undefined],
    ['no text below the options', menu({ tail: '' }), undefined],
    ['one option', menu({ options: options(1) }), undefined],
    ['ten options', menu({ options: options(10) }), undefined],
    [
      'an option text of 128 bytes',
      menu({ options: [{ id: 'a', text: `${'满'.repeat(42)}xx` }] }),
      undefined,
    ],
    ['an id of 64 characters', menu({ options: [{ id: 'a'.repeat(64), text: '是' }] }), undefined],
    ['no options', menu({ options: [] }), 'at least one option'],
    ['eleven options', menu({ options: options(11) }), 'at most 10 options'],
    ['an empty question', menu({ head: '  ' }), 'needs a question'],
    ['a question over 1024 bytes', menu({ head: '问'.repeat(342) }), 'over 1024 bytes'],
    ['a tail over 1024 bytes', menu({ tail: '谢'.repeat(342) }), 'over 1024 bytes'],
    ['an option without text', menu({ options: [{ id: 'a', text: ' ' }] }), 'Option 1 has no text'],
    ['an option text over 128 bytes', menu({ options: [{ id: 'a', text: '满'.repeat(43) }] }), 'over 128'],
    ['an empty id', menu({ options: [{ id: '', text: '是' }] }), 'needs an id'],
    ['an id of 65 characters', menu({ options: [{ id: 'a'.repeat(65), text: '是' }] }), 'needs an id'],
    ['an id with markup', menu({ options: [{ id: 'a<b', text: '是' }] }), 'needs an id'],
    [
      'two options with one id',
      menu({
        options: [
          { id: 'x', text: '是' },
          { id: 'x', text: '否' },
        ],
      }),
      'Two options have the id x',
    ],
  ])('%s', (_, content, refusal) => {
    const problem = problemWithOutbound(content, officialAccount);
    if (refusal === undefined) expect(problem).toBeUndefined();
    else expect(problem?.sentence).toContain(refusal);
  });
});

describe('menu messages from a Mini Program', () => {
  it.each<[string, Menu]>([
    ['a question with three options', menu()],
    ['one option', menu({ options: options(1) })],
  ])('%s is refused with the reason', (_, content) => {
    expect(problemWithOutbound(content, miniProgram)).toEqual({
      code: 'menu_official_account_only',
      sentence: expect.stringContaining('Only Official Accounts can send menu messages'),
    });
  });
});
