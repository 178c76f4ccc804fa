import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/message.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { computeSignature } from '../../../shared/wechat/signature.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { randomAppId, startSystem, type TestApp, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

function newOpenId(): string {
  return `o${randomBytes(12).toString('base64url')}`;
}

function newMsgId(): bigint {
  // Above 2^53 on purpose: precision must survive every hop (a bigint is written as a bare JSON number).
  return 9_000_000_000_000_000_000n + BigInt(randomBytes(6).readUIntBE(0, 6));
}

function textMessage(openId: string, content: string, msgId = newMsgId()) {
  return {
    ToUserName: 'gh_0123456789ab',
    FromUserName: openId,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: content,
    MsgId: msgId,
  };
}

async function messagesOf(conversationId: string, token: string): Promise<Message[]> {
  const response = await system.api(`/api/conversations/${conversationId}/messages`, token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: Message[] }).messages;
}

describe('server URL handshake', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await system.addApp();
  });

  it('returns echostr byte for byte when the signature matches', async () => {
    // WeChat stamps the handshake when it sends it (test/unit/wechat has the P1 vector at its time).
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '1514711492';
    const echostr = '4375120948345356249';
    const signature = computeSignature(app.token, timestamp, nonce);
    const response = await fetch(
      `${system.runtime.httpUrl}/wechat/${app.appId}?${new URLSearchParams({ signature, timestamp, nonce, echostr })}`,
    );
    expect(response.status).toBe(200);
    expect(Buffer.from(await response.arrayBuffer()).toString('latin1')).toBe(echostr);
  });

  it('answers 401 stale_timestamp to a correctly signed handshake of 2024', async () => {
    const timestamp = '1714036504';
    const nonce = '1514711492';
    const signature = computeSignature(app.token, timestamp, nonce);
    const response = await fetch(
      `${system.runtime.httpUrl}/wechat/${app.appId}?${new URLSearchParams({ signature, timestamp, nonce, echostr: '1' })}`,
    );
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ error: { code: 'stale_timestamp' } });
  });

  it('answers 401 to a wrong signature and 404 to an unknown app', async () => {
    const query = new URLSearchParams({
      signature: 'f'.repeat(40),
      timestamp: '1',
      nonce: '2',
      echostr: '3',
    });
    expect((await fetch(`${system.runtime.httpUrl}/wechat/${app.appId}?${query}`)).status).toBe(401);
    expect((await fetch(`${system.runtime.httpUrl}/wechat/${randomAppId()}?${query}`)).status).toBe(404);
  });
});

describe('customer messages reach the agent', () => {
  it.each([
    ['xml', 'secure'],
    ['json', 'secure'],
    ['xml', 'compatible'],
    ['xml', 'plaintext'],
    ['json', 'plaintext'],
  ] as const)('a %s message in %s mode arrives as message.created', async (format, mode) => {
    const app = await system.addApp(
      mode === 'plaintext' ? { format, encodingAesKey: undefined } : { format },
    );
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const openId = newOpenId();
    const fields = textMessage(openId, `你好 <${format}/${mode}> & 👋`);

    const response = await system.callback(app.appId, buildCallback(app, { fields, format, mode }));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('success');

    const frame = await socket.next(isMessageCreated);
    expect(frame.message).toMatchObject({
      appId: app.appId,
      openId,
      direction: 'inbound',
      author: 'customer',
      content: { type: 'text', text: fields.Content },
      wechatMsgId: fields.MsgId.toString(),
    });
    expect(frame.conversation).toMatchObject({ state: 'active', assigneeId: agent.agentId, openId });
    await socket.close();
  });

  it('stores one message and pushes one frame when WeChat delivers the same callback 4 times', async () => {
    const app = await system.addApp({ format: 'xml' });
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const openId = newOpenId();
    const callback = buildCallback(app, {
      fields: textMessage(openId, 'once'),
      format: 'xml',
      mode: 'secure',
    });

    const statuses = await Promise.all(
      [1, 2, 3, 4].map(async () => (await system.callback(app.appId, callback)).status),
    );
    expect(statuses).toEqual([200, 200, 200, 200]);
    // A later, different message marks the end: frames of one conversation arrive in order.
    const marker = buildCallback(app, {
      fields: textMessage(openId, 'marker'),
      format: 'xml',
      mode: 'secure',
    });
    expect((await system.callback(app.appId, marker)).status).toBe(200);
    const first = await socket.next(isMessageCreated);
    const second = await socket.next(isMessageCreated);
    expect([first.message.content, second.message.content]).toEqual([
      { type: 'text', text: 'once' },
      { type: 'text', text: 'marker' },
    ]);
    const stored = await messagesOf(first.message.conversationId, agent.token);
    expect(stored.map((message) => message.content)).toEqual([
      { type: 'text', text: 'once' },
      { type: 'text', text: 'marker' },
    ]);
    await socket.close();
  });

  it('keeps an event without MsgId and an unknown message type, and acknowledges them', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const openId = newOpenId();
    const enter = {
      ToUserName: 'gh_0123456789ab',
      FromUserName: openId,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'event',
      Event: 'user_enter_tempsession',
      SessionFrom: 'shop:12',
    };
    const hologram = { ...textMessage(openId, ''), MsgType: 'hologram', Depth: '3' };
    for (const fields of [enter, hologram]) {
      const response = await system.callback(
        app.appId,
        buildCallback(app, { fields, format: 'json', mode: 'secure' }),
      );
      expect(response.status).toBe(200);
    }
    const entered = await socket.next(isMessageCreated);
    expect(entered.message.content).toEqual({
      type: 'event',
      event: 'user_enter_tempsession',
      detail: { sessionFrom: 'shop:12' },
    });
    const unknown = await socket.next(isMessageCreated);
    expect(unknown.message.content).toMatchObject({ type: 'unknown', msgType: 'hologram' });
    await socket.close();
  });
});

