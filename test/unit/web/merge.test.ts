import { describe, expect, it } from 'vitest';
import { lastMessageId, mergeMessages } from '../../../web/src/merge.ts';
import { message } from './fixtures.ts';

const ids = (messages: readonly { messageId: string }[]) => messages.map((item) => item.messageId.slice(-2));

describe('mergeMessages', () => {
  it('appends new messages after the last one', () => {
    const merged = mergeMessages([message(1), message(2)], [message(3)], 'keep');
    expect(ids(merged)).toEqual(['01', '02', '03']);
  });

  it('orders by message id whatever the arrival order', () => {
    const merged = mergeMessages([message(2), message(5)], [message(4), message(1), message(3)], 'keep');
    expect(ids(merged)).toEqual(['01', '02', '03', '04', '05']);
  });

  it('drops a frame delivered twice and returns the same array, so nothing re-renders', () => {
    const existing = mergeMessages([], [message(1), message(2)], 'keep');
    const again = mergeMessages(existing, [message(2)], 'keep');
    expect(again).toBe(existing);
  });

  it('dedupes within one batch too', () => {
    expect(ids(mergeMessages([], [message(3), message(3), message(4)], 'keep'))).toEqual(['03', '04']);
  });

  it('keeps an updated message when the original creation frame is delivered again', () => {
    const updated = message(2, { content: { type: 'text', text: 'edited' } });
    const afterUpdate = mergeMessages([message(1), message(2)], [updated], 'replace');
    const afterRetry = mergeMessages(afterUpdate, [message(2)], 'keep');
    expect(afterRetry[1]?.content).toEqual({ type: 'text', text: 'edited' });
  });

  it('replaces in place on update, keeping order and length', () => {
    const updated = message(2, { content: { type: 'image', url: 'https://example.com/a.jpg' } });
    const merged = mergeMessages([message(1), message(2), message(3)], [updated], 'replace');
    expect(ids(merged)).toEqual(['01', '02', '03']);
    expect(merged[1]).toBe(updated);
  });

  it('merges a resync that overlaps what frames already brought', () => {
    const live = [message(1), message(2), message(4)];
    const resync = [message(2), message(3), message(4), message(5)];
    expect(ids(mergeMessages(live, resync, 'replace'))).toEqual(['01', '02', '03', '04', '05']);
  });

  it('returns the existing array for an empty batch', () => {
    const existing = [message(1)];
    expect(mergeMessages(existing, [], 'replace')).toBe(existing);
  });
});

describe('lastMessageId', () => {
  it('is the id to read on from, or undefined for an empty thread', () => {
    expect(lastMessageId([message(1), message(7)])).toBe(message(7).messageId);
    expect(lastMessageId([])).toBeUndefined();
  });
});
