import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AgentListing } from '../../../shared/domain/admin-view.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { QueueView } from '../../../shared/domain/queue-view.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * Deleting a queue: its waiting customers join the default queue in the order they arrived (among
 * those already waiting there), its members leave it, and later customers it would have claimed go to
 * the default queue. The default queue itself cannot be deleted.
 */

let system: TestSystem;
let app: TestApp;
let admin: TestAgent;

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ format: 'json', workspaceId: 'queueco' });
  // Members who are not at a console: customers wait in line.
  admin = await system.addAgent([app.appId], { role: 'admin' });
});

afterAll(async () => {
  await system?.stop();
});

async function line(queueId: string): Promise<string[]> {
  const { body } = await system.request<{ queues: QueueView[] }>(admin.token, 'GET', '/api/queues');
  const queue = body.queues.find((each) => each.appId === app.appId && each.queueId === queueId);
  return (queue?.waiting ?? []).map((waiting) => waiting.conversation.openId);
}

describe('deleting a queue', () => {
  it('moves its line to the default queue in arrival order and removes its members', async () => {
    const created = await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/shop-9`, {
      name: 'Shop 9',
      sessionFromRules: [{ match: 'prefix', pattern: 'shop:9' }],
    });
    expect(created.status).toBe(200);
    const merchant = await system.addAgent([app.appId], { queueIds: ['shop-9'] });

    // Arrivals, alternating between the two lines: a (default), b (shop-9), c (default), d (shop-9).
    const [a, b, c, d] = [0, 1, 2, 3].map(() => system.simulator.customer(app.appId));
    if (!a || !b || !c || !d) throw new Error('four customers');
    await a.say('我先来的');
    await b.enterSession('shop:9:order-1');
    await c.say('我第三');
    await d.enterSession('shop:9:order-2');
    expect(await line('default')).toEqual([a.openId, c.openId]);
    expect(await line('shop-9')).toEqual([b.openId, d.openId]);

    const deleted = await system.request<{ deleted: string; moved: number; membersRemoved: number }>(
      admin.token,
      'DELETE',
      `/api/admin/queues/${app.appId}/shop-9`,
    );
    expect(deleted).toMatchObject({ status: 200, body: { deleted: 'shop-9', moved: 2, membersRemoved: 1 } });
    expect(await line('default')).toEqual([a.openId, b.openId, c.openId, d.openId]);

    const { body } = await system.request<{ agents: AgentListing[] }>(
      admin.token,
      'GET',
      '/api/admin/agents',
    );
    expect(body.agents.find((agent) => agent.agentId === merchant.agentId)?.queues).toEqual([]);
    const overview = await system.request<{ queues: QueueView[] }>(admin.token, 'GET', '/api/queues');
    expect(overview.body.queues.map((queue) => queue.queueId)).toEqual(['default']);

    // The move is in the conversation's history, by the admin who deleted the queue.
    const bConversation = overview.body.queues[0]?.waiting.find(
      (waiting) => waiting.conversation.openId === b.openId,
    );
    const history = await system.request<{ messages: Message[] }>(
      admin.token,
      'GET',
      `/api/conversations/${bConversation?.conversation.conversationId}/messages`,
    );
    expect(history.body.messages.at(-1)).toMatchObject({
      authorId: admin.agentId,
      content: {
        type: 'event',
        event: 'conversation_transferred',
        detail: { fromQueue: 'shop-9', toQueue: 'default' },
      },
    });

    // A customer the deleted queue would have claimed now goes to the default queue.
    const e = system.simulator.customer(app.appId);
    await e.enterSession('shop:9:order-3');
    expect(await line('default')).toEqual([a.openId, b.openId, c.openId, d.openId, e.openId]);
  });

  it('refuses the default queue, unknown queues, other workspaces and agents', async () => {
    const elsewhere = await system.addApp({ workspaceId: 'elsewhere' });
    const agent = await system.addAgent([app.appId]);
    const cases: [string, string, number][] = [
      [admin.token, `/api/admin/queues/${app.appId}/default`, 400],
      [admin.token, `/api/admin/queues/${app.appId}/nope`, 404],
      [admin.token, `/api/admin/queues/${elsewhere.appId}/nope`, 404],
      [agent.token, `/api/admin/queues/${app.appId}/nope`, 403],
    ];
    for (const [token, path, status] of cases) {
      expect((await system.request(token, 'DELETE', path)).status, path).toBe(status);
    }
  });
});