describe('bad callbacks are refused and write nothing', () => {
  let app: TestApp;
  let otherApp: TestApp;
  let plainApp: TestApp;
  beforeAll(async () => {
    app = await system.addApp({ format: 'xml' });
    otherApp = await system.addApp({ format: 'xml', encodingAesKey: app.encodingAesKey, token: app.token });
    plainApp = await system.addApp({ format: 'xml', encodingAesKey: undefined });
  });

  async function expectRefused(
    request: { query: Record<string, string>; body: string },
    status: number,
    target: TestApp = app,
  ) {
    const before = await system.countItems();
    const response = await system.callback(target.appId, request);
    expect(response.status).toBe(status);
    expect(await system.countItems()).toBe(before);
  }

  it('forged msg_signature → 401', async () => {
    const request = buildCallback(app, {
      fields: textMessage(newOpenId(), 'x'),
      format: 'xml',
      mode: 'secure',
    });
    await expectRefused(
      { query: { ...request.query, msg_signature: 'a'.repeat(40) }, body: request.body },
      401,
    );
  });

  it('forged plaintext signature → 401', async () => {
    const request = buildCallback(app, {
      fields: textMessage(newOpenId(), 'x'),
      format: 'xml',
      mode: 'plaintext',
    });
    await expectRefused({ query: { ...request.query, signature: 'b'.repeat(40) }, body: request.body }, 401);
  });

  it('ciphertext made for another appid → 401', async () => {
    const request = buildCallback(otherApp, {
      fields: textMessage(newOpenId(), 'x'),
      format: 'xml',
      mode: 'secure',
    });
    await expectRefused(request, 401);
  });

  it.each([
    ['not XML or JSON', 'hello'],
    ['broken XML', '<xml><ToUserName>'],
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY x "y">]><xml><ToUserName>&x;</ToUserName></xml>'],
    ['missing fields', '<xml><MsgType>text</MsgType></xml>'],
  ])('malformed body (%s) → 400', async (_name, body) => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    const query = { signature: computeSignature(plainApp.token, timestamp, nonce), timestamp, nonce };
    await expectRefused({ query, body }, 400, plainApp);
  });

  it.each([
    ['1970', '1'],
    ['2286', '9999999999'],
    ['ten minutes ago', String(Math.floor(Date.now() / 1000) - 600)],
  ])('a correctly signed push stamped %s → 401 stale_timestamp', async (_when, timestamp) => {
    const before = await system.countItems();
    for (const [target, mode] of [
      [app, 'secure'],
      [plainApp, 'plaintext'],
    ] as const) {
      const request = buildCallback(target, {
        fields: textMessage(newOpenId(), 'replayed'),
        format: 'xml',
        mode,
        timestamp,
      });
      const response = await system.callback(target.appId, request);
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: { code: 'stale_timestamp' } });
    }
    expect(await system.countItems()).toBe(before);
  });

  it('unknown app → 404', async () => {
    const before = await system.countItems();
    const request = buildCallback(app, {
      fields: textMessage(newOpenId(), 'x'),
      format: 'xml',
      mode: 'secure',
    });
    expect((await system.callback(randomAppId(), request)).status).toBe(404);
    expect(await system.countItems()).toBe(before);
  });
});
