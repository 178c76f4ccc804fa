import { describe, expect, it } from 'vitest';
import { highlightParts } from '../../../web/src/highlight.ts';

describe('highlightParts', () => {
  it('marks every occurrence of the words, Chinese inside a sentence too', () => {
    expect(highlightParts('我想退货了，退货地址？', '退货')).toEqual([
      { text: '我想', match: false },
      { text: '退货', match: true },
      { text: '了，', match: false },
      { text: '退货', match: true },
      { text: '地址？', match: false },
    ]);
  });

  it('matches in any case and keeps the text as written', () => {
    expect(highlightParts('Refund approved', 'REFUND')).toEqual([
      { text: 'Refund', match: true },
      { text: ' approved', match: false },
    ]);
  });

  it('marks nothing without words', () => {
    expect(highlightParts('您好', undefined)).toEqual([{ text: '您好', match: false }]);
    expect(highlightParts('您好', '  ')).toEqual([{ text: '您好', match: false }]);
  });
});
