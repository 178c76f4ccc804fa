import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '../../../shared/domain/audit.ts';
import {
  maxQuickRepliesPerSet,
  type QuickReplyBook,
  type QuickReplyListing,
} from '../../../shared/domain/quick-reply.ts';
import { createQuickReply } from '../../../shared/store/quick-replies-repository.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * Quick replies over HTTP against the real store: who sees which set, who changes which, what the
 * boundary refuses (and with which status and code), the audit trail of the shared sets, and a queue's
 * replies going with the queue.
 */

let system: TestSystem;
let app: TestApp;
let owner: TestAgent;
let admin: TestAgent;
let shopAgent: TestAgent;
let deskAgent: TestAgent;
let stranger: TestAgent;

interface Answer {
  quickReply: QuickReplyListing;
}

const book = async (who: TestAgent) => {
  const answer = await system.request<QuickReplyBook>(who.token, 'GET', '/api/quick-replies');
  expect(answer.status).toBe(200);
  return answer.body;
};
const texts = async (who: TestAgent) => (await book(who)).quickReplies.map((reply) => reply.text).sort();
const add = (who: TestAgent, body: unknown) =>
  system.request<Answer & { error: { code: string; message: string } }>(
    who.token,
    'POST',
    '/api/quick-replies',
    body,
  );

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ workspaceId: 'quick' });
  const elsewhere = await system.addApp({ workspaceId: 'quick-elsewhere' });
  owner = await system.addAgent([app.appId], { role: 'owner' });
  admin = await system.addAgent([app.appId], { role: 'admin' });
  expect(
    (await system.request(owner.token, 'PUT', `/api/admin/queues/${app.appId}/shop-12`, {})).status,
  ).toBe(200);
  shopAgent = await system.addAgent([app.appId], { queueIds: ['shop-12'] });
  deskAgent = await system.addAgent([app.appId]);
  stranger = await system.addAgent([elsewhere.appId], { role: 'owner' });
});

afterAll(async () => {
  await system?.stop();
});

