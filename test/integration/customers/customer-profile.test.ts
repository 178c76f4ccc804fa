import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { CustomerName, CustomerProfile } from '../../../shared/domain/customer-profile.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { recordLastLocation } from '../../../shared/store/customer-location-repository.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/**
 * Customer profiles: a remark name, tags and a private note that agents keep about a customer, beside
 * the last location the customer's pushes report, for whoever may read the customer's conversation.
 */

let system: TestSystem;
let served: ServedConversation;

const profilePath = () => `/api/conversations/${served.conversation.conversationId}/customer`;
const change = (body: unknown, token = served.agent.token) =>
  system.request<{ profile: CustomerProfile; error?: { message: string; details?: { path: string }[] } }>(
    token,
    'PATCH',
    profilePath(),
    body,
  );
const read = (token = served.agent.token) =>
  system.request<{ profile: CustomerProfile; suggestedTags: string[] }>(token, 'GET', profilePath());

beforeAll(async () => {
  system = await startSystem();
  served = await servedConversation(system, { workspaceId: 'profiles' });
});

afterAll(async () => {
  await served?.socket.close();
  await system?.stop();
});

describe("a customer's profile", () => {
  it('keeps a remark name, tags and a note, and suggests the tags the workspace uses', async () => {
    const empty = await read();
    expect(empty.status).toBe(200);
    expect(empty.body.profile).toEqual({
      appId: served.app.appId,
      openId: served.customer.openId,
      tags: [],
    });

    const changed = await change({
      remarkName: ' 王女士 ',
      tags: ['VIP', '退货', 'VIP'],
      note: '老客户，优先处理',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.profile).toMatchObject({
      remarkName: '王女士',
      tags: ['VIP', '退货'],
      note: '老客户，优先处理',
      updatedBy: served.agent.agentId,
    });
    const kept = await read();
    expect(kept.body.profile).toEqual(changed.body.profile);
    expect(kept.body.suggestedTags).toEqual(expect.arrayContaining(['VIP', '退货']));
  });

  it("names the customer in the agent's list by the remark name", async () => {
    const list = await system.request<{ conversations: Conversation[]; customers: CustomerName[] }>(
      served.agent.token,
      'GET',
      '/api/conversations?state=active',
    );
    expect(list.body.customers).toEqual([
      { appId: served.app.appId, openId: served.customer.openId, remarkName: '王女士' },
    ]);
  });

  it("changes only the agents' fields, never the location the customer's pushes report", async () => {
    const location = { latitude: 31.23, longitude: 121.47, precision: 30, at: Date.now() };
    await recordLastLocation(served.app.appId, served.customer.openId, location);
    const changed = await change({ note: '已寄出换货' });
    expect(changed.body.profile).toMatchObject({
      note: '已寄出换货',
      remarkName: '王女士',
      lastLocation: location,
    });

    const later = { ...location, latitude: 30.1, at: location.at + 1000 };
    await recordLastLocation(served.app.appId, served.customer.openId, later);
    expect((await read()).body.profile).toMatchObject({
      note: '已寄出换货',
      tags: ['VIP', '退货'],
      lastLocation: later,
    });
  });

  it('names the customers waiting in the queue by their remark names', async () => {
    const { token } = served.agent;
    expect((await system.request(token, 'PUT', '/api/me/status', { status: 'away' })).status).toBe(200);
    const waiting = system.simulator.customer(served.app.appId);
    await waiting.say('有人吗？');
    type Queues = { queues: { waiting: { conversation: Conversation }[] }[]; customers: CustomerName[] };
    const line = await eventually(async () => {
      const answer = await system.request<Queues>(token, 'GET', '/api/queues');
      const entry = answer.body.queues.flatMap((queue) => queue.waiting)[0];
      if (!entry) throw new Error('nobody waits yet');
      return entry.conversation;
    });
    expect(line.openId).toBe(waiting.openId);
    const named = await system.request(token, 'PATCH', `/api/conversations/${line.conversationId}/customer`, {
      remarkName: '李先生',
    });
    expect(named.status).toBe(200);
    const queues = await system.request<Queues>(token, 'GET', '/api/queues');
    expect(queues.body.customers).toEqual([
      { appId: served.app.appId, openId: waiting.openId, remarkName: '李先生' },
    ]);
    expect((await system.request(token, 'PUT', '/api/me/status', { status: 'online' })).status).toBe(200);
  });

  it('forgets a field set to null or left empty', async () => {
    const cleared = await change({ remarkName: '', tags: [], note: null });
    expect(cleared.status).toBe(200);
    expect(cleared.body.profile.remarkName).toBeUndefined();
    expect(cleared.body.profile.note).toBeUndefined();
    expect(cleared.body.profile.tags).toEqual([]);
    await change({ remarkName: '王女士' });
  });

  it('refuses bad input with 400 and a sentence, changing nothing', async () => {
    const before = (await read()).body.profile;
    for (const [body, path] of [
      [{}, ''],
      [{ nickname: 'x' }, ''],
      [{ remarkName: '名'.repeat(41) }, 'remarkName'],
      [{ tags: Array.from({ length: 21 }, (_, index) => `t${index}`) }, 'tags'],
      [{ tags: ['  '] }, 'tags.0'],
      [{ note: 'x'.repeat(2001) }, 'note'],
    ] as const) {
      const refused = await change(body);
      expect(refused.status).toBe(400);
      expect(refused.body.error?.details?.map((issue) => issue.path)).toContain(path);
    }
    expect((await read()).body.profile).toEqual(before);
  });

  it("lists the customer's conversations with the app, newest first, a page at a time", async () => {
    const first = served.conversation.conversationId;
    const closed = await system.request(served.agent.token, 'POST', `/api/conversations/${first}/close`);
    expect(closed.status).toBe(200);
    await served.customer.say('我又来了');
    const { conversation: second } = await served.socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.conversation.openId === served.customer.openId &&
        frame.conversation.conversationId !== first,
    );
    const history = (query: string) =>
      system.request<{ conversations: Conversation[]; nextBefore?: string }>(
        served.agent.token,
        'GET',
        `/api/conversations/${second.conversationId}/customer/conversations${query}`,
      );
    const all = await history('');
    expect(all.status).toBe(200);
    expect(all.body.conversations.map((item) => item.conversationId)).toEqual([second.conversationId, first]);
    expect(all.body.nextBefore).toBeUndefined();

    const firstPage = await history('?limit=1');
    expect(firstPage.body.conversations.map((item) => item.conversationId)).toEqual([second.conversationId]);
    const secondPage = await history(`?limit=1&before=${firstPage.body.nextBefore}`);
    expect(secondPage.body.conversations.map((item) => item.conversationId)).toEqual([first]);
    expect(secondPage.body.nextBefore).toBeUndefined();
    expect((await history('?limit=0')).status).toBe(400);
    // The profile is the customer's, whichever of their conversations it is reached through.
    const profile = await system.request<{ profile: CustomerProfile }>(
      served.agent.token,
      'GET',
      `/api/conversations/${second.conversationId}/customer`,
    );
    expect(profile.body.profile.remarkName).toBe('王女士');
  });

  it('is read and changed by colleagues of the queue and admins, and by nobody else', async () => {
    const colleague = await system.addAgent([served.app.appId]);
    expect((await read(colleague.token)).status).toBe(200);
    expect((await change({ tags: ['VIP'] }, colleague.token)).status).toBe(200);

    const otherApp = await system.addApp({ workspaceId: 'profiles' });
    const otherAppAgent = await system.addAgent([otherApp.appId]);
    const elsewhere = await system.addApp({ workspaceId: 'not-profiles' });
    const stranger = await system.addAgent([elsewhere.appId], { role: 'admin' });
    for (const [token, status] of [
      [otherAppAgent.token, 403],
      [stranger.token, 404],
    ] as const) {
      expect((await read(token)).status).toBe(status);
      expect((await change({ remarkName: '偷看' }, token)).status).toBe(status);
      const path = `${profilePath()}/conversations`;
      expect((await system.request(token, 'GET', path)).status).toBe(status);
    }
    expect((await read()).body.profile.remarkName).toBe('王女士');
  });

  it("shows a colleague's change at once on the consoles of those who may read the conversation", async () => {
    const colleague = await system.addAgent([served.app.appId]);
    const colleagueSocket = await system.connect(colleague.token);
    const elsewhere = await system.addApp({ workspaceId: 'not-profiles-either' });
    const stranger = await system.addAgent([elsewhere.appId], { role: 'admin' });
    const strangerSocket = await system.connect(stranger.token);
    const isProfile = (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'customer.updated' }> =>
      frame.type === 'customer.updated' && frame.profile.remarkName === '王女士（退货中）';
    try {
      expect((await change({ remarkName: '王女士（退货中）' }, colleague.token)).status).toBe(200);
      const pushed = await served.socket.seen(isProfile);
      expect(pushed.profile).toMatchObject({ appId: served.app.appId, openId: served.customer.openId });
      await colleagueSocket.seen(isProfile);
      // Another workspace's admin is told nothing; a marker after the change shows the socket was live.
      await change({ remarkName: '王女士' }, colleague.token);
      await served.socket.seen(
        (frame): frame is ServerFrame =>
          frame.type === 'customer.updated' && frame.profile.remarkName === '王女士',
      );
      expect(strangerSocket.frames.filter((frame) => frame.type === 'customer.updated')).toEqual([]);
    } finally {
      await colleagueSocket.close();
      await strangerSocket.close();
    }
  });
});
