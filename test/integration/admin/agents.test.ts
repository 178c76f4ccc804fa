import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invitationTokenHash } from '../../../shared/auth/invitation-token.ts';
import type { AgentListing } from '../../../shared/domain/admin-view.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { invitationKey } from '../../../shared/store/keys.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * Owners and admins manage the workspace's agents over HTTP: invitations, initial passwords, resets,
 * disabling and enabling, and changes of role, capacity, apps and queues, each in effect at once.
 */

let system: TestSystem;
let app: TestApp;
let owner: TestAgent;
let admin: TestAgent;

interface ErrorBody {
  error: { code: string; message: string };
}

interface Created {
  agent: AgentListing;
  invitation?: { token: string; expiresAt: number; link?: string };
}

interface SignedIn {
  token: string;
  expiresAt: number;
  agent: { agentId: string; username: string };
  mustChangePassword: boolean;
}

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ format: 'json', workspaceId: 'acme' });
  owner = await system.addAgent([app.appId], { role: 'owner' });
  admin = await system.addAgent([app.appId], { role: 'admin' });
});

afterAll(async () => {
  await system?.stop();
});

/** A call without a token, as a browser following an invitation link makes it. */
async function post<T>(path: string, body: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${system.runtime.httpUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}

const accept = (token: string, password: string) =>
  post<SignedIn>(`/api/auth/invitations/${token}`, { password });

async function listed(agentId: string): Promise<AgentListing> {
  const { body } = await system.request<{ agents: AgentListing[] }>(admin.token, 'GET', '/api/admin/agents');
  const found = body.agents.find((agent) => agent.agentId === agentId);
  if (!found) throw new Error(`agent ${agentId} is not listed`);
  return found;
}

const me = async (token: string) => (await system.api('/api/me', token)).status;

async function signIn(username: string, password: string): Promise<SignedIn> {
  const response = await system.login(username, password);
  expect(response.status).toBe(200);
  return (await response.json()) as SignedIn;
}

describe('an invitation link', () => {
  it('creates the agent, lets them choose a password once, and signs them in', async () => {
    const created = await system.request<Created>(admin.token, 'POST', '/api/admin/agents', {
      username: 'invited-ann',
      displayName: 'Ann',
      appIds: [app.appId],
      capacity: 3,
    });
    expect(created.status).toBe(201);
    const { agent, invitation } = created.body;
    expect(invitation?.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const hours = ((invitation?.expiresAt ?? 0) - Date.now()) / 3_600_000;
    expect(hours).toBeGreaterThan(71.9);
    expect(hours).toBeLessThanOrEqual(72);
    expect(agent).toMatchObject({
      username: 'invited-ann',
      displayName: 'Ann',
      role: 'agent',
      capacity: 3,
      appIds: [app.appId],
      queues: [{ appId: app.appId, queueId: 'default' }],
      invitationPending: true,
      disabled: false,
    });
    // No password exists until the link is used.
    expect((await system.login('invited-ann', 'anything-at-all')).status).toBe(401);

    const accepted = await accept(invitation?.token ?? '', 'ann-chooses-this');
    expect(accepted.status).toBe(200);
    expect(accepted.body).toMatchObject({ mustChangePassword: false, agent: { username: 'invited-ann' } });
    expect(await me(accepted.body.token)).toBe(200);
    expect((await accept(invitation?.token ?? '', 'someone-else-1')).status).toBe(404);
    expect((await signIn('invited-ann', 'ann-chooses-this')).mustChangePassword).toBe(false);
    expect(await listed(agent.agentId)).toMatchObject({ invitationPending: false });
  });

  it('links to the console when the console asks, and refuses an expired or replaced link', async () => {
    const response = await fetch(`${system.runtime.httpUrl}/api/admin/agents`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${owner.token}`,
        'content-type': 'application/json',
        origin: 'https://console.example.com',
      },
      body: JSON.stringify({ username: 'invited-bo', appIds: [app.appId] }),
    });
    const { agent, invitation } = (await response.json()) as Created;
    expect(invitation?.link).toBe(`https://console.example.com/#invitation=${invitation?.token}`);

    await dynamo().send(
      new UpdateCommand({
        TableName: system.runtime.tableNames.core,
        Key: invitationKey(invitationTokenHash(invitation?.token ?? '')),
        UpdateExpression: 'SET validUntil = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 1 },
      }),
    );
    expect((await accept(invitation?.token ?? '', 'bo-chooses-this')).status).toBe(404);

    // A reset gives a new link; the one before it is void.
    const first = await system.request<Created>(
      admin.token,
      'POST',
      `/api/admin/agents/${agent.agentId}/password-reset`,
      {},
    );
    const second = await system.request<Created>(
      admin.token,
      'POST',
      `/api/admin/agents/${agent.agentId}/password-reset`,
      {},
    );
    expect((await accept(first.body.invitation?.token ?? '', 'bo-chooses-this')).status).toBe(404);
    expect((await accept(second.body.invitation?.token ?? '', 'bo-chooses-this')).status).toBe(200);
    expect((await accept('x'.repeat(43), 'bo-chooses-this')).status).toBe(404);
    expect((await accept('too-short', 'bo-chooses-this')).status).toBe(400);
  });
});

describe('an initial password', () => {
  it('must be changed before anything else is allowed', async () => {
    const created = await system.request<Created>(owner.token, 'POST', '/api/admin/agents', {
      username: 'initial-cy',
      appIds: [app.appId],
      initialPassword: 'set-by-the-owner',
    });
    expect(created.status).toBe(201);
    expect(created.body.invitation).toBeUndefined();
    expect(created.body.agent.mustChangePassword).toBe(true);

    const first = await signIn('initial-cy', 'set-by-the-owner');
    expect(first.mustChangePassword).toBe(true);
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/conversations'],
      ['GET', '/api/queues'],
      ['POST', '/api/auth/refresh'],
      ['PUT', '/api/me/status'],
    ] as const) {
      const body = method === 'GET' ? undefined : { status: 'online' };
      const refused = await system.request<ErrorBody>(first.token, method, path, body);
      expect(refused.status, path).toBe(403);
      expect(refused.body.error.code, path).toBe('password_change_required');
    }
    await expect(system.connect(first.token)).rejects.toThrow(/401/);
    // Signing out stays possible.
    const other = await signIn('initial-cy', 'set-by-the-owner');
    expect((await system.request(other.token, 'POST', '/api/auth/logout', {})).status).toBe(200);

    const same = await system.request<ErrorBody>(first.token, 'PUT', '/api/me/password', {
      currentPassword: 'set-by-the-owner',
      newPassword: 'set-by-the-owner',
    });
    expect(same.status).toBe(400);
    const changed = await system.request<SignedIn>(first.token, 'PUT', '/api/me/password', {
      currentPassword: 'set-by-the-owner',
      newPassword: 'cy-chose-this-one',
    });
    expect(changed.status).toBe(200);
    expect(changed.body.mustChangePassword).toBe(false);
    expect(await me(first.token)).toBe(401);
    expect(await me(changed.body.token)).toBe(200);
    const socket = await system.connect(changed.body.token);
    await socket.close();
    expect((await signIn('initial-cy', 'cy-chose-this-one')).mustChangePassword).toBe(false);
  });
});

describe('a password reset', () => {
  it('ends the agent’s sessions and sockets; the new initial password must be changed', async () => {
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const reset = await system.request<Created>(
      admin.token,
      'POST',
      `/api/admin/agents/${agent.agentId}/password-reset`,
      { initialPassword: 'reset-by-admin-1' },
    );
    expect(reset.status).toBe(200);
    expect(reset.body.agent.mustChangePassword).toBe(true);
    await socket.closed;
    expect(await me(agent.token)).toBe(401);
    expect((await system.login(agent.username, agent.password)).status).toBe(401);
    expect((await signIn(agent.username, 'reset-by-admin-1')).mustChangePassword).toBe(true);
  });
});

describe('disabling an agent', () => {
  it('ends their sessions and sockets and hands their conversations back to the queue', async () => {
    const desk = await system.addApp({ format: 'json', workspaceId: 'acme' });
    const leaving = await system.addAgent([desk.appId]);
    const socket = await system.connect(leaving.token);
    const customer = system.simulator.customer(desk.appId);
    await customer.say('我的订单还没到');
    const { conversation } = await socket.next(isMessageCreated);
    expect(conversation.assigneeId).toBe(leaving.agentId);
    const colleague = await system.addAgent([desk.appId]);
    const colleagueSocket = await system.connect(colleague.token);

    const disabled = await system.request<{ agent: AgentListing; handedBack: number }>(
      admin.token,
      'POST',
      `/api/admin/agents/${leaving.agentId}/disable`,
    );
    expect(disabled.status).toBe(200);
    expect(disabled.body.handedBack).toBe(1);
    expect(disabled.body.agent).toMatchObject({ disabled: true, status: 'offline', activeCount: 0 });
    await socket.closed;
    expect(await me(leaving.token)).toBe(401);
    expect((await system.login(leaving.username, leaving.password)).status).toBe(401);

    // Back in the line, and the colleague with room takes it at once.
    const taken = await colleagueSocket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        frame.type === 'conversation.updated' &&
        frame.conversation.conversationId === conversation.conversationId &&
        frame.conversation.assigneeId === colleague.agentId,
    );
    expect(taken.conversation.state).toBe('active');
    const history = await system.request<{ messages: Message[] }>(
      colleague.token,
      'GET',
      `/api/conversations/${conversation.conversationId}/messages`,
    );
    const handover = history.body.messages.find(
      (message) => message.content.type === 'event' && message.content.event === 'conversation_transferred',
    );
    expect(handover).toMatchObject({
      authorId: admin.agentId,
      content: { detail: { from: leaving.agentId } },
    });
    await colleagueSocket.close();

    // Enabled again: they sign in, and come back offline.
    const enabled = await system.request<{ agent: AgentListing }>(
      owner.token,
      'POST',
      `/api/admin/agents/${leaving.agentId}/enable`,
    );
    expect(enabled.body.agent).toMatchObject({ disabled: false, status: 'offline' });
    const back = await signIn(leaving.username, leaving.password);
    expect(await me(back.token)).toBe(200);
  });

  it('refuses disabling oneself, an admin disabling an owner, and leaving no owner', async () => {
    // Each refusal is named by a stable code, which the console says in the agent's language.
    const refusals: [TestAgent, string, string, unknown, number, string][] = [
      [admin, 'POST', `/api/admin/agents/${admin.agentId}/disable`, undefined, 403, 'cannot_disable_self'],
      [owner, 'POST', `/api/admin/agents/${owner.agentId}/disable`, undefined, 403, 'cannot_disable_self'],
      [admin, 'POST', `/api/admin/agents/${owner.agentId}/disable`, undefined, 403, 'owner_only'],
      [admin, 'POST', `/api/admin/agents/${owner.agentId}/password-reset`, {}, 403, 'owner_only'],
      [owner, 'PATCH', `/api/admin/agents/${owner.agentId}`, { role: 'admin' }, 409, 'last_owner'],
    ];
    for (const [who, method, path, body, status, code] of refusals) {
      const refused = await system.request<ErrorBody>(who.token, method, path, body);
      expect({ status: refused.status, code: refused.body.error.code }, `${method} ${path}`).toEqual({
        status,
        code,
      });
    }
    // With a second owner, the first may step down.
    const second = await system.addAgent([app.appId], { role: 'owner' });
    const stepped = await system.request<{ agent: AgentListing }>(
      second.token,
      'PATCH',
      `/api/admin/agents/${owner.agentId}`,
      { role: 'owner', displayName: 'Founder' },
    );
    expect(stepped.status).toBe(200);
    expect(stepped.body.agent.displayName).toBe('Founder');
  });
});

