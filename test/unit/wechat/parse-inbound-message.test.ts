import { describe, expect, it } from 'vitest';
import { MalformedBodyError } from '../../../shared/wechat/errors.ts';
import type { InboundMessage } from '../../../shared/wechat/inbound-message.ts';
import { buildJsonMessage, parseJsonMessage } from '../../../shared/wechat/json.ts';
import type { MessageFields } from '../../../shared/wechat/message-fields.ts';
import { dedupeKey, parseInboundMessage } from '../../../shared/wechat/parse-inbound-message.ts';
import { buildXmlMessage, parseXmlMessage } from '../../../shared/wechat/xml.ts';

const header = {
  ToUserName: 'gh_97417a04a28d',
  FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  CreateTime: 1714112445,
} satisfies MessageFields;

const base = {
  toUserName: 'gh_97417a04a28d',
  fromOpenId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  createTime: 1714112445,
};

const BIG_MSG_ID = 6054768590064713728n;

function viaXml(fields: MessageFields): InboundMessage {
  return parseInboundMessage(parseXmlMessage(buildXmlMessage(fields)));
}

function viaJson(fields: MessageFields): InboundMessage {
  return parseInboundMessage(parseJsonMessage(buildJsonMessage(fields)));
}

const formats = [
  ['XML', viaXml],
  ['JSON', viaJson],
] as const;

