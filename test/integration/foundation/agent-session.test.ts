import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import { connectAgentSocket, isMessageCreated } from '../../support/agent-socket.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestApp, type TestSystem } from '../../support/system.ts';

let system: TestSystem;
let app: TestApp;

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ format: 'json' });
});

afterAll(async () => {
  await system?.stop();
});

function customerSays(app: TestApp, openId: string, text: string) {
  const fields = {
    ToUserName: 'gh_0123456789ab',
    FromUserName: openId,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: text,
    MsgId: BigInt(`0x${randomBytes(7).toString('hex')}`),
  };
  return system.callback(app.appId, buildCallback(app, { fields, format: 'json', mode: 'secure' }));
}

describe('login', () => {
  it('issues a token for the right password and hides the password hash', async () => {
    const agent = await system.addAgent([app.appId]);
    const response = await system.login(agent.username, agent.password);
    expect(response.status).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      agent: { agentId: agent.agentId, username: agent.username, appIds: [app.appId] },
    });
    expect(JSON.stringify(body)).not.toContain('scrypt');
    const me = await system.api('/api/me', String(body.token));
    expect(await me.json()).toMatchObject({ agent: { agentId: agent.agentId } });
  });

  it("describes the apps the agent serves, with an Official Account's linked Mini Programs and nothing secret", async () => {
    const officialAccount = await system.addApp({
      type: 'official-account',
      format: 'xml',
      linkedMiniPrograms: ['wx11aa22bb33cc44dd'],
    });
    const unserved = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId, officialAccount.appId]);
    const me = (await (await system.api('/api/me', agent.token)).json()) as { apps: { appId: string }[] };
    expect(me.apps).toEqual(
      expect.arrayContaining([
        { appId: app.appId, name: expect.any(String), type: 'miniprogram', linkedMiniPrograms: [] },
        {
          appId: officialAccount.appId,
          name: expect.any(String),
          type: 'official-account',
          linkedMiniPrograms: ['wx11aa22bb33cc44dd'],
        },
      ]),
    );
    expect(me.apps).toHaveLength(2);
    expect(JSON.stringify(me)).not.toContain(unserved.appId);
    for (const secret of [app.token, officialAccount.token, officialAccount.encodingAesKey ?? app.token]) {
      expect(JSON.stringify(me)).not.toContain(secret);
    }
  });

  it('refuses a wrong password, an unknown user and a malformed body', async () => {
    const agent = await system.addAgent([app.appId]);
    expect((await system.login(agent.username, `${agent.password}x`)).status).toBe(401);
    expect((await system.login('nobody-here', 'whatever1')).status).toBe(401);
    const malformed = await fetch(`${system.runtime.httpUrl}/api/auth/login`, {
      method: 'POST',
      body: '{"username":',
    });
    expect(malformed.status).toBe(400);
    const missing = await fetch(`${system.runtime.httpUrl}/api/auth/login`, { method: 'POST', body: '{}' });
    expect(missing.status).toBe(400);
  });

  it('refuses API calls without a valid token', async () => {
    expect((await fetch(`${system.runtime.httpUrl}/api/conversations`)).status).toBe(401);
    expect((await system.api('/api/conversations', 'forged.token.value')).status).toBe(401);
  });
});

describe('agent socket', () => {
  it('answers ping with pong and records the connection while it is open', async () => {
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    socket.send({ action: 'ping' });
    const pong = await socket.next(
      (frame): frame is Extract<typeof frame, { type: 'pong' }> => frame.type === 'pong',
    );
    expect(pong.at).toBeGreaterThan(0);
    await socket.close();
  });

  it('refuses a forged, an expired or a missing token at $connect', async () => {
    await expect(connectAgentSocket(system.runtime.webSocketUrl, 'not-a-token')).rejects.toThrow('HTTP 401');
    const expired = await new SignJWT({ ws: 'test', usr: 'late' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('someone')
      .setIssuer('wechat-cs')
      .setAudience('wechat-cs-console')
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(new TextEncoder().encode(process.env.JWT_SECRET));
    await expect(connectAgentSocket(system.runtime.webSocketUrl, expired)).rejects.toThrow('HTTP 401');
    await expect(connectAgentSocket(`${system.runtime.webSocketUrl}`, '')).rejects.toThrow('HTTP 401');
  });

  it('forgets a dead connection when pushing to it answers 410, and still delivers to the live one', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const live = await system.connect(agent.token);
    const deadConnectionId = `dead-${randomBytes(6).toString('hex')}`;
    const connectionsTable = system.runtime.tableNames.connections;
    // A row whose socket vanished without $disconnect, as happens when a laptop sleeps.
    await dynamo().send(
      new PutCommand({
        TableName: connectionsTable,
        Item: {
          connectionId: deadConnectionId,
          agentId: agent.agentId,
          workspaceId: app.workspaceId,
          connectedAt: Date.now() - 60_000,
          expiresAt: Math.floor(Date.now() / 1000) + 3600,
        },
      }),
    );
    await expect(
      customerSays(app, `o-${randomBytes(8).toString('hex')}`, 'anyone there?'),
    ).resolves.toHaveProperty('status', 200);
    const frame = await live.next(isMessageCreated);
    expect(frame.message.content).toEqual({ type: 'text', text: 'anyone there?' });
    // The live socket may get its frame a moment before the dispatcher has forgotten the dead one.
    await eventually(async () => {
      const { Item } = await dynamo().send(
        new GetCommand({
          TableName: connectionsTable,
          Key: { connectionId: deadConnectionId },
          ConsistentRead: true,
        }),
      );
      expect(Item).toBeUndefined();
    });
    await live.close();
  });

  it('lets a console that was away fetch what it missed over HTTP', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const openId = `o-${randomBytes(8).toString('hex')}`;
    const first = await system.connect(agent.token);
    await customerSays(app, openId, 'first');
    const seen = await first.next(isMessageCreated);
    first.terminate();

    // While the console is away: keep another socket of the agent so the conversation stays served.
    const second = await system.connect(agent.token);
    await customerSays(app, openId, 'missed 1');
    await customerSays(app, openId, 'missed 2');
    await second.next(isMessageCreated);
    await second.next(isMessageCreated);
    await second.close();

    const list = await system.api('/api/conversations', agent.token);
    const { conversations } = (await list.json()) as { conversations: Conversation[] };
    expect(conversations.map((conversation) => conversation.conversationId)).toContain(
      seen.message.conversationId,
    );
    const missed = await system.api(
      `/api/conversations/${seen.message.conversationId}/messages?after=${seen.message.messageId}`,
      agent.token,
    );
    const { messages } = (await missed.json()) as { messages: Message[] };
    expect(messages.map((message) => message.content)).toEqual([
      { type: 'text', text: 'missed 1' },
      { type: 'text', text: 'missed 2' },
    ]);
  });

  it('keeps a conversation from agents of another app', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const otherApp = await system.addApp({ workspaceId: 'test' });
    const outsider = await system.addAgent([otherApp.appId]);
    const socket = await system.connect(agent.token);
    await customerSays(app, `o-${randomBytes(8).toString('hex')}`, 'private');
    const frame = await socket.next(isMessageCreated);
    const response = await system.api(
      `/api/conversations/${frame.message.conversationId}/messages`,
      outsider.token,
    );
    expect(response.status).toBe(403);
    const badCursor = await system.api(
      `/api/conversations/${frame.message.conversationId}/messages?after=x`,
      agent.token,
    );
    expect(badCursor.status).toBe(400);
    await socket.close();
  });
});
