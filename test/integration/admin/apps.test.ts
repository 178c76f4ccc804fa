import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { platformApps } from '../../../infra/local/simulated-apps.ts';
import type { AgentListing, CredentialsTest, ManagedApp } from '../../../shared/domain/admin-view.ts';
import { getApp } from '../../../shared/store/apps-repository.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import {
  randomAlphanumeric,
  randomAppId,
  startSystem,
  type TestAgent,
  type TestSystem,
} from '../../support/system.ts';

/**
 * Owners manage the workspace's WeChat apps over HTTP: secrets are write-only, every answer gives the
 * exact callback URL, a disabled app takes no callbacks and sends nothing, an app with open
 * conversations is not removed, and credentials are tested against (simulated) WeChat.
 */

let system: TestSystem;
let owner: TestAgent;
let admin: TestAgent;

interface ErrorBody {
  error: { code: string; message: string };
}

beforeAll(async () => {
  system = await startSystem();
  const first = await system.addApp({ workspaceId: 'appco' });
  owner = await system.addAgent([first.appId], { role: 'owner' });
  admin = await system.addAgent([first.appId], { role: 'admin' });
});

afterAll(async () => {
  await system?.stop();
});

function newApp(overrides: Record<string, unknown> = {}) {
  return {
    appId: randomAppId(),
    type: 'miniprogram',
    format: 'json',
    name: 'Shop',
    token: randomAlphanumeric(16),
    encodingAesKey: randomAlphanumeric(43),
    secret: randomAlphanumeric(32),
    ...overrides,
  };
}

async function addApp(overrides: Record<string, unknown> = {}) {
  const app = newApp(overrides);
  const added = await system.request<{ app: ManagedApp }>(owner.token, 'POST', '/api/admin/apps', app);
  expect(added.status).toBe(201);
  return { ...app, managed: added.body.app };
}

/** The number of stored items once the stream consumer has settled (earlier tests' work done). */
async function settledCount(): Promise<number> {
  let last = await system.countItems();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const now = await system.countItems();
    if (now === last) return now;
    last = now;
  }
}

/** The app as WeChat knows it, with the given real secret and settings (WeChat's side of the truth). */
async function knownToWeChat(appId: string, overrides: Record<string, unknown>) {
  const simulated = await platformApps(() => system.runtime.httpUrl)(appId);
  if (!simulated) throw new Error(`no app ${appId}`);
  system.simulator.addApp({ ...simulated, ...overrides });
}

describe('adding an app', () => {
  it('is for owners only, who is asking being checked first', async () => {
    const before = await settledCount();
    for (const body of [newApp(), { colour: 'red' }]) {
      const refused = await system.request<ErrorBody>(admin.token, 'POST', '/api/admin/apps', body);
      expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    }
    expect((await system.request(admin.token, 'GET', '/api/admin/apps')).status).toBe(403);
    const invalid = await system.request<ErrorBody>(
      owner.token,
      'POST',
      '/api/admin/apps',
      newApp({ type: 'official-account', format: 'json' }),
    );
    expect(invalid.status).toBe(400);
    expect(JSON.stringify(invalid.body)).toContain('Official Accounts only push XML');
    expect(await system.countItems()).toBe(before);
  });

  it('gives the exact callback URL and never gives back a secret', async () => {
    const app = newApp();
    const added = await system.request<{ app: ManagedApp }>(owner.token, 'POST', '/api/admin/apps', app);
    expect(added.status).toBe(201);
    expect(added.body.app).toMatchObject({
      appId: app.appId,
      workspaceId: 'appco',
      name: 'Shop',
      type: 'miniprogram',
      format: 'json',
      encrypted: true,
      secretSet: true,
      tokenSet: true,
      encodingAesKeySet: true,
      disabled: false,
      callbackUrl: `${system.runtime.httpUrl}/wechat/${app.appId}`,
    });
    const listed = await system.request<{ apps: ManagedApp[] }>(owner.token, 'GET', '/api/admin/apps');
    expect(listed.body.apps.find((each) => each.appId === app.appId)?.callbackUrl).toBe(
      added.body.app.callbackUrl,
    );
    for (const secret of [app.secret, app.token, app.encodingAesKey]) {
      expect(JSON.stringify(added.body) + JSON.stringify(listed.body)).not.toContain(secret);
    }
    // WeChat pushes to that URL, and the push is taken.
    const delivery = await system.simulator.customer(app.appId).say('你好');
    expect(delivery.acknowledged).toBe(true);
    expect((await system.request(owner.token, 'POST', '/api/admin/apps', app)).status).toBe(409);
  });
});