const cases: Array<[string, MessageFields, InboundMessage]> = [
  [
    'text',
    { ...header, MsgType: 'text', Content: '你好 <b> & ]]> 👋\n second line', MsgId: BIG_MSG_ID },
    { kind: 'text', ...base, msgId: '6054768590064713728', content: '你好 <b> & ]]> 👋\n second line' },
  ],
  [
    'text from a click on a menu option (bizmsgmenuid)',
    { ...header, MsgType: 'text', Content: '人工', MsgId: 1234567890123457, bizmsgmenuid: 'human' },
    { kind: 'text', ...base, msgId: '1234567890123457', content: '人工', menuOptionId: 'human' },
  ],
  [
    'image',
    {
      ...header,
      MsgType: 'image',
      PicUrl: 'http://mmbiz.qpic.cn/x',
      MediaId: 'media_1',
      MsgId: 1234567890123456,
    },
    {
      kind: 'image',
      ...base,
      msgId: '1234567890123456',
      picUrl: 'http://mmbiz.qpic.cn/x',
      mediaId: 'media_1',
    },
  ],
  [
    'voice',
    {
      ...header,
      MsgType: 'voice',
      MediaId: 'voice_1',
      Format: 'amr',
      Recognition: '腾讯微信团队',
      MediaId16K: 'v16',
      MsgId: BIG_MSG_ID,
    },
    {
      kind: 'voice',
      ...base,
      msgId: '6054768590064713728',
      mediaId: 'voice_1',
      format: 'amr',
      recognition: '腾讯微信团队',
    },
  ],
  [
    'video',
    { ...header, MsgType: 'video', MediaId: 'video_1', ThumbMediaId: 'thumb_1', MsgId: BIG_MSG_ID },
    { kind: 'video', ...base, msgId: '6054768590064713728', mediaId: 'video_1', thumbMediaId: 'thumb_1' },
  ],
  [
    'shortvideo',
    { ...header, MsgType: 'shortvideo', MediaId: 'video_2', ThumbMediaId: 'thumb_2', MsgId: BIG_MSG_ID },
    {
      kind: 'shortvideo',
      ...base,
      msgId: '6054768590064713728',
      mediaId: 'video_2',
      thumbMediaId: 'thumb_2',
    },
  ],
  [
    'location',
    {
      ...header,
      MsgType: 'location',
      Location_X: 23.134521,
      Location_Y: -113.358803,
      Scale: 20,
      Label: '位置信息',
      MsgId: BIG_MSG_ID,
    },
    {
      kind: 'location',
      ...base,
      msgId: '6054768590064713728',
      latitude: 23.134521,
      longitude: -113.358803,
      scale: 20,
      label: '位置信息',
    },
  ],
  [
    'link',
    {
      ...header,
      MsgType: 'link',
      Title: '公众平台官网链接',
      Description: 'desc',
      Url: 'https://example.com/?a=1&b=2',
      MsgId: BIG_MSG_ID,
    },
    {
      kind: 'link',
      ...base,
      msgId: '6054768590064713728',
      title: '公众平台官网链接',
      description: 'desc',
      url: 'https://example.com/?a=1&b=2',
    },
  ],
  [
    'miniprogrampage',
    {
      ...header,
      MsgType: 'miniprogrampage',
      MsgId: BIG_MSG_ID,
      Title: 'Card',
      AppId: 'wxba5fad812f8e6fb9',
      PagePath: 'pages/index/index?foo=bar',
      ThumbUrl: 'https://cdn.example/x.jpg',
      ThumbMediaId: 'thumb_3',
    },
    {
      kind: 'miniprogrampage',
      ...base,
      msgId: '6054768590064713728',
      title: 'Card',
      appId: 'wxba5fad812f8e6fb9',
      pagePath: 'pages/index/index?foo=bar',
      thumbUrl: 'https://cdn.example/x.jpg',
      thumbMediaId: 'thumb_3',
    },
  ],
  [
    'user_enter_tempsession',
    { ...header, MsgType: 'event', Event: 'user_enter_tempsession', SessionFrom: 'shop:12' },
    { kind: 'event', event: 'user_enter_tempsession', ...base, sessionFrom: 'shop:12' },
  ],
  [
    'subscribe through a parametric QR code',
    { ...header, MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_123', Ticket: 'TICKET' },
    { kind: 'event', event: 'subscribe', ...base, eventKey: 'qrscene_123', ticket: 'TICKET' },
  ],
  [
    'plain subscribe with an empty EventKey',
    { ...header, MsgType: 'event', Event: 'subscribe', EventKey: '' },
    { kind: 'event', event: 'subscribe', ...base },
  ],
  [
    'unsubscribe',
    { ...header, MsgType: 'event', Event: 'unsubscribe', EventKey: '' },
    { kind: 'event', event: 'unsubscribe', ...base },
  ],
  [
    'kf_create_session',
    { ...header, MsgType: 'event', Event: 'kf_create_session', KfAccount: 'test1@test' },
    { kind: 'event', event: 'kf_create_session', ...base, kfAccount: 'test1@test' },
  ],
  [
    'kf_close_session',
    { ...header, MsgType: 'event', Event: 'kf_close_session', KfAccount: 'test1@test' },
    { kind: 'event', event: 'kf_close_session', ...base, kfAccount: 'test1@test' },
  ],
  [
    'kf_switch_session',
    {
      ...header,
      MsgType: 'event',
      Event: 'kf_switch_session',
      FromKfAccount: 'test1@test',
      ToKfAccount: 'test2@test',
    },
    {
      kind: 'event',
      event: 'kf_switch_session',
      ...base,
      fromKfAccount: 'test1@test',
      toKfAccount: 'test2@test',
    },
  ],
  [
    'an unknown MsgType',
    { ...header, MsgType: 'hologram', Depth: 3, MsgId: BIG_MSG_ID },
    {
      kind: 'unknown',
      ...base,
      msgType: 'hologram',
      msgId: '6054768590064713728',
      fields: {
        ToUserName: 'gh_97417a04a28d',
        FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
        CreateTime: '1714112445',
        MsgType: 'hologram',
        Depth: '3',
        MsgId: '6054768590064713728',
      },
    },
  ],
  [
    'a file (Official Account)',
    {
      ...header,
      MsgType: 'file',
      Title: '报价单 <v2>.pdf',
      Description: '',
      FileKey: 'a1b2c3d4e5f60718',
      FileMd5: '5a105e8b9d40e1329780d62ea2265d8a',
      FileTotalLen: 2516582,
      MsgId: BIG_MSG_ID,
    },
    {
      kind: 'file',
      ...base,
      msgId: '6054768590064713728',
      title: '报价单 <v2>.pdf',
      fileKey: 'a1b2c3d4e5f60718',
      fileMd5: '5a105e8b9d40e1329780d62ea2265d8a',
      fileTotalLen: 2516582,
    },
  ],
  [
    'a QR scan by a follower (SCAN)',
    { ...header, MsgType: 'event', Event: 'SCAN', EventKey: '123', Ticket: 'TICKET' },
    { kind: 'event', event: 'SCAN', ...base, eventKey: '123', ticket: 'TICKET' },
  ],
  [
    'a menu click (CLICK)',
    { ...header, MsgType: 'event', Event: 'CLICK', EventKey: 'CONTACT_KF' },
    { kind: 'event', event: 'CLICK', ...base, eventKey: 'CONTACT_KF' },
  ],
  [
    'a scan from the menu (scancode_waitmsg, nested ScanCodeInfo)',
    {
      ...header,
      MsgType: 'event',
      Event: 'scancode_waitmsg',
      EventKey: 'rselfmenu_0_0',
      'ScanCodeInfo.ScanType': 'qrcode',
      'ScanCodeInfo.ScanResult': 'order-7',
    },
    {
      kind: 'event',
      event: 'scancode_waitmsg',
      ...base,
      eventKey: 'rselfmenu_0_0',
      scanType: 'qrcode',
      scanResult: 'order-7',
    },
  ],
  [
    'a location report (LOCATION)',
    {
      ...header,
      MsgType: 'event',
      Event: 'LOCATION',
      Latitude: '23.137466',
      Longitude: '113.352425',
      Precision: '119.385040',
    },
    {
      kind: 'event',
      event: 'LOCATION',
      ...base,
      latitude: 23.137466,
      longitude: 113.352425,
      precision: 119.38504,
    },
  ],
  [
    'an event nothing acts on (VIEW), kept whole',
    { ...header, MsgType: 'event', Event: 'VIEW', EventKey: 'https://example.com/', MenuId: '1' },
    {
      kind: 'unknown',
      ...base,
      msgType: 'event',
      event: 'VIEW',
      fields: {
        ToUserName: 'gh_97417a04a28d',
        FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
        CreateTime: '1714112445',
        MsgType: 'event',
        Event: 'VIEW',
        EventKey: 'https://example.com/',
        MenuId: '1',
      },
    },
  ],
];

describe.each(formats)('parseInboundMessage over %s', (_format, parse) => {
  it.each(cases)('parses %s', (_name, fields, expected) => {
    const message = parse(fields);
    expect(message).toEqual(expected);
    // toEqual ignores properties set to undefined; optional fields must really be absent.
    expect(Object.values(message)).not.toContain(undefined);
  });
});

describe('parseInboundMessage on real payloads', () => {
  it('parses the decrypted C6c message (WeCom text with LF between elements and an extra AgentID)', () => {
    const xml =
      '<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<FromUserName><![CDATA[messense]]></FromUserName>\n<CreateTime>1411525903</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<MsgId>4363689963896700987</MsgId>\n<AgentID>1</AgentID>\n</xml>';
    expect(parseInboundMessage(parseXmlMessage(xml))).toEqual({
      kind: 'text',
      toUserName: 'wx49f0ab532d5d035a',
      fromOpenId: 'messense',
      createTime: 1411525903,
      msgId: '4363689963896700987',
      content: 'test',
    });
  });

  it('keeps the C7 debug_demo event as unknown with every field', () => {
    const xml =
      '<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName>\n<FromUserName><![CDATA[o9AgO5Kd5ggOC-bXrbNODIiE3bGY]]></FromUserName>\n<CreateTime>1715943329</CreateTime>\n<MsgType><![CDATA[event]]></MsgType>\n<Event><![CDATA[debug_demo]]></Event>\n<debug_str><![CDATA[hello world]]></debug_str>\n</xml>';
    const message = parseInboundMessage(parseXmlMessage(xml));
    expect(message).toMatchObject({ kind: 'unknown', msgType: 'event', event: 'debug_demo' });
    expect(message.kind === 'unknown' && message.fields.debug_str).toBe('hello world');
  });

  it('parses the MP JSON debug_demo push', () => {
    const json =
      '{"ToUserName":"gh_97417a04a28d","FromUserName":"o9AgO5Kd5ggOC-bXrbNODIiE3bGY","CreateTime":1714112445,"MsgType":"event","Event":"debug_demo","debug_str":"hello world"}';
    expect(parseInboundMessage(parseJsonMessage(json))).toEqual({
      kind: 'unknown',
      ...base,
      msgType: 'event',
      event: 'debug_demo',
      fields: {
        ToUserName: 'gh_97417a04a28d',
        FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
        CreateTime: '1714112445',
        MsgType: 'event',
        Event: 'debug_demo',
        debug_str: 'hello world',
      },
    });
  });

  it('parses the OA kf_create_session example', () => {
    const xml =
      '<xml><ToUserName><![CDATA[touser]]></ToUserName><FromUserName>OPENID</FromUserName><CreateTime>1399197672</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[kf_create_session]]></Event><KfAccount><![CDATA[test1@test]]></KfAccount></xml>';
    expect(parseInboundMessage(parseXmlMessage(xml))).toEqual({
      kind: 'event',
      event: 'kf_create_session',
      toUserName: 'touser',
      fromOpenId: 'OPENID',
      createTime: 1399197672,
      kfAccount: 'test1@test',
    });
  });

  it('keeps the MsgId of a text push exact from both formats', () => {
    const xml = `<xml><ToUserName>a</ToUserName><FromUserName>b</FromUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>6054768590064713728</MsgId></xml>`;
    const json = `{"ToUserName":"a","FromUserName":"b","CreateTime":1,"MsgType":"text","Content":"x","MsgId":6054768590064713728}`;
    expect(parseInboundMessage(parseXmlMessage(xml))).toMatchObject({ msgId: '6054768590064713728' });
    expect(parseInboundMessage(parseJsonMessage(json))).toMatchObject({ msgId: '6054768590064713728' });
  });

  it('flattens nested JSON objects and arrays of an unknown push like the XML codec does', () => {
    const json = `{"ToUserName":"a","FromUserName":"b","CreateTime":1,"MsgType":"event","Event":"pic_weixin","SendPicsInfo":{"Count":1,"List":[1,true]}}`;
    const message = parseInboundMessage(parseJsonMessage(json));
    expect(message.kind === 'unknown' && message.fields).toEqual({
      ToUserName: 'a',
      FromUserName: 'b',
      CreateTime: '1',
      MsgType: 'event',
      Event: 'pic_weixin',
      'SendPicsInfo.Count': '1',
      'SendPicsInfo.List[0]': '1',
      'SendPicsInfo.List[1]': 'true',
    });
  });

  it('accepts an empty Content, since free text only has to be present', () => {
    expect(viaXml({ ...header, MsgType: 'text', Content: '', MsgId: 1 })).toMatchObject({ content: '' });
  });
});

describe('parseInboundMessage refusals', () => {
  const text = { ...header, MsgType: 'text', Content: 'hi', MsgId: BIG_MSG_ID } satisfies MessageFields;
  const missing: Array<[string, MessageFields]> = [
    ['ToUserName', text],
    ['FromUserName', text],
    ['CreateTime', text],
    ['MsgType', text],
    ['MsgId', text],
    ['Content', text],
    ['MsgId', { ...header, MsgType: 'image', PicUrl: 'u', MediaId: 'm', MsgId: 1 }],
    ['MediaId', { ...header, MsgType: 'voice', MediaId: 'm', MsgId: 1 }],
    ['MediaId', { ...header, MsgType: 'video', MediaId: 'm', MsgId: 1 }],
    ['MediaId', { ...header, MsgType: 'shortvideo', MediaId: 'm', MsgId: 1 }],
    ['Location_X', { ...header, MsgType: 'location', Location_X: 1, Location_Y: 2, MsgId: 1 }],
    ['Location_Y', { ...header, MsgType: 'location', Location_X: 1, Location_Y: 2, MsgId: 1 }],
    ['Title', { ...header, MsgType: 'link', Title: 't', Url: 'u', MsgId: 1 }],
    ['Url', { ...header, MsgType: 'link', Title: 't', Url: 'u', MsgId: 1 }],
    ['PagePath', { ...header, MsgType: 'miniprogrampage', Title: 't', PagePath: 'p', MsgId: 1 }],
    ['Title', { ...header, MsgType: 'miniprogrampage', Title: 't', PagePath: 'p', MsgId: 1 }],
    ['Event', { ...header, MsgType: 'event', Event: 'subscribe' }],
  ];

  describe.each(formats)('over %s', (_format, parse) => {
    it.each(missing)('names the missing field %s', (field, fields) => {
      const { [field]: _removed, ...incomplete } = fields;
      expect(() => parse(incomplete)).toThrow(MalformedBodyError);
      expect(() => parse(incomplete)).toThrow(new RegExp(`\\b${field}\\b`));
    });
  });

  it('refuses a menu option id longer than any option could have', () => {
    expect(() => viaXml({ ...text, bizmsgmenuid: 'a'.repeat(65) })).toThrow(/field bizmsgmenuid/);
  });

  it.each(['ToUserName', 'FromUserName', 'MsgType', 'MsgId'])('treats an empty %s as missing', (field) => {
    expect(() => viaXml({ ...text, [field]: '' })).toThrow(new RegExp(`missing field ${field}`));
  });

  it.each(['abc', '-5', '1.5', '1e9', ' 1', '99999999999999999999'])(
    'rejects CreateTime %j',
    (createTime) => {
      expect(() => parseInboundMessage({ ...text, MsgId: '1', CreateTime: createTime })).toThrow(
        /CreateTime/,
      );
    },
  );

  it.each([
    ['Location_X', 'north'],
    ['Location_Y', '1,5'],
    ['Scale', 'big'],
  ])('rejects a non-decimal %s', (field, value) => {
    const fields = {
      ...header,
      MsgType: 'location',
      Location_X: '1.5',
      Location_Y: '2',
      MsgId: '1',
      [field]: value,
    };
    expect(() => parseInboundMessage(fields)).toThrow(new RegExp(field));
  });

  it.each<[string, Record<string, string>]>([
    ['a 3,000-character FromUserName', { FromUserName: `o${'A'.repeat(3000)}` }],
    ['a FromUserName with other characters', { FromUserName: 'o9AgO5Kd5ggOC/bXrbNODIiE3bGY' }],
    ['a 129-character MsgId', { MsgId: '1'.repeat(129) }],
    ['a MsgId with other characters', { MsgId: '4363689963896700987<' }],
    ['a 65-character ToUserName', { ToUserName: `gh_${'0'.repeat(62)}` }],
    ['a 65-character MsgType', { MsgType: 'x'.repeat(65) }],
  ])('rejects %s, naming the field', (_name, change) => {
    const [field] = Object.keys(change);
    expect(() => parseInboundMessage({ ...text, ...change })).toThrow(MalformedBodyError);
    expect(() => parseInboundMessage({ ...text, ...change })).toThrow(new RegExp(`field ${field} `));
  });

  it("bounds what goes into an event's dedupe key: SessionFrom and EventKey of 1024 bytes, Event of 64 characters", () => {
    const enter = { ...header, MsgType: 'event', Event: 'user_enter_tempsession' };
    // 341 three-byte characters and one byte: exactly 1024 bytes.
    const atLimit = `${'店'.repeat(341)}x`;
    expect(parseInboundMessage({ ...enter, SessionFrom: atLimit })).toMatchObject({ sessionFrom: atLimit });
    expect(() => parseInboundMessage({ ...enter, SessionFrom: `${atLimit}x` })).toThrow(/field SessionFrom /);
    const subscribe = { ...header, MsgType: 'event', Event: 'subscribe' };
    expect(() => parseInboundMessage({ ...subscribe, EventKey: 'q'.repeat(1025) })).toThrow(
      /field EventKey /,
    );
    expect(() => parseInboundMessage({ ...enter, Event: 'e'.repeat(65) })).toThrow(/field Event /);
  });

  it.each(['-1', '1.5', 'big'])('refuses a file whose FileTotalLen is %s', (size) => {
    expect(() =>
      viaXml({ ...header, MsgType: 'file', Title: 'a.pdf', FileTotalLen: size, MsgId: BIG_MSG_ID }),
    ).toThrow('field FileTotalLen must be a non-negative whole number of bytes');
  });

  it('refuses a location report without coordinates', () => {
    expect(() => viaXml({ ...header, MsgType: 'event', Event: 'LOCATION', Longitude: '1' })).toThrow(
      'missing field Latitude (required for event LOCATION)',
    );
  });

  it("takes a cloud-function push's opaque MsgId as it is", () => {
    expect(parseInboundMessage({ ...text, MsgId: '49d72d67_1555684067' })).toMatchObject({
      msgId: '49d72d67_1555684067',
    });
  });

  it('rejects a MsgId that JSON.parse already rounded, instead of storing a wrong id', () => {
    const rounded = JSON.parse(buildJsonMessage({ ...text, MsgId: BIG_MSG_ID })) as Record<string, unknown>;
    expect(() => parseInboundMessage(rounded)).toThrow(MalformedBodyError);
    expect(() => parseInboundMessage(rounded)).toThrow(/MsgId/);
  });

  it('rejects values that are not text, numbers or booleans', () => {
    expect(() => parseInboundMessage({ ...text, MsgId: '1', Content: () => 'x' })).toThrow(
      MalformedBodyError,
    );
    expect(() => parseInboundMessage({ ...text, MsgId: '1', Scale: Number.NaN })).toThrow(MalformedBodyError);
  });
});

describe('dedupeKey', () => {
  it('uses the MsgId of a message', () => {
    expect(dedupeKey(viaJson({ ...header, MsgType: 'text', Content: 'x', MsgId: BIG_MSG_ID }))).toBe(
      'msg:6054768590064713728',
    );
  });

  it('uses sender, time, event and SessionFrom for user_enter_tempsession', () => {
    const message = viaXml({
      ...header,
      MsgType: 'event',
      Event: 'user_enter_tempsession',
      SessionFrom: 'shop:12',
    });
    expect(dedupeKey(message)).toBe(
      'evt:o9AgO5Kd5ggOC-bXrbNODIiE3bGY|1714112445|user_enter_tempsession|shop:12',
    );
  });

  it('uses the EventKey of a subscribe, and nothing when there is none', () => {
    const viaQr = viaXml({ ...header, MsgType: 'event', Event: 'subscribe', EventKey: 'qrscene_1' });
    const plain = viaXml({ ...header, MsgType: 'event', Event: 'subscribe', EventKey: '' });
    expect(dedupeKey(viaQr)).toBe('evt:o9AgO5Kd5ggOC-bXrbNODIiE3bGY|1714112445|subscribe|qrscene_1');
    expect(dedupeKey(plain)).toBe('evt:o9AgO5Kd5ggOC-bXrbNODIiE3bGY|1714112445|subscribe|');
  });

  it('tells apart two different events in the same second', () => {
    const create = viaXml({ ...header, MsgType: 'event', Event: 'kf_create_session', KfAccount: 'a@t' });
    const close = viaXml({ ...header, MsgType: 'event', Event: 'kf_close_session', KfAccount: 'a@t' });
    expect(dedupeKey(create)).toBe('evt:o9AgO5Kd5ggOC-bXrbNODIiE3bGY|1714112445|kf_create_session|');
    expect(dedupeKey(create)).not.toBe(dedupeKey(close));
  });

  it('keys unknown events by their Event and EventKey', () => {
    const scan = viaXml({ ...header, MsgType: 'event', Event: 'SCAN', EventKey: '123' });
    expect(dedupeKey(scan)).toBe('evt:o9AgO5Kd5ggOC-bXrbNODIiE3bGY|1714112445|SCAN|123');
  });

  it('keys an unknown message with a MsgId by it, and one without by its MsgType', () => {
    expect(dedupeKey(viaXml({ ...header, MsgType: 'hologram', MsgId: 42 }))).toBe('msg:42');
    expect(dedupeKey(viaXml({ ...header, MsgType: 'hologram' }))).toBe(
      'evt:o9AgO5Kd5ggOC-bXrbNODIiE3bGY|1714112445|hologram|',
    );
  });

  it('gives every delivery of the same push the same key', () => {
    const fields = { ...header, MsgType: 'event', Event: 'unsubscribe' };
    expect(dedupeKey(viaXml(fields))).toBe(dedupeKey(viaJson(fields)));
  });
});
