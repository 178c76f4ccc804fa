import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../shared/domain/audit.ts';
import type { FloorView } from '../../../shared/domain/floor.ts';
import type { AdministeredApp, QueueView } from '../../../shared/domain/queue-view.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * A queue's response-time targets (SLA) on the local runtime: an admin saves them with the queue's
 * other settings (audited like them), bad targets are refused with a sentence and change nothing, an
 * agent cannot set them, the queue's agents read them with their queues (nothing of another
 * workspace's), and supervisors on the floor with each queue, beside whether each conversation was
 * answered.
 */

let system: TestSystem;
let app: TestApp;
let owner: TestAgent;
let admin: TestAgent;
let agent: TestAgent;
let stranger: TestAgent;

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ format: 'json', workspaceId: 'sla-shop' });
  owner = await system.addAgent([app.appId], { role: 'owner' });
  admin = await system.addAgent([app.appId], { role: 'admin' });
  agent = await system.addAgent([app.appId]);
  const elsewhere = await system.addApp({ format: 'json', workspaceId: 'sla-elsewhere' });
  stranger = await system.addAgent([elsewhere.appId]);
});

afterAll(async () => {
  await system?.stop();
});

interface ErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

const targets = { firstResponseMinutes: 1, nextResponseMinutes: 15 };

const myQueues = async (token: string) => {
  const answer = await system.request<{ queues: QueueView[] }>(token, 'GET', '/api/queues');
  expect(answer.status).toBe(200);
  return answer.body.queues;
};

describe('response-time targets per queue', () => {
  it('are saved by an admin with the queue’s settings and on the audit trail', async () => {
    const saved = await system.request<{ queue: { responseTargets?: unknown } }>(
      admin.token,
      'PUT',
      `/api/admin/queues/${app.appId}/default`,
      { responseTargets: targets },
    );
    expect(saved).toMatchObject({ status: 200, body: { queue: { responseTargets: targets } } });
    const overview = await system.request<{ apps: AdministeredApp[] }>(
      admin.token,
      'GET',
      '/api/admin/queues',
    );
    expect(overview.body.apps[0]?.queues.find((queue) => queue.queueId === 'default')).toMatchObject({
      responseTargets: targets,
      inactivityMinutes: 30,
    });

    const audit = await system.request<{ events: AuditEvent[] }>(
      owner.token,
      'GET',
      '/api/admin/audit?kind=queue.changed',
    );
    expect(audit.status).toBe(200);
    expect(audit.body.events[0]).toMatchObject({
      kind: 'queue.changed',
      target: { type: 'queue', id: `${app.appId}/default` },
      changes: { responseTargets: { to: targets } },
    });
  });

  it('are given to the queue’s agents with their queues, and to nobody of another workspace', async () => {
    const [mine] = (await myQueues(agent.token)).filter((queue) => queue.appId === app.appId);
    expect(mine).toMatchObject({ queueId: 'default', responseTargets: targets });
    const theirs = await myQueues(stranger.token);
    expect(theirs.map((queue) => queue.appId)).not.toContain(app.appId);
    expect(theirs.some((queue) => queue.responseTargets !== undefined)).toBe(false);
  });

  it('refuses bad targets with a sentence, and changes nothing', async () => {
    const before = await system.countItems();
    const bad: unknown[] = [
      { firstResponseMinutes: 0 },
      { firstResponseMinutes: 2.5 },
      { nextResponseMinutes: 1441 },
      { nextResponseMinutes: '10' },
      { firstResponseMinutes: null },
      { withinMinutes: 5 },
    ];
    for (const responseTargets of bad) {
      const answer = await system.request<ErrorBody>(
        admin.token,
        'PUT',
        `/api/admin/queues/${app.appId}/default`,
        { responseTargets },
      );
      const told = JSON.stringify(responseTargets);
      expect(answer.status, told).toBe(400);
      const [issue] = answer.body.error.details ?? [];
      expect(issue?.path, told).toMatch(/^responseTargets/);
      if (!('withinMinutes' in (responseTargets as object))) {
        expect(issue?.message, told).toMatch(
          /^the (first|next)-response target is a whole number of minutes from 1 to 1440$/,
        );
      }
    }
    expect(await system.countItems()).toBe(before);
    const [mine] = await myQueues(agent.token);
    expect(mine?.responseTargets).toEqual(targets);
  });

  it('cannot be set by an agent', async () => {
    const before = await system.countItems();
    const refused = await system.request<ErrorBody>(
      agent.token,
      'PUT',
      `/api/admin/queues/${app.appId}/default`,
      {
        responseTargets: { firstResponseMinutes: 600 },
      },
    );
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await system.countItems()).toBe(before);
    expect((await myQueues(agent.token))[0]?.responseTargets).toEqual(targets);
  });

  it('are on the floor with each queue, beside whether each conversation was answered', async () => {
    const customer = system.simulator.customer(app.appId);
    await customer.say('请问什么时候发货？');
    const floorOf = () => system.request<{ floor: FloorView }>(admin.token, 'GET', '/api/floor');
    const seen = await eventually(async () => {
      const { body } = await floorOf();
      const conversation = body.floor.conversations.find((row) => row.openId === customer.openId);
      if (!conversation) throw new Error('the conversation is not on the floor yet');
      return { floor: body.floor, conversation };
    });
    expect(seen.floor.queues.find((queue) => queue.queueId === 'default')?.responseTargets).toEqual(targets);
    expect(seen.conversation).toMatchObject({ answered: false, unansweredMs: expect.any(Number) });
  });

  it('are removed with an empty set', async () => {
    const cleared = await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/default`, {
      responseTargets: {},
    });
    expect(cleared.status).toBe(200);
    const [mine] = await myQueues(agent.token);
    expect(mine?.responseTargets ?? {}).toEqual({});
  });
});
