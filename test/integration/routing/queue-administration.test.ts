import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { AdministeredApp } from '../../../shared/domain/queue-view.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getApp } from '../../../shared/store/apps-repository.ts';
import { getQueue } from '../../../shared/store/queues-repository.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * Admins set up queues from the console: settings and members, checked like the admin CLI, and in
 * effect for the next customer.
 */

let system: TestSystem;
let app: TestApp;
let admin: TestAgent;
let agent: TestAgent;

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ format: 'json', workspaceId: 'shopco' });
  admin = await system.addAgent([app.appId], { role: 'admin' });
  agent = await system.addAgent([app.appId], { capacity: 2 });
});

afterAll(async () => {
  await system?.stop();
});

interface ErrorBody {
  error: { code: string; message: string };
}

const vip = {
  name: 'VIP',
  sessionFromRules: [{ match: 'prefix', pattern: 'vip:' }],
  businessHours: {
    timeZone: 'Asia/Shanghai',
    windows: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }],
  },
  autoReplies: { welcome: '尊敬的会员，您好！', keywords: [], humanKeywords: ['人工'] },
  inactivityMinutes: 15,
};

describe('queue administration over HTTP', () => {
  it('is for admins only, and a refusal changes nothing', async () => {
    const before = await system.countItems();
    const listed = await system.request<ErrorBody>(agent.token, 'GET', '/api/admin/queues');
    expect(listed.status).toBe(403);
    const changed = await system.request<ErrorBody>(
      agent.token,
      'PUT',
      `/api/admin/queues/${app.appId}/vip`,
      vip,
    );
    expect(changed).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    // Who asks is checked before what they sent.
    const garbled = await system.request<ErrorBody>(
      agent.token,
      'PUT',
      `/api/admin/queues/${app.appId}/vip`,
      {
        colour: 'red',
      },
    );
    expect(garbled.status).toBe(403);
    expect(await system.countItems()).toBe(before);
  });

  it('creates a queue with its rules, hours and replies, shown in the workspace overview', async () => {
    const created = await system.request<{ queue: { queueId: string } }>(
      admin.token,
      'PUT',
      `/api/admin/queues/${app.appId}/vip`,
      vip,
    );
    expect(created.status).toBe(200);
    const overview = await system.request<{ apps: AdministeredApp[] }>(
      admin.token,
      'GET',
      '/api/admin/queues',
    );
    expect(overview.status).toBe(200);
    expect(overview.body.apps.map((listedApp) => listedApp.appId)).toEqual([app.appId]);
    const [listedApp] = overview.body.apps;
    expect(listedApp?.queues.map((queue) => queue.queueId)).toEqual(['default', 'vip']);
    expect(listedApp?.queues[1]).toMatchObject({ ...vip, memberIds: [] });
    expect(listedApp?.agents.map((listedAgent) => listedAgent.agentId).sort()).toEqual(
      [admin.agentId, agent.agentId].sort(),
    );

    // A later change names only what changes.
    const renamed = await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/vip`, {
      name: 'VIP members',
      businessHours: null,
    });
    expect(renamed.status).toBe(200);
    const registered = await getApp(app.appId);
    if (!registered) throw new Error('the app is registered');
    const stored = await getQueue(registered, 'vip');
    expect(stored).toMatchObject({ name: 'VIP members', inactivityMinutes: 15 });
    expect(stored?.businessHours).toBeUndefined();
    expect(stored?.autoReplies.welcome).toBe('尊敬的会员，您好！');
  });

  it('explains bad settings, unknown apps and strangers, and changes nothing', async () => {
    const other = await system.addApp({ workspaceId: 'elsewhere' });
    const before = await system.countItems();
    const cases: [string, unknown, number, string][] = [
      [
        `/api/admin/queues/${app.appId}/vip`,
        { sessionFromRules: [{ match: 'regex', pattern: '([' }] },
        400,
        'not a valid regular expression',
      ],
      [
        `/api/admin/queues/${app.appId}/vip`,
        { autoReplies: { keywords: [{ match: 'regex', pattern: '(?<=退)款', reply: 'r' }] } },
        400,
        'lookahead and lookbehind ((?=…), (?!…), (?<=…), (?<!…)) are not supported',
      ],
      [`/api/admin/queues/${app.appId}/vip`, { inactivityMinutes: 0 }, 400, 'inactivityMinutes'],
      [`/api/admin/queues/${app.appId}/vip`, { colour: 'red' }, 400, 'colour'],
      [`/api/admin/queues/${app.appId}/Not%20An%20Id`, { name: 'x' }, 400, 'queue id is lowercase'],
      [
        `/api/admin/queues/${app.appId}/default`,
        { sessionFromRules: [{ match: 'exact', pattern: 'x' }] },
        400,
        'the default queue',
      ],
      [`/api/admin/queues/${other.appId}/vip`, { name: 'x' }, 404, `no such app: ${other.appId}`],
      [`/api/admin/queues/${app.appId}/vip/members`, { agentIds: ['someone-else'] }, 400, 'not agents of'],
      [`/api/admin/queues/${app.appId}/nope/members`, { agentIds: [] }, 404, 'no queue nope'],
    ];
    for (const [path, body, status, complaint] of cases) {
      const answer = await system.request<ErrorBody>(admin.token, 'PUT', path, body);
      expect(answer.status, path).toBe(status);
      expect(JSON.stringify(answer.body), path).toContain(complaint);
    }
    expect(await system.countItems()).toBe(before);
  });

  it('routes the next customer by the new rule, and a new member takes the waiting ones at once', async () => {
    const socket = await system.connect(agent.token);
    const member = await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/vip/members`, {
      agentIds: [],
    });
    expect(member.status).toBe(200);
    const customer = system.simulator.customer(app.appId);
    await customer.enterSession('vip:gold');
    // Nobody works in the VIP queue yet: the welcome and the news that the message is kept.
    expect((await customer.nextReceived()).text).toContain('尊敬的会员，您好！');

    const added = await system.request<{ memberIds: string[]; assigned: number }>(
      admin.token,
      'PUT',
      `/api/admin/queues/${app.appId}/vip/members`,
      { agentIds: [agent.agentId] },
    );
    expect(added).toMatchObject({ status: 200, body: { memberIds: [agent.agentId], assigned: 1 } });
    const assigned = await socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        frame.type === 'conversation.updated' &&
        frame.conversation.openId === customer.openId &&
        frame.conversation.state === 'active',
    );
    expect(assigned.conversation).toMatchObject<Partial<Conversation>>({
      queueId: 'vip',
      assigneeId: agent.agentId,
    });
    await socket.close();
  });
});
