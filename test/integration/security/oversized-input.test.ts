import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../../shared/domain/ids.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { computeSignature } from '../../../shared/wechat/signature.ts';
import {
  randomAppId,
  startSystem,
  type TestAgent,
  type TestApp,
  type TestSystem,
} from '../../support/system.ts';

/**
 * Ids and fields of any length and JSON of any depth reach the boundary (a path, a push, a body): each
 * is answered with a 4xx that says what is wrong, never a 500, and nothing is written.
 */

let system: TestSystem;
let app: TestApp;
let plainApp: TestApp;
let xmlApp: TestApp;
let admin: TestAgent;

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ format: 'json' });
  plainApp = await system.addApp({ format: 'json', encodingAesKey: undefined });
  xmlApp = await system.addApp({ format: 'xml', encodingAesKey: undefined });
  admin = await system.addAgent([app.appId, plainApp.appId], { role: 'admin' });
});

afterAll(async () => {
  await system?.stop();
});

const long = 'A'.repeat(3000);

/** Sends, expects a 4xx with a JSON error, and checks that no item was written. */
async function expectRefused(send: () => Promise<Response>, status: number): Promise<void> {
  const before = await system.countItems();
  const response = await send();
  const body = await response.text();
  expect({ status: response.status, body }).toMatchObject({ status });
  expect(JSON.parse(body)).toMatchObject({
    error: { code: expect.any(String), message: expect.any(String) },
  });
  expect(await system.countItems()).toBe(before);
}

