import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
import {
  coordinatesText,
  eventText,
  fileSizeText,
  fileTypeOf,
  isSystemLine,
  locationTitle,
  mediaUnavailableText,
  unsupportedText,
  videoTitle,
  voiceTitle,
} from '../../../web/src/content-text.ts';
import { shortenId } from '../../../web/src/format-ids.ts';
import { setLocale } from '../../../web/src/i18n.ts';
import { safeHttpUrl } from '../../../web/src/safe-url.ts';

type Event = Extract<MessageContent, { type: 'event' }>;
const event = (name: string, detail: Record<string, string> = {}): Event => ({
  type: 'event',
  event: name,
  detail,
});

describe('eventText', () => {
  it.each([
    [event('user_enter_tempsession', { sessionFrom: 'shop:12' }), 'Customer entered from shop:12'],
    [event('user_enter_tempsession'), 'Customer opened the chat'],
    [event('subscribe'), 'Customer followed'],
    [event('subscribe', { eventKey: 'qrscene_42' }), 'Followed by QR code: 42'],
    [event('subscribe', { eventKey: 'last_trade_no_1' }), 'Customer followed (last_trade_no_1)'],
    [event('SCAN', { eventKey: 'store-a' }), 'Came by QR code: store-a'],
    [event('CLICK', { eventKey: 'CONTACT_KF' }), 'Menu clicked: CONTACT_KF'],
    [event('scancode_waitmsg', { eventKey: 'S', scanResult: 'order-7' }), 'Scanned with the menu: order-7'],
    [event('unsubscribe'), 'Customer unfollowed'],
    [event('kf_close_session', { kfAccount: 'a@x' }), 'Session closed by a@x'],
    [
      event('kf_switch_session', { fromKfAccount: 'a@x', toKfAccount: 'b@x' }),
      'Session passed from a@x to b@x',
    ],
    [event('weapp_audit_success'), 'Event: weapp_audit_success'],
  ])('%j → %s', (content, text) => {
    expect(eventText(content)).toBe(text);
  });

  it('copes with a detail the server left out', () => {
    expect(eventText({ type: 'event', event: 'unsubscribe' } as Event)).toBe('Customer unfollowed');
  });
});

describe('other content', () => {
  it('sends the agent to WeChat for a message type newer than the console', () => {
    expect(unsupportedText({ type: 'unknown', msgType: 'hologram', fields: {} })).toBe(
      'The customer sent a kind of message the console cannot show yet; see it in WeChat.',
    );
    setLocale('zh-CN', false);
    expect(unsupportedText({ type: 'unknown', msgType: 'hologram', fields: {} })).toBe(
      '客户发来一条暂不支持的消息，请在微信中查看',
    );
    setLocale('en', false);
  });

  it('describes a file by its type and size', () => {
    const file = { type: 'file' as const, title: '报价单.PDF', size: 2_516_582 };
    expect(fileTypeOf(file)).toBe('PDF');
    expect(fileTypeOf({ ...file, title: 'README' })).toBeUndefined();
    expect(fileTypeOf({ ...file, title: 'archive.' })).toBeUndefined();
    expect(fileSizeText(2_516_582)).toBe('2.4 MB');
    expect(fileSizeText(512)).toBe('512 byte');
  });

  it('labels locations, with a fallback when WeChat gives no label', () => {
    const location = {
      type: 'location' as const,
      latitude: 23.129163,
      longitude: 113.264435,
      label: '广州塔',
    };
    expect(locationTitle(location)).toBe('广州塔');
    expect(locationTitle({ ...location, label: '  ' })).toBe('Shared location');
    expect(coordinatesText(location)).toBe('23.12916, 113.26444');
  });

  it('titles voice and video', () => {
    expect(voiceTitle({ type: 'voice', mediaId: 'm', format: 'amr' })).toBe('Voice message (amr)');
    expect(voiceTitle({ type: 'voice', mediaId: 'm' })).toBe('Voice message');
    // Once copied, the length read from its frames says more than its format.
    expect(voiceTitle({ type: 'voice', mediaId: 'm', format: 'amr', durationMs: 10_940 })).toBe(
      'Voice message · 10.9 s',
    );
    expect(videoTitle({ type: 'video', mediaId: 'm', short: true })).toBe('Short video');
    expect(videoTitle({ type: 'video', mediaId: 'm', short: false })).toBe('Video');
  });

  it('draws events and messages it cannot show as system lines', () => {
    expect(isSystemLine(event('subscribe'))).toBe(true);
    expect(isSystemLine({ type: 'text', text: 'hi' })).toBe(false);
    expect(isSystemLine({ type: 'file', title: 'a.pdf' })).toBe(false);
    expect(isSystemLine({ type: 'unknown', msgType: 'x', fields: {} })).toBe(true);
  });
});

describe('safeHttpUrl', () => {
  it.each([
    ['https://mmbiz.qpic.cn/a.jpg', 'https://mmbiz.qpic.cn/a.jpg'],
    [' http://example.com/path?q=1 ', 'http://example.com/path?q=1'],
    ['javascript:alert(1)', undefined],
    ['JaVaScRiPt:alert(1)', undefined],
    ['data:text/html,<script>alert(1)</script>', undefined],
    ['//evil.example/x', undefined],
    ['not a url', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (raw, safe) => {
    expect(safeHttpUrl(raw)).toBe(safe);
  });
});

describe('shortenId', () => {
  it('keeps head and tail of long ids and leaves short ones alone', () => {
    expect(shortenId('oAbCdEfGhIjKlMnOpQrStUvWxYz12')).toBe('oAbCdE…Yz12');
    expect(shortenId('wx0123456789abcdef', 4, 4)).toBe('wx01…cdef');
    expect(shortenId('o-short')).toBe('o-short');
  });
});

describe('mediaUnavailableText', () => {
  it("says why a customer's voice or video has no copy, in Chinese first and in English", () => {
    const expired = { reason: 'expired', errcode: 40007 } as const;
    setLocale('zh-CN', false);
    expect(mediaUnavailableText({ type: 'voice', mediaId: 'm', mediaUnavailable: expired })).toBe(
      '语音已过期，无法获取（微信仅保留 3 天）',
    );
    expect(
      mediaUnavailableText({
        type: 'video',
        mediaId: 'm',
        mediaUnavailable: { reason: 'refused', errcode: 45009 },
      }),
    ).toBe('微信拒绝提供该文件（错误码 45009），未能保存');
    setLocale('en', false);
    expect(mediaUnavailableText({ type: 'video', mediaId: 'm', mediaUnavailable: expired })).toBe(
      'The video expired at WeChat (kept 3 days) and could not be fetched',
    );
    expect(
      mediaUnavailableText({ type: 'voice', mediaId: 'm', mediaUnavailable: { reason: 'too-large' } }),
    ).toBe('The file is larger than this system keeps; no copy was kept');
    expect(mediaUnavailableText({ type: 'voice', mediaId: 'm' })).toBe('');
  });

  it('says a voice cut short or broken cannot be played, and that the original can be downloaded', () => {
    const corrupt = {
      type: 'voice',
      mediaId: 'm',
      storageKey: 'k',
      mediaUnavailable: { reason: 'corrupt' },
    } as const;
    setLocale('zh-CN', false);
    expect(mediaUnavailableText(corrupt)).toBe('语音文件不完整或已损坏，无法播放，可下载原文件');
    setLocale('en', false);
    expect(mediaUnavailableText(corrupt)).toBe(
      'The voice file is cut short or broken and cannot be played; download the original',
    );
  });
});
