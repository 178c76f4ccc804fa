/**
 * No log line, at the most talkative level, ever carries a configured secret: the app's Token,
 * EncodingAESKey and AppSecret, WeChat's access token, the JWT signing key, an agent's password or
 * their JWT. The representative workflows run on the real local runtime (signed and encrypted
 * callbacks from the simulator, a reply delivered, a reply WeChat refuses, a forged callback, the
 * URL handshake, sign-in and its failures, token refresh, sign-out, an AppSecret test), and
 * everything the functions write is captured.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessTokenStore } from '../../../shared/store/access-token-store.ts';
import { getApp } from '../../../shared/store/apps-repository.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { computeSignature } from '../../../shared/wechat/signature.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { isStatus } from '../../support/conversation-fixture.ts';
import { randomAlphanumeric, startSystem, type TestSystem } from '../../support/system.ts';

const lines: string[] = [];
const jwtSigningKey = randomAlphanumeric(48);
let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    log: (line) => lines.push(line),
    env: { POWERTOOLS_LOG_LEVEL: 'DEBUG', JWT_SECRET: jwtSigningKey },
  });
});

afterAll(async () => {
  await system?.stop();
});

describe('the functions’ logs', () => {
  it('never contain a configured secret, whatever the workflow', async () => {
    const app = await system.addApp();
    const stored = await getApp(app.appId);
    if (!stored?.secret || !app.encodingAesKey) throw new Error('the app should have a secret and a key');
    const agent = await system.addAgent([app.appId], { role: 'owner' });
    const socket = await system.connect(agent.token);

    // A customer writes (signed and encrypted by the simulator); the agent answers; WeChat takes it.
    const customer = system.simulator.customer(app.appId);
    await customer.say('你好');
    const { conversation } = await socket.next(isMessageCreated);
    const send = (text: string) =>
      system.request<{ messageId: string }>(
        agent.token,
        'POST',
        `/api/conversations/${conversation.conversationId}/messages`,
        { clientMessageId: crypto.randomUUID(), content: { type: 'text', text } },
      );
    const delivered = await send('您好，请问有什么可以帮您？');
    expect(delivered.status).toBe(201);
    await socket.next(isStatus('sent', delivered.body.messageId));
    await customer.nextReceived();

    // WeChat refuses the next answer for the IP whitelist: the agent is told so, in words.
    system.simulator.failNext('custom_send', {
      errcode: 40164,
      errmsg: 'invalid ip 203.0.113.9, not in whitelist',
    });
    const refused = await send('稍等');
    const failed = await socket.next(isStatus('failed', refused.body.messageId));
    expect(failed.message.failure).toMatchObject({ errcode: 40164 });
    expect(failed.message.failure?.reason).toContain('IP白名单');

    // A forged push and WeChat's URL handshake.
    const push = buildCallback(app, {
      fields: {
        ToUserName: 'gh_0123456789ab',
        FromUserName: customer.openId,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'text',
        Content: 'x',
        MsgId: 9_000_000_000_000_000_777n,
      },
      format: 'xml',
      mode: 'secure',
    });
    const forged = await system.callback(app.appId, {
      query: { ...push.query, msg_signature: 'b'.repeat(40) },
      body: push.body,
    });
    expect(forged.status).toBe(401);
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = String(randomBytes(4).readUInt32BE());
    const handshake = await fetch(
      `${system.runtime.httpUrl}/wechat/${app.appId}?${new URLSearchParams({
        signature: computeSignature(app.token, timestamp, nonce),
        timestamp,
        nonce,
        echostr: '424242',
      })}`,
    );
    expect(await handshake.text()).toBe('424242');

    // Sign-in with a wrong and the right password, a refresh, the AppSecret test, sign-out.
    expect((await system.login(agent.username, `${agent.password}-wrong`)).status).toBe(401);
    const signedIn = (await (await system.login(agent.username, agent.password)).json()) as { token: string };
    const refreshed = await system.request<{ token: string }>(
      signedIn.token,
      'POST',
      '/api/auth/refresh',
      {},
    );
    expect(refreshed.status).toBe(200);
    const credentials = await system.request(
      agent.token,
      'POST',
      `/api/admin/apps/${app.appId}/test-credentials`,
    );
    expect(credentials.status).toBe(200);
    expect((await system.request(signedIn.token, 'POST', '/api/auth/logout', {})).status).toBe(200);

    const accessToken = (await accessTokenStore.read(app.appId))?.accessToken;
    if (!accessToken) throw new Error('the platform should hold an access token by now');
    const secrets = {
      token: app.token,
      encodingAesKey: app.encodingAesKey,
      appSecret: stored.secret,
      accessToken,
      jwtSigningKey,
      password: agent.password,
      agentJwt: agent.token,
      refreshedJwt: refreshed.body.token,
    };

    // The capture saw the workflows (the refused send is logged, with its errcode), at DEBUG.
    const everything = lines.join('\n');
    expect(everything).toMatch(/ERROR \S+ send to WeChat failed .*errcode=40164/);
    expect(everything).toContain('callback rejected');
    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(8);
      expect(everything.includes(secret), `${name} appears in the logs`).toBe(false);
    }
  });
});
