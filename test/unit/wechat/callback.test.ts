import { describe, expect, it } from 'vitest';
import {
  buildCallback,
  type CallbackCredentials,
  type CallbackMode,
  openCallback,
  verifyUrlHandshake,
} from '../../../shared/wechat/callback.ts';
import { MessageCipher } from '../../../shared/wechat/crypto.ts';
import {
  AppIdMismatchError,
  DecryptionError,
  InvalidAesKeyError,
  MalformedBodyError,
  SignatureMismatchError,
} from '../../../shared/wechat/errors.ts';
import { buildJsonMessage, parseJsonMessage } from '../../../shared/wechat/json.ts';
import type { MessageFields } from '../../../shared/wechat/message-fields.ts';
import { computeMsgSignature, computeSignature } from '../../../shared/wechat/signature.ts';
import { buildXmlMessage, parseXmlMessage } from '../../../shared/wechat/xml.ts';

const app: CallbackCredentials = {
  appId: 'wx134c8103faa5a59e',
  token: 'AAAAA',
  encodingAesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

const textFields = {
  ToUserName: 'gh_97417a04a28d',
  FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  CreateTime: 1714112445,
  MsgType: 'text',
  Content: '你好 <xml> & ]]> 👋',
  MsgId: 6054768590064713728n,
} satisfies MessageFields;

const textMessage = {
  kind: 'text',
  toUserName: 'gh_97417a04a28d',
  fromOpenId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
  createTime: 1714112445,
  msgId: '6054768590064713728',
  content: '你好 <xml> & ]]> 👋',
};

function parseBody(body: string): Record<string, unknown> {
  return body.startsWith('<') ? parseXmlMessage(body) : parseJsonMessage(body);
}

describe('verifyUrlHandshake', () => {
  const query = {
    signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
    echostr: '4375120948345356249',
    timestamp: '1714036504',
    nonce: '1514711492',
  };
  /** The clock when WeChat sent vector P1. */
  const atP1 = 1714036504_000;

  it('returns echostr byte for byte for vector P1', () => {
    expect(verifyUrlHandshake(app, query, atP1)).toBe('4375120948345356249');
  });

  it('returns echostr unencrypted even for an app with an EncodingAESKey', () => {
    expect(verifyUrlHandshake({ ...app, encodingAesKey: 'A'.repeat(43) }, query, atP1)).toBe(
      '4375120948345356249',
    );
  });

  it.each([
    ['a wrong signature', { ...query, signature: 'f'.repeat(40) }],
    ['a wrong token', query, 'BBBBB'],
    ['another timestamp', { ...query, timestamp: '1714036505' }],
    ['no signature', { ...query, signature: undefined }],
    ['no timestamp', { ...query, timestamp: undefined }],
    ['no nonce', { ...query, nonce: '' }],
  ])('refuses %s with SignatureMismatchError', (_name, badQuery, token = 'AAAAA') => {
    expect(() => verifyUrlHandshake({ ...app, token }, badQuery, atP1)).toThrow(SignatureMismatchError);
  });

  it('refuses a signed request without echostr as malformed', () => {
    expect(() => verifyUrlHandshake(app, { ...query, echostr: undefined }, atP1)).toThrow(MalformedBodyError);
  });
});

describe('openCallback with the C7 vector (secure XML push from the open-platform doc)', () => {
  it('verifies msg_signature, decrypts and parses the debug_demo event', () => {
    const creds = { appId: 'wx134c8103faa5a59e', token: 'AAAAA', encodingAesKey: 'A'.repeat(43) };
    const encrypt =
      'D7yzvUNAL930rd28wf21s4hvXhz0L6Uit/p2Di6C5DHyYGpEgdBRnKjBec34JwoQXicwaZC7fOVihW80F4VtsdvE//1vr7oAbqjDv8KenVp+ajKYpJnyQ4zMRhIC+a31fCVOMC03FfzV/QuC94kBP55a+Za3sJgvAn+ZbsNqZI5DkyuzkhQN8OBqCzFhizGmy0xpM0MEA4agpvE+RuNO1rhHTtuJB5yltw1FiYzecSXJ+y/D2r81VkRn2eYjh2ltsoyfbDR7Is6ookXIFxTfyeNyeHxMeT4KN5WpCDmSbTcUYrbBUlkGLJ9n/rU8YOywma6G7aTb7KZKOqCxgfoUlYEZPk4FUL/TK7ShriFDMVCLyjQJ15Ob++agDWtcxhfUfe6HIoIpRW8mKNBQiY/Jd1svvuskA1wLef1RTtzKfMpagSCX/laZINmdnX4zrF6kIaR9P4xQrWXbsTFHTYe0Mg==';
    const query = {
      // The doc's URL is not reproduced in WECHAT.md; `signature` is what WeChat always sends with it.
      signature: computeSignature('AAAAA', '1715943329', '1590219412'),
      timestamp: '1715943329',
      nonce: '1590219412',
      encrypt_type: 'aes',
      msg_signature: '6c12a4205838198b8fa631b3220723bb07f1015c',
    };
    const body = `<xml><ToUserName><![CDATA[gh_97417a04a28d]]></ToUserName><Encrypt><![CDATA[${encrypt}]]></Encrypt></xml>`;
    // Opened at the time the doc's push was sent.
    const opened = openCallback(creds, { query, body }, 1715943329_000);
    expect(opened.format).toBe('xml');
    expect(opened.mode).toBe('secure');
    expect(opened.message).toMatchObject({
      kind: 'unknown',
      msgType: 'event',
      event: 'debug_demo',
      toUserName: 'gh_97417a04a28d',
      fromOpenId: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      createTime: 1715943329,
      fields: { debug_str: 'hello world' },
    });
  });
});

describe('openCallback over buildCallback', () => {
  const combinations = [
    ['xml', 'plaintext'],
    ['xml', 'compatible'],
    ['xml', 'secure'],
    ['json', 'plaintext'],
    ['json', 'compatible'],
    ['json', 'secure'],
  ] as const;

  /** WeChat pushes plaintext only for apps registered without an EncodingAESKey. */
  const credsFor = (mode: CallbackMode): CallbackCredentials =>
    mode === 'plaintext' ? { appId: app.appId, token: app.token } : app;

  it.each(combinations)('opens a %s push in %s mode', (format, mode) => {
    const creds = credsFor(mode);
    const request = buildCallback(creds, { fields: textFields, format, mode });
    const opened = openCallback(creds, request);
    expect(opened).toEqual({ message: textMessage, format, mode });
  });

  it('refuses a plaintext push for an app that has an EncodingAESKey: its signature does not cover the body', () => {
    const request = buildCallback(app, { fields: textFields, format: 'xml', mode: 'plaintext' });
    expect(() => openCallback(app, request)).toThrow(SignatureMismatchError);
  });

  it.each(combinations)('opens %s/%s pushes of other kinds too', (format, mode) => {
    const enter = {
      ToUserName: 'gh_1',
      FromUserName: 'oUser',
      CreateTime: 1714112445,
      MsgType: 'event',
      Event: 'user_enter_tempsession',
      SessionFrom: 'shop:12',
    };
    const image = {
      ...enter,
      MsgType: 'image',
      Event: '',
      SessionFrom: '',
      PicUrl: 'http://x/y',
      MediaId: 'm',
      MsgId: 1,
    };
    const creds = credsFor(mode);
    expect(openCallback(creds, buildCallback(creds, { fields: enter, format, mode })).message).toEqual({
      kind: 'event',
      event: 'user_enter_tempsession',
      toUserName: 'gh_1',
      fromOpenId: 'oUser',
      createTime: 1714112445,
      sessionFrom: 'shop:12',
    });
    expect(openCallback(creds, buildCallback(creds, { fields: image, format, mode })).message).toMatchObject({
      kind: 'image',
      msgId: '1',
      mediaId: 'm',
    });
  });

  it('opens a plaintext push for an app without EncodingAESKey', () => {
    const plain = { appId: app.appId, token: app.token };
    expect(
      openCallback(plain, buildCallback(plain, { fields: textFields, format: 'xml', mode: 'plaintext' })),
    ).toEqual({ message: textMessage, format: 'xml', mode: 'plaintext' });
  });

  it('tolerates leading whitespace before the body', () => {
    const request = buildCallback(app, { fields: textFields, format: 'json', mode: 'secure' });
    expect(openCallback(app, { ...request, body: `\n  ${request.body}` }).message).toEqual(textMessage);
  });
});

describe('buildCallback produces what WeChat sends', () => {
  const options = { fields: textFields, timestamp: '1714112445', nonce: '415670741' } as const;

  it('plaintext: signature, timestamp and nonce only, and the plain body', () => {
    const { query, body } = buildCallback(app, { ...options, format: 'xml', mode: 'plaintext' });
    expect(query).toEqual({
      signature: computeSignature(app.token, '1714112445', '415670741'),
      timestamp: '1714112445',
      nonce: '415670741',
    });
    expect(body).toBe(buildXmlMessage(textFields));
  });

  it('secure: adds openid, encrypt_type and msg_signature; the body is ToUserName + Encrypt only', () => {
    const { query, body } = buildCallback(app, { ...options, format: 'json', mode: 'secure' });
    const outer = parseJsonMessage(body);
    expect(Object.keys(outer)).toEqual(['ToUserName', 'Encrypt']);
    expect(outer.ToUserName).toBe('gh_97417a04a28d');
    const encrypt = String(outer.Encrypt);
    expect(query).toEqual({
      signature: computeSignature(app.token, '1714112445', '415670741'),
      timestamp: '1714112445',
      nonce: '415670741',
      openid: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
      encrypt_type: 'aes',
      msg_signature: computeMsgSignature(app.token, '1714112445', '415670741', encrypt),
    });
    const inner = new MessageCipher(app.encodingAesKey as string, app.appId).decrypt(encrypt);
    // The inner JSON carries MsgId as a bare number, exactly like WeChat.
    expect(inner).toBe(buildJsonMessage(textFields));
    expect(inner).toContain('"MsgId":6054768590064713728');
  });

  it('compatible: the body is the plaintext fields followed by Encrypt', () => {
    const { query, body } = buildCallback(app, { ...options, format: 'xml', mode: 'compatible' });
    const outer = parseXmlMessage(body);
    expect(Object.keys(outer)).toEqual([...Object.keys(textFields), 'Encrypt']);
    expect(outer.Content).toBe(textFields.Content);
    expect(query.encrypt_type).toBe('aes');
    expect(query.msg_signature).toBe(
      computeMsgSignature(app.token, '1714112445', '415670741', outer.Encrypt as string),
    );
  });

  it('is deterministic given timestamp, nonce and random prefix', () => {
    const random = Buffer.from('1205899eaf019bbd');
    const first = buildCallback(app, { ...options, random, format: 'xml', mode: 'secure' });
    const second = buildCallback(app, { ...options, random, format: 'xml', mode: 'secure' });
    expect(second).toEqual(first);
  });

  it('defaults timestamp to now and nonce to a fresh number', () => {
    const before = Math.floor(Date.now() / 1000);
    const { query } = buildCallback(app, { fields: textFields, format: 'xml', mode: 'plaintext' });
    expect(Number(query.timestamp)).toBeGreaterThanOrEqual(before);
    expect(Number(query.timestamp)).toBeLessThanOrEqual(before + 5);
    expect(query.nonce).toMatch(/^[0-9]+$/);
  });

  it('refuses an encrypted mode for an app without EncodingAESKey', () => {
    const plain = { appId: app.appId, token: app.token };
    expect(() => buildCallback(plain, { fields: textFields, format: 'xml', mode: 'secure' })).toThrow(
      InvalidAesKeyError,
    );
  });
});

describe('openCallback refusals', () => {
  const secure = () => buildCallback(app, { fields: textFields, format: 'xml', mode: 'secure' });

  it('refuses a forged msg_signature', () => {
    const request = secure();
    const forged = { ...request, query: { ...request.query, msg_signature: 'a'.repeat(40) } };
    expect(() => openCallback(app, forged)).toThrow(SignatureMismatchError);
  });

  it('refuses an Encrypt swapped for another one signed for a different request', () => {
    const request = secure();
    const other = buildCallback(app, {
      fields: { ...textFields, Content: 'other' },
      format: 'xml',
      mode: 'secure',
    });
    expect(() => openCallback(app, { query: request.query, body: other.body })).toThrow(
      SignatureMismatchError,
    );
  });

  it('refuses a forged signature, in plaintext and in encrypted mode', () => {
    const plain = buildCallback(app, { fields: textFields, format: 'json', mode: 'plaintext' });
    expect(() =>
      openCallback(app, { ...plain, query: { ...plain.query, signature: 'b'.repeat(40) } }),
    ).toThrow(SignatureMismatchError);
    const request = secure();
    expect(() =>
      openCallback(app, { ...request, query: { ...request.query, signature: 'b'.repeat(40) } }),
    ).toThrow(SignatureMismatchError);
  });

  it.each(['signature', 'timestamp', 'nonce', 'msg_signature'])(
    'refuses an encrypted push without %s',
    (name) => {
      const request = secure();
      const query = { ...request.query, [name]: undefined };
      expect(() => openCallback(app, { ...request, query })).toThrow(SignatureMismatchError);
    },
  );

  it('checks the query before looking at the body: unsigned garbage is a signature failure', () => {
    expect(() => openCallback(app, { query: {}, body: '<!DOCTYPE x [<!ENTITY a "b">]><xml/>' })).toThrow(
      SignatureMismatchError,
    );
  });

  it('refuses ciphertext made for another appId (same token and key)', () => {
    const other = { ...app, appId: 'wx0000000000000000' };
    const request = buildCallback(other, { fields: textFields, format: 'xml', mode: 'secure' });
    expect(() => openCallback(app, request)).toThrow(AppIdMismatchError);
  });

  it('trusts only the decrypted message in compatible mode, not the plaintext fields beside Encrypt', () => {
    for (const format of ['xml', 'json'] as const) {
      const request = buildCallback(app, { fields: textFields, format, mode: 'compatible' });
      const outer = parseBody(request.body) as Record<string, string | number>;
      const altered = {
        ...outer,
        FromUserName: 'oAttacker',
        Content: 'transfer all the money',
        MsgId: '1',
        Encrypt: String(outer.Encrypt),
      };
      const body = format === 'xml' ? buildXmlMessage(altered) : buildJsonMessage(altered);
      const opened = openCallback(app, { query: request.query, body });
      expect(opened.mode).toBe('compatible');
      expect(opened.message).toEqual(textMessage);
    }
  });

  it('refuses an encrypted push for an app without EncodingAESKey with DecryptionError', () => {
    const request = secure();
    const withoutKey = { appId: app.appId, token: app.token };
    expect(() => openCallback(withoutKey, request)).toThrow(DecryptionError);
    expect(() => openCallback(withoutKey, request)).toThrow(/no EncodingAESKey/);
  });

  it('refuses an encrypted push whose body has no Encrypt', () => {
    const request = secure();
    const body = buildXmlMessage(textFields);
    expect(() => openCallback(app, { query: request.query, body })).toThrow(MalformedBodyError);
  });

  it('refuses a JSON Encrypt that is not a string', () => {
    const request = buildCallback(app, { fields: textFields, format: 'json', mode: 'secure' });
    expect(() =>
      openCallback(app, { query: request.query, body: '{"ToUserName":"gh","Encrypt":12}' }),
    ).toThrow(MalformedBodyError);
  });

  it('refuses a decrypted message that is not in the format of its envelope', () => {
    const timestamp = '1714112445';
    const nonce = '1';
    const encrypt = new MessageCipher(app.encodingAesKey as string, app.appId).encrypt(
      buildJsonMessage(textFields),
    );
    const query = {
      signature: computeSignature(app.token, timestamp, nonce),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: computeMsgSignature(app.token, timestamp, nonce, encrypt),
    };
    const body = buildXmlMessage({ ToUserName: 'gh', Encrypt: encrypt });
    expect(() => openCallback(app, { query, body }, 1714112445_000)).toThrow(MalformedBodyError);
  });

  it('refuses a tampered Encrypt whose msg_signature was recomputed by someone holding the token', () => {
    const timestamp = '1714112445';
    const nonce = '1';
    const encrypt = `${'A'.repeat(40)}==`;
    const query = {
      signature: computeSignature(app.token, timestamp, nonce),
      timestamp,
      nonce,
      encrypt_type: 'aes',
      msg_signature: computeMsgSignature(app.token, timestamp, nonce, encrypt),
    };
    const body = buildXmlMessage({ ToUserName: 'gh', Encrypt: encrypt });
    expect(() => openCallback(app, { query, body }, 1714112445_000)).toThrow(DecryptionError);
  });

  it('refuses an unknown encrypt_type', () => {
    const request = secure();
    expect(() =>
      openCallback(app, { ...request, query: { ...request.query, encrypt_type: 'rot13' } }),
    ).toThrow(MalformedBodyError);
  });

  const signedQuery = {
    signature: computeSignature(app.token, '1714112445', '12345'),
    timestamp: '1714112445',
    nonce: '12345',
  };

  it.each([
    ['an empty body', ''],
    ['whitespace', '  \n'],
    ['plain text', 'hello'],
    ['a JSON array', '[{"MsgType":"text"}]'],
    ['broken XML', '<xml><ToUserName>'],
    ['broken JSON', '{"ToUserName":'],
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY x "y">]><xml><ToUserName>&x;</ToUserName></xml>'],
    ['missing fields', '<xml><MsgType>text</MsgType></xml>'],
    [
      'a JSON message missing MsgId',
      '{"ToUserName":"a","FromUserName":"b","CreateTime":1,"MsgType":"text","Content":"x"}',
    ],
  ])('refuses %s as malformed', (_name, body) => {
    const plain = { appId: app.appId, token: app.token };
    expect(() => openCallback(plain, { query: signedQuery, body }, 1714112445_000)).toThrow(
      MalformedBodyError,
    );
  });
});