function call(method: string, path: string, body?: string): Promise<Response> {
  return fetch(`${system.runtime.httpUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${admin.token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body,
  });
}

const conversationRoutes: [string, string, unknown?][] = [
  ['GET', 'messages'],
  ['POST', 'messages', { clientMessageId: 'client-message-1', content: { type: 'text', text: 'hi' } }],
  ['POST', 'close'],
  ['POST', 'accept'],
  ['POST', 'reopen'],
  ['POST', 'transfer', { toQueueId: 'default' }],
  ['GET', 'transfer-targets'],
  ['POST', 'typing'],
];

describe('a conversation id in the path', () => {
  it.each(conversationRoutes)('%s …/{3,000 characters}/%s → 400', async (method, action, body) => {
    const send = () =>
      call(
        method,
        `/api/conversations/${long}/${action}`,
        body === undefined ? undefined : JSON.stringify(body),
      );
    await expectRefused(send, 400);
  });

  it.each(conversationRoutes.filter(([, action]) => action !== 'typing'))(
    '%s …/{unknown, well-formed id}/%s → 404',
    async (method, action, body) => {
      const send = () =>
        call(
          method,
          `/api/conversations/${newId()}/${action}`,
          body === undefined ? undefined : JSON.stringify(body),
        );
      await expectRefused(send, 404);
    },
  );

  it('POST …/{unknown, well-formed id}/typing → 200, not shown (typing is best effort), nothing written', async () => {
    const before = await system.countItems();
    const response = await call('POST', `/api/conversations/${newId()}/typing`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ shown: false, reason: 'The conversation does not exist.' });
    expect(await system.countItems()).toBe(before);
  });
});

describe('an app id in the path', () => {
  it.each([
    ['settings', `/api/admin/queues/wx${long}/vip`, { name: 'VIP' }],
    ['members', `/api/admin/queues/wx${long}/vip/members`, { agentIds: [] }],
  ])('PUT /api/admin/queues/{3,000 characters}/vip (%s) → 400', async (_name, path, body) => {
    await expectRefused(() => call('PUT', path, JSON.stringify(body)), 400);
  });

  it.each(['GET', 'POST'])('an unauthenticated %s /wechat/{3,000 characters} → 400', async (method) => {
    await expectRefused(
      () =>
        fetch(`${system.runtime.httpUrl}/wechat/${long}?signature=x&timestamp=1&nonce=1&echostr=1`, {
          method,
          body: method === 'POST' ? '<xml/>' : undefined,
        }),
      400,
    );
  });

  it('an unknown, well-formed app id on the callback → 404', async () => {
    await expectRefused(
      () => fetch(`${system.runtime.httpUrl}/wechat/${randomAppId()}?signature=x&timestamp=1&nonce=1`),
      404,
    );
  });
});

describe('a correctly signed push with an oversized field', () => {
  const fields = (extra: Record<string, string>) => ({
    ToUserName: 'gh_0123456789ab',
    FromUserName: 'o9AgO5Kd5ggOC-bXrbNODIiE3bGY',
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: 'hi',
    MsgId: '9000000000000000001',
    ...extra,
  });

  it.each([
    ['FromUserName', { FromUserName: `o${long}` }],
    ['MsgId', { MsgId: '9'.repeat(3000) }],
    [
      'SessionFrom',
      { MsgType: 'event', Event: 'user_enter_tempsession', SessionFrom: `shop:${long}`, MsgId: '' },
    ],
    ['Event', { MsgType: 'event', Event: long, MsgId: '' }],
  ])('a 3,000-character %s → 400', async (_name, extra) => {
    for (const [target, mode] of [
      [app, 'secure'],
      [plainApp, 'plaintext'],
    ] as const) {
      const request = buildCallback(target, { fields: fields(extra), format: 'json', mode });
      await expectRefused(() => system.callback(target.appId, request), 400);
    }
  });
});

describe('input nested 2,000 deep', () => {
  const deep = `${'['.repeat(2000)}${']'.repeat(2000)}`;

  it('JSON in a callback body → 400', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    const query = { signature: computeSignature(plainApp.token, timestamp, nonce), timestamp, nonce };
    const body = `{"ToUserName":"gh_0123456789ab","FromUserName":"oUser","CreateTime":${timestamp},"MsgType":"hologram","MsgId":"1","Depth":${deep}}`;
    await expectRefused(() => system.callback(plainApp.appId, { query, body }), 400);
  });

  it('XML elements in a callback body → 400', async () => {
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = '12345';
    const query = { signature: computeSignature(xmlApp.token, timestamp, nonce), timestamp, nonce };
    const body = `<xml><ToUserName>gh_0123456789ab</ToUserName><FromUserName>oUser</FromUserName><CreateTime>${timestamp}</CreateTime><MsgType>hologram</MsgType><MsgId>1</MsgId>${'<a>'.repeat(2000)}x${'</a>'.repeat(2000)}</xml>`;
    await expectRefused(() => system.callback(xmlApp.appId, { query, body }), 400);
  });

  it('JSON in an encrypted callback, before its signature can be checked → 400', async () => {
    const request = buildCallback(app, {
      fields: { ToUserName: 'gh_0123456789ab', Encrypt: 'x' },
      format: 'json',
      mode: 'plaintext',
    });
    const body = `{"ToUserName":"gh_0123456789ab","Encrypt":"x","Depth":${deep}}`;
    await expectRefused(
      () =>
        system.callback(app.appId, {
          query: { ...request.query, encrypt_type: 'aes', msg_signature: 'a'.repeat(40) },
          body,
        }),
      400,
    );
  });

  it.each([
    ['POST', '/api/auth/login', `{"username":"demo","password":"x","depth":${deep}}`],
    ['PUT', '/api/me/status', `{"status":"online","depth":${deep}}`],
    ['PUT', '/api/admin/queues/APP/vip', `{"name":"VIP","depth":${deep}}`],
  ])('JSON in a body of %s %s → 400', async (method, path, body) => {
    await expectRefused(() => call(method, path.replace('APP', app.appId), body), 400);
  });
});

describe('a socket frame', () => {
  it('with a 3,000-character conversation id → bad_frame, nothing written', async () => {
    const socket = await system.connect(admin.token);
    try {
      const before = await system.countItems();
      socket.send({ action: 'close', conversationId: long });
      const frame = await socket.next(
        (candidate): candidate is Extract<ServerFrame, { type: 'error' }> => candidate.type === 'error',
      );
      expect(frame).toMatchObject({ type: 'error', code: 'bad_frame' });
      expect(await system.countItems()).toBe(before);
    } finally {
      await socket.close();
    }
  });
});
