import { describe, expect, it } from 'vitest';
import { stateFor } from '../../../shared/domain/conversation.ts';
import { type MessageContent, previewOf } from '../../../shared/domain/message.ts';

describe('previewOf', () => {
  it.each<[MessageContent, string]>([
    [{ type: 'text', text: '你好' }, '你好'],
    [{ type: 'image', mediaId: 'm' }, '[image]'],
    [{ type: 'voice', mediaId: 'm', recognition: '我要退货' }, '[voice] 我要退货'],
    [{ type: 'location', latitude: 23.1, longitude: 113.3, label: '广州塔' }, '[location] 广州塔'],
    [{ type: 'miniprogrampage', title: '商品', pagePath: 'pages/item' }, '[mini program] 商品'],
    [{ type: 'event', event: 'user_enter_tempsession', detail: {} }, '[entered the chat]'],
    [
      { type: 'event', event: 'user_enter_tempsession', detail: { sessionFrom: 'shop:12' } },
      '[entered the chat from shop:12]',
    ],
    [{ type: 'event', event: 'unsubscribe', detail: {} }, '[unfollowed the account]'],
    [{ type: 'event', event: 'kf_close_session', detail: {} }, '[kf_close_session]'],
    [{ type: 'unknown', msgType: 'hologram', fields: {} }, '[unsupported message]'],
    [{ type: 'file', title: '报价单.pdf', size: 2048 }, '[file] 报价单.pdf'],
    [{ type: 'event', event: 'CLICK', detail: { eventKey: 'CONTACT_KF' } }, '[menu CONTACT_KF]'],
    [{ type: 'event', event: 'SCAN', detail: { eventKey: 'store-a' } }, '[scanned QR code store-a]'],
  ])('summarises %j', (content, preview) => {
    expect(previewOf(content)).toBe(preview);
  });

  it('cuts long text', () => {
    expect(previewOf({ type: 'text', text: 'x'.repeat(200) })).toBe(`${'x'.repeat(80)}…`);
  });
});

describe('stateFor', () => {
  it('derives the state from the assignment', () => {
    expect(stateFor('a')).toBe('active');
    expect(stateFor(undefined)).toBe('queued');
  });
});