describe('quick replies', () => {
  it('lets each agent use the workspace’s, their queues’ and their own, and admins every queue’s', async () => {
    expect(
      (await add(admin, { scope: { kind: 'workspace' }, title: '问候', text: '您好，{客户}！' })).status,
    ).toBe(201);
    const shop = await add(owner, {
      scope: { kind: 'queue', appId: app.appId, queueId: 'shop-12' },
      title: '发货时间',
      text: '12 号店下单后 48 小时内发货。',
    });
    expect(shop.status).toBe(201);
    expect(shop.body.quickReply).toMatchObject({
      scope: { kind: 'queue', appId: app.appId, queueId: 'shop-12' },
      workspaceId: 'quick',
      editable: true,
    });
    expect(
      (
        await add(admin, {
          scope: { kind: 'queue', appId: app.appId, queueId: 'default' },
          text: '总台为您服务',
        })
      ).status,
    ).toBe(201);
    const mine = await add(shopAgent, {
      scope: { kind: 'personal' },
      title: '退换货',
      text: '请在订单页申请退换货。',
    });
    expect(mine.status).toBe(201);
    expect(mine.body.quickReply).toMatchObject({ scope: { kind: 'personal', agentId: shopAgent.agentId } });

    expect(await texts(shopAgent)).toEqual([
      '12 号店下单后 48 小时内发货。',
      '您好，{客户}！',
      '请在订单页申请退换货。',
    ]);
    expect(await texts(deskAgent)).toEqual(['总台为您服务', '您好，{客户}！']);
    // Admins use (and keep) every queue's set; nobody sees another agent's own replies.
    expect(await texts(admin)).toEqual(['12 号店下单后 48 小时内发货。', '总台为您服务', '您好，{客户}！']);
    expect(await texts(stranger)).toEqual([]);

    const agentsView = await book(shopAgent);
    expect(agentsView.mayManageShared).toBe(false);
    expect(Object.fromEntries(agentsView.quickReplies.map((reply) => [reply.text, reply.editable]))).toEqual({
      '12 号店下单后 48 小时内发货。': false,
      '您好，{客户}！': false,
      '请在订单页申请退换货。': true,
    });
    expect((await book(admin)).mayManageShared).toBe(true);
  });

  it('lets agents change only their own set, and hides what is not theirs to see', async () => {
    const workspaceReply = (await add(owner, { scope: { kind: 'workspace' }, text: '稍等，我查一下。' })).body
      .quickReply;
    const own = (await add(deskAgent, { scope: { kind: 'personal' }, text: '我的话' })).body.quickReply;
    const path = (id: string) => `/api/quick-replies/${id}`;

    // Theirs: changed (a title added, the text replaced), then deleted.
    const changed = await system.request<Answer>(deskAgent.token, 'PUT', path(own.quickReplyId), {
      title: '我的',
      text: '我的话，改过了',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.quickReply).toMatchObject({
      title: '我的',
      text: '我的话，改过了',
      createdAt: own.createdAt,
    });
    expect(changed.body.quickReply.updatedAt).toBeGreaterThanOrEqual(own.updatedAt);

    // The workspace's: an agent uses it but may not change it (403); another agent's own, or another
    // workspace's, does not exist for them (404), for owners too.
    const refusals: [TestAgent, string, string, number][] = [
      [deskAgent, 'PUT', workspaceReply.quickReplyId, 403],
      [deskAgent, 'DELETE', workspaceReply.quickReplyId, 403],
      [shopAgent, 'PUT', own.quickReplyId, 404],
      [owner, 'DELETE', own.quickReplyId, 404],
      [stranger, 'PUT', workspaceReply.quickReplyId, 404],
      [stranger, 'DELETE', workspaceReply.quickReplyId, 404],
    ];
    for (const [who, method, id, status] of refusals) {
      const answer = await system.request<{ error: { code: string } }>(who.token, method, path(id), {
        text: 'x',
      });
      expect({ who: who.username, method, status: answer.status }).toEqual({
        who: who.username,
        method,
        status,
      });
      expect(answer.body.error.code).toBe(status === 404 ? 'not_found' : 'forbidden');
    }
    expect(await texts(deskAgent)).toContain('稍等，我查一下。');

    // An agent adds to no shared set.
    for (const scope of [{ kind: 'workspace' }, { kind: 'queue', appId: app.appId, queueId: 'default' }]) {
      const refused = await add(deskAgent, { scope, text: '不行' });
      expect(refused.status).toBe(403);
      expect(refused.body.error.code).toBe('forbidden');
    }

    const deleted = await system.request<{ deleted: string }>(
      deskAgent.token,
      'DELETE',
      path(own.quickReplyId),
    );
    expect(deleted).toEqual({ status: 200, body: { deleted: own.quickReplyId } });
    const again = await system.request(deskAgent.token, 'DELETE', path(own.quickReplyId));
    expect(again.status).toBe(404);
  });

  it('refuses malformed ids and fields with 400 and a code, and another workspace’s queue with 404', async () => {
    const before = await system.countItems();
    const bad: [string, string, unknown][] = [
      ['PUT', '/api/quick-replies/not-an-id', { text: 'x' }],
      ['DELETE', `/api/quick-replies/${'A'.repeat(300)}`, undefined],
      ['POST', '/api/quick-replies', { scope: { kind: 'workspace' }, text: '   ' }],
      ['POST', '/api/quick-replies', { scope: { kind: 'workspace' }, text: '好'.repeat(683) }],
      ['POST', '/api/quick-replies', { scope: { kind: 'workspace' }, title: '一\n二', text: 'x' }],
      ['POST', '/api/quick-replies', { scope: { kind: 'workspace' }, title: 'x'.repeat(41), text: 'x' }],
      ['POST', '/api/quick-replies', { scope: { kind: 'everyone' }, text: 'x' }],
      ['POST', '/api/quick-replies', { scope: { kind: 'personal', agentId: deskAgent.agentId }, text: 'x' }],
      [
        'POST',
        '/api/quick-replies',
        { scope: { kind: 'queue', appId: app.appId, queueId: 'Shop 12!' }, text: 'x' },
      ],
      ['POST', '/api/quick-replies', { scope: { kind: 'workspace' }, text: 'x', pinned: true }],
      ['POST', '/api/quick-replies', { scope: { kind: 'workspace' }, text: 42 }],
    ];
    for (const [method, path, body] of bad) {
      const answer = await system.request<{ error: { code: string } }>(admin.token, method, path, body);
      expect({ path, body, status: answer.status }).toEqual({ path, body, status: 400 });
      expect(answer.body.error.code).toBe('bad_request');
    }
    // Exactly the limit is taken: 682 Chinese characters are 2046 bytes.
    expect((await add(deskAgent, { scope: { kind: 'personal' }, text: '好'.repeat(682) })).status).toBe(201);

    const missing: unknown[] = [
      { kind: 'queue', appId: 'wx0000000000000bad', queueId: 'default' },
      { kind: 'queue', appId: app.appId, queueId: 'no-such-queue' },
    ];
    for (const scope of missing) {
      const answer = await add(admin, { scope, text: 'x' });
      expect(answer.status).toBe(404);
      expect(answer.body.error.code).toBe('not_found');
    }
    const othersQueue = await add(stranger, {
      scope: { kind: 'queue', appId: app.appId, queueId: 'default' },
      text: 'x',
    });
    expect(othersQueue.status).toBe(404);
    expect(await system.countItems()).toBe(before + 1);
  });

  it('keeps a set to its limit', async () => {
    const full = await system.addAgent([app.appId]);
    await Promise.all(
      Array.from({ length: maxQuickRepliesPerSet }, (_, index) =>
        createQuickReply({
          quickReplyId: `01J${String(index).padStart(23, '0')}`,
          workspaceId: 'quick',
          scope: { kind: 'personal', agentId: full.agentId },
          text: `reply ${index}`,
          createdAt: 1,
          updatedAt: 1,
        }),
      ),
    );
    const refused = await add(full, { scope: { kind: 'personal' }, text: 'one more' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('quick_replies_full');
    const own = (await book(full)).quickReplies.filter((reply) => reply.scope.kind === 'personal');
    expect(own).toHaveLength(maxQuickRepliesPerSet);
  });

  it('puts the shared sets’ changes on the audit trail, and an agent’s own not', async () => {
    const added = (
      await add(admin, { scope: { kind: 'workspace' }, title: '售后', text: '售后电话 400-000-0000' })
    ).body.quickReply;
    await system.request(owner.token, 'PUT', `/api/quick-replies/${added.quickReplyId}`, {
      title: '售后',
      text: '售后电话 400-000-0001',
    });
    await system.request(admin.token, 'DELETE', `/api/quick-replies/${added.quickReplyId}`);
    const personal = (await add(deskAgent, { scope: { kind: 'personal' }, text: '私人的' })).body.quickReply;

    const trail = await system.request<{ events: AuditEvent[] }>(
      owner.token,
      'GET',
      '/api/admin/audit?limit=200',
    );
    const about = (id: string) => trail.body.events.filter((event) => event.target?.id === id);
    expect(about(added.quickReplyId).map((event) => [event.kind, event.actor.agentId])).toEqual([
      ['quick_reply.removed', admin.agentId],
      ['quick_reply.changed', owner.agentId],
      ['quick_reply.added', admin.agentId],
    ]);
    expect(about(added.quickReplyId)[1]).toMatchObject({
      target: { type: 'quick_reply', name: '售后' },
      changes: { text: { from: '售后电话 400-000-0000', to: '售后电话 400-000-0001' } },
    });
    expect(about(personal.quickReplyId)).toEqual([]);
  });

  it('deletes a queue’s replies with the queue', async () => {
    expect(
      (await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/pop-up`, {})).status,
    ).toBe(200);
    const reply = (
      await add(admin, { scope: { kind: 'queue', appId: app.appId, queueId: 'pop-up' }, text: '快闪店' })
    ).body.quickReply;
    expect(await texts(admin)).toContain('快闪店');
    expect(
      (await system.request(admin.token, 'DELETE', `/api/admin/queues/${app.appId}/pop-up`)).status,
    ).toBe(200);
    expect(await texts(admin)).not.toContain('快闪店');
    expect(
      (await system.request(admin.token, 'DELETE', `/api/quick-replies/${reply.quickReplyId}`)).status,
    ).toBe(404);
  });

  it('keeps a saved menu, changes it, and refuses one WeChat would not send', async () => {
    const menu = {
      options: [
        { id: 'good', text: '满意' },
        { id: 'fair', text: '一般' },
        { id: 'poor', text: '不满意' },
      ],
      tail: '感谢您的评价',
    };
    const created = await add(admin, {
      scope: { kind: 'workspace' },
      title: '满意度',
      text: '您对本次服务满意吗？',
      menu,
    });
    expect(created.status).toBe(201);
    expect(created.body.quickReply).toMatchObject({ text: '您对本次服务满意吗？', menu });
    const listed = (await book(deskAgent)).quickReplies.find(
      (reply) => reply.quickReplyId === created.body.quickReply.quickReplyId,
    );
    expect(listed?.menu).toEqual(menu);

    const changed = await system.request<Answer>(
      admin.token,
      'PUT',
      `/api/quick-replies/${created.body.quickReply.quickReplyId}`,
      { title: '满意度', text: '请评价本次服务', menu: { options: menu.options.slice(0, 2) } },
    );
    expect(changed.status).toBe(200);
    expect(changed.body.quickReply.menu).toEqual({ options: menu.options.slice(0, 2), tail: '' });
    // Saved as text again, it is no longer a menu.
    const plain = await system.request<Answer>(
      admin.token,
      'PUT',
      `/api/quick-replies/${created.body.quickReply.quickReplyId}`,
      { text: '请评价本次服务' },
    );
    expect(plain.body.quickReply.menu).toBeUndefined();

    const before = await system.countItems();
    for (const [broken, complaint] of [
      [{ options: [] }, 'at least one option'],
      [
        {
          options: [
            { id: 'x', text: '是' },
            { id: 'x', text: '否' },
          ],
        },
        'Two options have the id x',
      ],
      [{ options: [{ id: 'x y', text: '是' }] }, 'needs an id'],
      [{ options: [{ id: 'x', text: '' }] }, 'has no text'],
    ] as const) {
      const refused = await add(admin, { scope: { kind: 'workspace' }, text: '问题', menu: broken });
      expect(refused.status).toBe(400);
      expect(JSON.stringify(refused.body.error)).toContain(complaint);
    }
    const longQuestion = await add(admin, {
      scope: { kind: 'workspace' },
      text: '问'.repeat(400),
      menu: { options: [{ id: 'a', text: '是' }] },
    });
    expect(longQuestion.status).toBe(400);
    expect(await system.countItems()).toBe(before);
  });
});
