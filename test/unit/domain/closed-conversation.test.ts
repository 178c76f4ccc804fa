import { describe, expect, it } from 'vitest';
import {
  isSaid,
  maxTranscriptBytes,
  searchForm,
  snippetOf,
  transcriptOf,
} from '../../../shared/domain/closed-conversation.ts';
import type { Message, MessageContent } from '../../../shared/domain/message.ts';

const message = (content: MessageContent): Message => ({
  conversationId: 'C1',
  messageId: '01J',
  workspaceId: 'w1',
  appId: 'wxapp',
  openId: 'o1',
  direction: 'inbound',
  author: 'customer',
  content,
  createdAt: 1,
});

describe('transcriptOf', () => {
  it('keeps what people wrote or said, one message a line, never platform events', () => {
    const messages = [
      message({ type: 'text', text: '我想退货了\n订单号 A1024' }),
      message({ type: 'event', event: 'conversation_closed', detail: {} }),
      message({ type: 'voice', mediaId: 'm', recognition: '什么时候发货' }),
      message({ type: 'voice', mediaId: 'm', machineTranscript: '杯子碎了' }),
      message({ type: 'note', text: '老客户', authorName: '小王' }),
      message({ type: 'image', url: 'https://x/y.png' }),
      message({ type: 'link', title: 'Return policy', description: '30 days', url: 'https://x' }),
    ];
    expect(transcriptOf(messages)).toBe(
      '我想退货了 订单号 A1024\n什么时候发货\n杯子碎了\n老客户\nReturn policy 30 days',
    );
    expect(messages.filter(isSaid)).toHaveLength(6);
  });

  it('finds a sent article by its title and digest', () => {
    const article = message({
      type: 'article',
      articleId: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4',
      title: '退货与退款说明',
      digest: '7 天内可退',
    });
    expect(transcriptOf([article])).toBe('退货与退款说明 7 天内可退');
  });

  it('stays within its byte cap without splitting a character', () => {
    const long = message({ type: 'text', text: '退'.repeat(20_000) });
    const transcript = transcriptOf([long, message({ type: 'text', text: '😀'.repeat(20_000) })]);
    expect(new TextEncoder().encode(transcript).length).toBeLessThanOrEqual(maxTranscriptBytes);
    expect(transcript.length).toBeGreaterThan(maxTranscriptBytes / 4);
    expect(transcript.startsWith('退退退')).toBe(true);
    expect(transcript).not.toContain('\uFFFD');
    const emoji = transcriptOf([message({ type: 'text', text: `a${'😀'.repeat(20_000)}` })]);
    const last = emoji.charCodeAt(emoji.length - 1);
    expect(last >= 0xd800 && last <= 0xdbff).toBe(false);
  });
});

describe('searching', () => {
  it('compares in lower case, which leaves Chinese as it is', () => {
    expect(searchForm('Refund 退货')).toBe('refund 退货');
  });

  it('shows the line the words occur in, cut around them', () => {
    const transcript = `您好\n${'前'.repeat(80)}我想退货了${'后'.repeat(80)}\n退货地址`;
    const snippet = snippetOf(transcript, '退货', 20) as string;
    expect(snippet).toContain('我想退货了');
    expect(snippet.startsWith('…')).toBe(true);
    expect(snippet.endsWith('…')).toBe(true);
    expect(snippetOf('Refund approved', 'REFUND')).toBe('Refund approved');
    expect(snippetOf('您好', '退货')).toBeUndefined();
  });
});
