import { describe, expect, it } from 'vitest';
import { splitEmoji, wechatEmoji, withEmoji } from '../../../web/src/wechat-emoji.ts';

describe('WeChat emoji in message text', () => {
  it('reads codes, Chinese and English names and SoftBank characters, keeping the text around them', () => {
    expect(splitEmoji('好的/::)谢谢[微笑] ok [Smile]\ue415')).toEqual([
      { text: '好的' },
      { emoji: '🙂', name: '微笑' },
      { text: '谢谢' },
      { emoji: '🙂', name: '微笑' },
      { text: ' ok ' },
      { emoji: '🙂', name: '微笑' },
      { emoji: '😄', name: '😄' },
    ]);
  });

  it('takes the longest code, so one code is never read as a shorter one and text', () => {
    expect(splitEmoji("/::'(/::-O/::-|")).toEqual([
      { emoji: '😭', name: '大哭' },
      { emoji: '🥱', name: '哈欠' },
      { emoji: '😅', name: '尴尬' },
    ]);
  });

  it('leaves text without emoji, unknown names and lone brackets as they are', () => {
    expect(splitEmoji('订单号 [20261204] 已发货 /: [')).toEqual([{ text: '订单号 [20261204] 已发货 /: [' }]);
    expect(splitEmoji('')).toEqual([]);
  });

  it('gives every face a Chinese name, an English name and an emoji, with no code used twice', () => {
    const codes = wechatEmoji.flatMap((entry) => (entry.code ? [entry.code] : []));
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toHaveLength(105);
    for (const entry of wechatEmoji) {
      expect(entry.zh.length).toBeGreaterThan(0);
      expect(entry.en.length).toBeGreaterThan(0);
      expect(splitEmoji(`[${entry.zh}]`)).toEqual([{ emoji: entry.emoji, name: entry.zh }]);
    }
  });

  it('turns a preview line into plain text with emoji', () => {
    expect(withEmoji('谢谢/:rose[强]')).toBe('谢谢🌹👍');
  });
});