describe('changing an agent', () => {
  it('applies a new role at the agent’s next request; admins grant only the agent role', async () => {
    const agent = await system.addAgent([app.appId]);
    expect((await system.request(agent.token, 'GET', '/api/admin/queues')).status).toBe(403);
    const byAdmin = await system.request<ErrorBody>(
      admin.token,
      'PATCH',
      `/api/admin/agents/${agent.agentId}`,
      {
        role: 'admin',
      },
    );
    expect(byAdmin.status).toBe(403);
    expect(
      (
        await system.request(admin.token, 'POST', '/api/admin/agents', {
          username: 'would-be-admin',
          role: 'admin',
        })
      ).status,
    ).toBe(403);
    const promoted = await system.request(owner.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, {
      role: 'admin',
    });
    expect(promoted.status).toBe(200);
    expect((await system.request(agent.token, 'GET', '/api/admin/queues')).status).toBe(200);
    // Now an admin, they are beyond other admins' reach.
    expect(
      (await system.request(admin.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, { capacity: 2 }))
        .status,
    ).toBe(403);
    await system.request(owner.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, { role: 'agent' });
    expect((await system.request(agent.token, 'GET', '/api/admin/queues')).status).toBe(403);
  });

  it('gives more room at once: the waiting customer is assigned as capacity grows', async () => {
    const desk = await system.addApp({ format: 'json', workspaceId: 'acme' });
    const agent = await system.addAgent([desk.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    await system.simulator.customer(desk.appId).say('第一位');
    await socket.next(isMessageCreated);
    const second = system.simulator.customer(desk.appId);
    await second.say('第二位');
    expect(await listed(agent.agentId)).toMatchObject({ capacity: 1, activeCount: 1 });

    const changed = await system.request<{ agent: AgentListing }>(
      admin.token,
      'PATCH',
      `/api/admin/agents/${agent.agentId}`,
      { capacity: 2 },
    );
    expect(changed.status).toBe(200);
    await socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        frame.type === 'conversation.updated' &&
        frame.conversation.openId === second.openId &&
        frame.conversation.assigneeId === agent.agentId,
    );
    await eventually(async () =>
      expect(await listed(agent.agentId)).toMatchObject({ capacity: 2, activeCount: 2 }),
    );
    // Less room than conversations: they keep them, and take no more.
    await system.request(admin.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, { capacity: 1 });
    expect(await listed(agent.agentId)).toMatchObject({ capacity: 1, activeCount: 2 });
    await socket.close();
  });

  it('changes apps and queues: joining takes the default queue, leaving an app leaves its queues', async () => {
    const second = await system.addApp({ format: 'json', workspaceId: 'acme' });
    await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/vip`, { name: 'VIP' });
    const agent = await system.addAgent([app.appId]);
    const joined = await system.request<{ agent: AgentListing }>(
      admin.token,
      'PATCH',
      `/api/admin/agents/${agent.agentId}`,
      { appIds: [app.appId, second.appId], displayName: 'Dee' },
    );
    expect(joined.body.agent).toMatchObject({
      displayName: 'Dee',
      appIds: [app.appId, second.appId],
      queues: expect.arrayContaining([
        { appId: app.appId, queueId: 'default' },
        { appId: second.appId, queueId: 'default' },
      ]),
    });
    const queues = await system.request<{ agent: AgentListing }>(
      admin.token,
      'PATCH',
      `/api/admin/agents/${agent.agentId}`,
      { queues: [{ appId: app.appId, queueId: 'vip' }] },
    );
    expect(queues.body.agent.queues).toEqual([{ appId: app.appId, queueId: 'vip' }]);
    const left = await system.request<{ agent: AgentListing }>(
      admin.token,
      'PATCH',
      `/api/admin/agents/${agent.agentId}`,
      { appIds: [second.appId] },
    );
    // The queues of the app left go with it; the agent had chosen none in the other app.
    expect(left.body.agent).toMatchObject({ appIds: [second.appId], queues: [] });
    const bad: [unknown, number, string][] = [
      [{ appIds: [] }, 400, 'an agent serves at least one app'],
      [{ queues: [{ appId: second.appId, queueId: 'nope' }] }, 400, 'no such queue'],
      [{ capacity: 101 }, 400, 'capacity'],
      [{ colour: 'red' }, 400, 'colour'],
    ];
    for (const [body, status, complaint] of bad) {
      const answer = await system.request(admin.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, body);
      expect(answer.status, JSON.stringify(body)).toBe(status);
      expect(JSON.stringify(answer.body)).toContain(complaint);
    }
  });

  it('lists the workspace’s agents, hides other workspaces’, and explains a taken username', async () => {
    const elsewhere = await system.addApp({ workspaceId: 'elsewhere' });
    const stranger = await system.addAgent([elsewhere.appId]);
    const { body } = await system.request<{ agents: AgentListing[] }>(
      admin.token,
      'GET',
      '/api/admin/agents',
    );
    expect(body.agents.map((agent) => agent.agentId)).toEqual(
      expect.arrayContaining([owner.agentId, admin.agentId]),
    );
    expect(body.agents.some((agent) => agent.agentId === stranger.agentId)).toBe(false);
    expect(body.agents.find((agent) => agent.agentId === owner.agentId)).toMatchObject({
      role: 'owner',
      status: expect.any(String),
      present: expect.any(Boolean),
      activeCount: expect.any(Number),
      capacity: expect.any(Number),
      createdAt: expect.any(Number),
    });
    expect(
      (await system.request(admin.token, 'PATCH', `/api/admin/agents/${stranger.agentId}`, { capacity: 1 }))
        .status,
    ).toBe(404);
    const taken = await system.request<ErrorBody>(admin.token, 'POST', '/api/admin/agents', {
      username: admin.username,
      appIds: [app.appId],
    });
    expect(taken).toMatchObject({ status: 409, body: { error: { code: 'username_taken' } } });
    const agent = await system.addAgent([app.appId]);
    expect((await system.request(agent.token, 'GET', '/api/admin/agents')).status).toBe(403);
  });
});
