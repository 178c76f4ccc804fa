import { describe, expect, it } from 'vitest';
import type { MessageContent } from '../../../shared/domain/message.ts';
import {
  coordinatesText,
  eventText,
  isSystemLine,
  locationTitle,
  unsupportedText,
  videoTitle,
  voiceTitle,
} from '../../../web/src/content-text.ts';
import { shortenId } from '../../../web/src/format-ids.ts';
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
    [event('subscribe', { eventKey: 'qrscene_42' }), 'Customer followed (qrscene_42)'],
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
  it('names unsupported types', () => {
    expect(unsupportedText({ type: 'unknown', msgType: 'hologram', fields: {} })).toBe(
      'Unsupported message type hologram',
    );
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
    expect(videoTitle({ type: 'video', mediaId: 'm', short: true })).toBe('Short video');
    expect(videoTitle({ type: 'video', mediaId: 'm', short: false })).toBe('Video');
  });

  it('draws only events as system lines', () => {
    expect(isSystemLine(event('subscribe'))).toBe(true);
    expect(isSystemLine({ type: 'text', text: 'hi' })).toBe(false);
    expect(isSystemLine({ type: 'unknown', msgType: 'x', fields: {} })).toBe(false);
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