describe('editing an app', () => {
  it('changes write-only settings without showing them, and keeps the app its workspace’s', async () => {
    const app = await addApp();
    const secret = randomAlphanumeric(32);
    const changed = await system.request<{ app: ManagedApp }>(
      owner.token,
      'PATCH',
      `/api/admin/apps/${app.appId}`,
      {
        name: 'Shop (renamed)',
        secret,
        encodingAesKey: null,
      },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.app).toMatchObject({
      name: 'Shop (renamed)',
      encrypted: false,
      encodingAesKeySet: false,
      secretSet: true,
      callbackUrl: `${system.runtime.httpUrl}/wechat/${app.appId}`,
    });
    expect(JSON.stringify(changed.body)).not.toContain(secret);
    const stored = await getApp(app.appId);
    expect(stored).toMatchObject({ secret, name: 'Shop (renamed)' });
    expect(stored?.encodingAesKey).toBeUndefined();

    const elsewhere = await system.addApp({ workspaceId: 'elsewhere' });
    const cases: [string, unknown, number][] = [
      [`/api/admin/apps/${app.appId}`, { type: 'official-account' }, 400],
      [`/api/admin/apps/${app.appId}`, { secret: 'short' }, 400],
      [`/api/admin/apps/${app.appId}`, { workspaceId: 'elsewhere' }, 400],
      [`/api/admin/apps/${elsewhere.appId}`, { name: 'mine now' }, 404],
      ['/api/admin/apps/not-an-app', { name: 'x' }, 400],
    ];
    for (const [path, body, status] of cases) {
      expect((await system.request(owner.token, 'PATCH', path, body)).status, JSON.stringify(body)).toBe(
        status,
      );
    }
  });
});

describe("an app's menu keys", () => {
  it('are set whole, shown to the owner, and refused with a sentence when malformed', async () => {
    const app = await addApp();
    const menuKeys = [
      { key: 'CONTACT_KF', action: 'contact' },
      { key: 'HOURS', action: 'reply', reply: '每天 9:00–18:00' },
    ];
    const set = await system.request<{ app: ManagedApp }>(
      owner.token,
      'PATCH',
      `/api/admin/apps/${app.appId}`,
      {
        menuKeys,
      },
    );
    expect(set.status).toBe(200);
    expect(set.body.app.menuKeys).toEqual(menuKeys);
    expect((await getApp(app.appId))?.menuKeys).toEqual(menuKeys);

    for (const [body, sentence] of [
      [{ menuKeys: [{ key: 'HOURS', action: 'reply' }] }, 'a reply key needs its reply text'],
      [
        {
          menuKeys: [
            { key: 'A', action: 'contact' },
            { key: 'A', action: 'contact' },
          ],
        },
        'each key at most once',
      ],
      [{ menuKeys: [{ key: 'x'.repeat(129), action: 'contact' }] }, 'at most 128 bytes'],
      [{ menuKeys: [{ key: 'A', action: 'transfer' }] }, 'menuKeys'],
    ] as const) {
      const refused = await system.request<{ error: { details: { path: string; message: string }[] } }>(
        owner.token,
        'PATCH',
        `/api/admin/apps/${app.appId}`,
        body,
      );
      expect(refused.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(refused.body.error.details)).toContain(sentence);
    }
    expect((await getApp(app.appId))?.menuKeys).toEqual(menuKeys);

    const cleared = await system.request<{ app: ManagedApp }>(
      owner.token,
      'PATCH',
      `/api/admin/apps/${app.appId}`,
      {
        menuKeys: [],
      },
    );
    expect(cleared.body.app.menuKeys).toEqual([]);
    expect((await getApp(app.appId))?.menuKeys).toBeUndefined();
  });
});

describe("an app's machine transcripts", () => {
  it('are off until an owner turns them on for an Official Account, and refused for a Mini Program', async () => {
    const account = await addApp({ type: 'official-account', format: 'xml' });
    const path = `/api/admin/apps/${account.appId}`;
    expect((await getApp(account.appId))?.machineTranscripts).toBeUndefined();
    const on = await system.request<{ app: ManagedApp }>(owner.token, 'PATCH', path, {
      machineTranscripts: true,
    });
    expect(on.status).toBe(200);
    expect(on.body.app.machineTranscripts).toBe(true);
    expect((await getApp(account.appId))?.machineTranscripts).toBe(true);
    const off = await system.request<{ app: ManagedApp }>(owner.token, 'PATCH', path, {
      machineTranscripts: false,
    });
    expect(off.body.app.machineTranscripts).toBe(false);
    expect((await getApp(account.appId))?.machineTranscripts).toBeUndefined();

    const miniProgram = await addApp({ type: 'miniprogram', format: 'json' });
    const refused = await system.request<{ error: { message: string } }>(
      owner.token,
      'PATCH',
      `/api/admin/apps/${miniProgram.appId}`,
      { machineTranscripts: true },
    );
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toContain('only an Official Account receives voice messages');
    expect((await getApp(miniProgram.appId))?.machineTranscripts).toBeUndefined();
    const agentTried = await system.request(admin.token, 'PATCH', path, { machineTranscripts: true });
    expect(agentTried.status).toBe(403);
  });
});

