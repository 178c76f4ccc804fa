import { describe, expect, it } from 'vitest';
import type { InboundMessage } from '../../../shared/wechat/inbound-message.ts';
import { toMessageContent } from '../../../shared/wechat/message-content.ts';

const header = { toUserName: 'gh_1', fromOpenId: 'o1', createTime: 1_700_000_000 };

describe('toMessageContent', () => {
  it.each<[InboundMessage, unknown]>([
    [
      { ...header, kind: 'text', msgId: '1', content: '你好' },
      { type: 'text', text: '你好' },
    ],
    [
      { ...header, kind: 'text', msgId: '2', content: '人工', menuOptionId: 'human' },
      { type: 'text', text: '人工', menuOptionId: 'human' },
    ],
    [
      { ...header, kind: 'image', msgId: '1', picUrl: 'http://p', mediaId: 'm' },
      { type: 'image', mediaId: 'm', url: 'http://p' },
    ],
    [
      { ...header, kind: 'shortvideo', msgId: '1', mediaId: 'm', thumbMediaId: 't' },
      { type: 'video', mediaId: 'm', thumbMediaId: 't', short: true },
    ],
    [
      { ...header, kind: 'location', msgId: '1', latitude: 23.1, longitude: 113.3, scale: 15, label: '广州' },
      { type: 'location', latitude: 23.1, longitude: 113.3, scale: 15, label: '广州' },
    ],
    [
      { ...header, kind: 'miniprogrampage', msgId: '1', title: 'T', pagePath: 'pages/a', appId: 'wx1' },
      { type: 'miniprogrampage', title: 'T', pagePath: 'pages/a', appId: 'wx1' },
    ],
    [
      { ...header, kind: 'event', event: 'user_enter_tempsession', sessionFrom: 'shop:12' },
      { type: 'event', event: 'user_enter_tempsession', detail: { sessionFrom: 'shop:12' } },
    ],
    [
      { ...header, kind: 'event', event: 'kf_switch_session', fromKfAccount: 'a@x', toKfAccount: 'b@x' },
      { type: 'event', event: 'kf_switch_session', detail: { fromKfAccount: 'a@x', toKfAccount: 'b@x' } },
    ],
    [
      {
        ...header,
        kind: 'unknown',
        msgType: 'event',
        event: 'SCAN',
        fields: { Event: 'SCAN', EventKey: '7' },
      },
      { type: 'unknown', msgType: 'event', fields: { Event: 'SCAN', EventKey: '7' } },
    ],
    [
      { ...header, kind: 'file', msgId: '1', title: 'a.pdf', fileKey: 'k', fileMd5: 'm', fileTotalLen: 9 },
      { type: 'file', title: 'a.pdf', fileKey: 'k', fileMd5: 'm', size: 9 },
    ],
    [
      { ...header, kind: 'event', event: 'CLICK', eventKey: 'CONTACT_KF' },
      { type: 'event', event: 'CLICK', detail: { eventKey: 'CONTACT_KF' } },
    ],
    [
      {
        ...header,
        kind: 'event',
        event: 'scancode_push',
        eventKey: 'S',
        scanType: 'qrcode',
        scanResult: 'r',
      },
      {
        type: 'event',
        event: 'scancode_push',
        detail: { eventKey: 'S', scanType: 'qrcode', scanResult: 'r' },
      },
    ],
  ])('maps %j', (message, content) => {
    expect(JSON.parse(JSON.stringify(toMessageContent(message)))).toEqual(content);
  });

  it('leaves out what WeChat did not say about a file', () => {
    expect(toMessageContent({ ...header, kind: 'file', msgId: '1', title: 'a.pdf' })).toStrictEqual({
      type: 'file',
      title: 'a.pdf',
    });
  });
});
