import { afterEach, describe, expect, it } from 'vitest';
import { contentPreview } from '../../../web/src/content-text.ts';
import { setLocale } from '../../../web/src/i18n.ts';
import { linesFromOptions, optionsFromLines } from '../../../web/src/menu-lines.ts';
import { menuProblem } from '../../../web/src/menu-problem.ts';
import { outgoingContentOf } from '../../../web/src/outgoing-content.ts';

const menu = {
  type: 'menu' as const,
  head: '您想咨询：',
  options: [
    { id: 'order', text: '订单' },
    { id: 'human', text: '人工' },
  ],
  tail: '',
};

afterEach(() => setLocale('en', false));

describe("a saved menu's option lines", () => {
  it('reads ID=text, or numbers a bare text by its place, skipping blank lines', () => {
    expect(optionsFromLines('order=订单\n\n  人工  \nx y=z')).toEqual([
      { id: 'order', text: '订单' },
      { id: '2', text: '人工' },
      { id: '3', text: 'x y=z' },
    ]);
  });

  it('writes options back as lines that read the same', () => {
    expect(optionsFromLines(linesFromOptions(menu.options))).toEqual(menu.options);
  });
});

describe('the menu form', () => {
  it.each([
    [menu, undefined],
    [{ ...menu, head: ' ' }, 'Write the question above the options.'],
    [{ ...menu, options: [{ id: 'a', text: '' }] }, 'Option 1 has no text.'],
    [
      { ...menu, options: [{ id: 'a b', text: '是' }] },
      'The ID of option 1 is 1 to 64 letters, digits, - or _.',
    ],
    [
      {
        ...menu,
        options: [
          { id: 'a', text: '是' },
          { id: 'a', text: '否' },
        ],
      },
      'Two options have the ID a; each needs its own.',
    ],
    [
      { ...menu, options: [{ id: 'a', text: '满'.repeat(43) }] },
      'Option 1 is 129 bytes long; WeChat takes at most 128.',
    ],
  ])('%j → %s', (content, problem) => {
    setLocale('en', false);
    expect(menuProblem(content)).toBe(problem);
  });
});

describe('menus in the thread and the list', () => {
  it("shows the customer's tap as the option chosen, and a menu by its question", () => {
    setLocale('zh-CN', false);
    expect(contentPreview({ type: 'text', text: '人工', menuOptionId: 'human' })).toBe('客户选择了：人工');
    expect(contentPreview(menu)).toBe('[菜单] 您想咨询：');
  });

  it('sends a failed menu again as it was', () => {
    expect(outgoingContentOf(menu)).toEqual(menu);
  });
});