describe('disabling an app', () => {
  it('answers its callbacks 404 without storing anything, until it is enabled again', async () => {
    const app = await addApp();
    const disabled = await system.request<{ app: ManagedApp }>(
      owner.token,
      'POST',
      `/api/admin/apps/${app.appId}/disable`,
    );
    expect(disabled.body.app.disabled).toBe(true);
    const before = await settledCount();
    const customer = system.simulator.customer(app.appId);
    const refused = await customer.say('有人吗');
    expect(refused.acknowledged).toBe(false);
    expect(refused.attempts.every((attempt) => attempt.status === 404)).toBe(true);
    expect(await system.countItems()).toBe(before);

    await system.request(owner.token, 'POST', `/api/admin/apps/${app.appId}/enable`);
    expect((await customer.say('有人吗')).acknowledged).toBe(true);
  });

  it('refuses agents’ sends with a sentence', async () => {
    const app = await addApp();
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    await system.simulator.customer(app.appId).say('请问');
    const { conversation } = await socket.next(isMessageCreated);
    const send = () =>
      system.request<ErrorBody>(
        agent.token,
        'POST',
        `/api/conversations/${conversation.conversationId}/messages`,
        {
          clientMessageId: randomUUID(),
          content: { type: 'text', text: '您好' },
        },
      );
    await system.request(owner.token, 'POST', `/api/admin/apps/${app.appId}/disable`);
    const refused = await send();
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'app_disabled' });
    expect(refused.body.error.message).toContain('disabled');
    await system.request(owner.token, 'POST', `/api/admin/apps/${app.appId}/enable`);
    expect((await send()).status).toBe(201);
    await socket.close();
  });
});

describe('removing an app', () => {
  it('is refused while it has open conversations; then its queues and memberships go', async () => {
    const app = await addApp();
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    await system.simulator.customer(app.appId).say('在吗');
    const { conversation } = await socket.next(isMessageCreated);

    const refused = await system.request<ErrorBody>(owner.token, 'DELETE', `/api/admin/apps/${app.appId}`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toContain('1 open conversation');

    await system.request(agent.token, 'POST', `/api/conversations/${conversation.conversationId}/close`);
    const removed = await system.request<{ removed: string; note: string }>(
      owner.token,
      'DELETE',
      `/api/admin/apps/${app.appId}`,
    );
    expect(removed.status).toBe(200);
    expect(removed.body.note).toContain('history');
    expect(await getApp(app.appId)).toBeUndefined();
    const { body } = await system.request<{ agents: AgentListing[] }>(
      owner.token,
      'GET',
      '/api/admin/agents',
    );
    expect(body.agents.find((each) => each.agentId === agent.agentId)).toMatchObject({
      appIds: [],
      queues: [],
    });
    const apps = await system.request<{ apps: ManagedApp[] }>(owner.token, 'GET', '/api/admin/apps');
    expect(apps.body.apps.some((each) => each.appId === app.appId)).toBe(false);
    // The closed conversation stays in the history.
    expect(
      (await system.request(owner.token, 'GET', `/api/conversations/${conversation.conversationId}/messages`))
        .status,
    ).toBe(200);
    expect((await system.request(owner.token, 'DELETE', `/api/admin/apps/${app.appId}`)).status).toBe(404);
    await socket.close();
  });
});

describe('testing an app’s credentials', () => {
  const test = (appId: string) =>
    system.request<CredentialsTest>(owner.token, 'POST', `/api/admin/apps/${appId}/test-credentials`);

  it('says WeChat took the AppID and AppSecret, and why not when it did not', async () => {
    const app = await addApp();
    await knownToWeChat(app.appId, { secret: app.secret });
    const right = await test(app.appId);
    expect(right).toMatchObject({ status: 200, body: { ok: true } });
    const calls = system.simulator.calls('stable_token');
    // A fresh token each time, never the one kept from before.
    expect((await test(app.appId)).body.ok).toBe(true);
    expect(system.simulator.calls('stable_token')).toBe(calls + 1);

    // The owner mistypes the secret: WeChat's own answer to a wrong secret, in words.
    await system.request(owner.token, 'PATCH', `/api/admin/apps/${app.appId}`, {
      secret: randomAlphanumeric(32),
    });
    const wrongSecret = await test(app.appId);
    expect(wrongSecret.body).toMatchObject({ ok: false, errcode: 40125 });
    expect(wrongSecret.body.sentence).toContain('AppSecret');

    await system.request(owner.token, 'PATCH', `/api/admin/apps/${app.appId}`, { secret: app.secret });
    await knownToWeChat(app.appId, { secret: app.secret, ipWhitelist: ['203.0.113.7'] });
    const whitelist = await test(app.appId);
    expect(whitelist.body).toMatchObject({ ok: false, errcode: 40164, ip: '127.0.0.1' });
    expect(whitelist.body.sentence).toContain('127.0.0.1');
    expect(whitelist.body.sentence).toContain('whitelist');

    await knownToWeChat(app.appId, { secret: app.secret, secretFrozen: true });
    const frozen = await test(app.appId);
    expect(frozen.body).toMatchObject({ ok: false, errcode: 40243 });
    expect(frozen.body.sentence).toContain('frozen');

    system.simulator.forgetApp(app.appId);
    const unknown = await test(app.appId);
    expect(unknown.body).toMatchObject({ ok: false, errcode: 40013 });
    expect(unknown.body.sentence).toContain(app.appId);

    expect(
      (await system.request(admin.token, 'POST', `/api/admin/apps/${app.appId}/test-credentials`)).status,
    ).toBe(403);
  });
});
