import { describe, expect, it } from 'vitest';
import { setLocale } from '../../../web/src/i18n.ts';
import { waitedText, waitingSince } from '../../../web/src/waiting-time.ts';
import { conversation, message } from './fixtures.ts';

const agentAnswer = (order: number, status: 'sent' | 'failed' = 'sent') =>
  message(order, { direction: 'outbound', author: 'agent', authorId: 'me', status });

describe('waitingSince', () => {
  const open = conversation('c1', 5);

  it('is the first customer message after the last answer, from a thread held whole', () => {
    const thread = [message(1), agentAnswer(2), message(3), message(4)];
    expect(waitingSince(open, thread, true)).toBe(message(3).createdAt);
  });

  it('is nothing once the agent answered, and a failed answer answers nothing', () => {
    expect(waitingSince(open, [message(1), agentAnswer(2)], true)).toBeUndefined();
    expect(waitingSince(open, [message(1), agentAnswer(2, 'failed')], true)).toBe(message(1).createdAt);
  });

  it("falls back to the conversation's own wait when the thread is not held", () => {
    const waiting = conversation('c1', 5, {
      lastCustomerMessageAt: 5_000,
      lastReplyAt: 4_000,
      unansweredSince: 4_500,
    });
    expect(waitingSince(waiting, undefined, false)).toBe(4_500);
    const answered = { ...waiting, lastReplyAt: 6_000, unansweredSince: undefined };
    expect(waitingSince(answered, undefined, false)).toBeUndefined();
  });

  it('counts the wait after an answer WeChat refused, from the conversation alone', () => {
    const refused = conversation('c1', 5, {
      lastCustomerMessageAt: 5_000,
      lastReplyAt: 6_000,
      unansweredSince: 5_000,
    });
    expect(waitingSince(refused, undefined, false)).toBe(5_000);
  });

  it('is nothing for a closed conversation', () => {
    const closed = conversation('c1', 5, { state: 'closed', lastCustomerMessageAt: 5_000 });
    expect(waitingSince(closed, [message(1)], true)).toBeUndefined();
  });
});

describe('waitedText', () => {
  it('says minutes, then hours and minutes, in both languages', () => {
    setLocale('en', false);
    expect(waitedText(0, 30_000)).toBe('<1 min');
    expect(waitedText(0, 5 * 60_000)).toBe('5 min');
    expect(waitedText(0, 125 * 60_000)).toBe('2 h 5 min');
    setLocale('zh-CN', false);
    expect(waitedText(0, 5 * 60_000)).toBe('5 分钟');
    expect(waitedText(0, 120 * 60_000)).toBe('2 小时');
  });
});