describe('freshness: a signed request is good for minutes, not forever', () => {
  const plain = { appId: app.appId, token: app.token };
  const now = Date.UTC(2026, 11, 4, 12, 0, 0);
  const seconds = (ms: number) => String(Math.floor(ms / 1000));
  const codeOf = (open: () => unknown): string | undefined => {
    try {
      open();
      return undefined;
    } catch (error) {
      return (error as { code?: string }).code;
    }
  };
  const push = (timestamp: string) =>
    buildCallback(plain, { fields: textFields, format: 'xml', mode: 'plaintext', timestamp });

  it.each([
    ['stamped in 1970', '1'],
    ['stamped in 2286', '9999999999'],
    ['stamped 301 s ago', seconds(now - 301_000)],
    ['stamped 301 s ahead', seconds(now + 301_000)],
    ['stamped with a timestamp that is not a number', '17141124a5'],
  ])('refuses a correctly signed push %s', (_name, timestamp) => {
    expect(codeOf(() => openCallback(plain, push(timestamp), now))).toBe('stale_timestamp');
    const secure = buildCallback(app, { fields: textFields, format: 'json', mode: 'secure', timestamp });
    expect(codeOf(() => openCallback(app, secure, now))).toBe('stale_timestamp');
  });

  it.each([
    ['now', seconds(now)],
    ['300 s ago (WeChat retries for about 15 s; clocks differ)', seconds(now - 300_000)],
    ['300 s ahead', seconds(now + 300_000)],
  ])('accepts a push stamped %s', (_name, timestamp) => {
    expect(openCallback(plain, push(timestamp), now).message).toEqual(textMessage);
  });

  it('refuses a stale handshake, and accepts it at its time', () => {
    const query = {
      signature: 'f464b24fc39322e44b38aa78f5edd27bd1441696',
      echostr: '4375120948345356249',
      timestamp: '1714036504',
      nonce: '1514711492',
    };
    expect(codeOf(() => verifyUrlHandshake({ ...app, token: 'AAAAA' }, query, now))).toBe('stale_timestamp');
    expect(verifyUrlHandshake({ ...app, token: 'AAAAA' }, query, 1714036504_000 + 5_000)).toBe(
      '4375120948345356249',
    );
  });

  it('defaults to the real clock', () => {
    expect(openCallback(plain, push(seconds(Date.now()))).message).toEqual(textMessage);
    expect(codeOf(() => openCallback(plain, push('1')))).toBe('stale_timestamp');
  });
});
