import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditPage } from '../../../shared/domain/admin-view.ts';
import type { AuditEvent } from '../../../shared/domain/audit.ts';
import { auditMonth, auditRetentionDays, auditRetentionMs } from '../../../shared/domain/audit.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { auditPartition } from '../../../shared/store/keys.ts';
import {
  randomAlphanumeric,
  randomAppId,
  startSystem,
  type TestAgent,
  type TestApp,
  type TestSystem,
} from '../../support/system.ts';

/**
 * The audit trail: administrative and security events with who, what, when and from where, kept 180
 * days, newest first, filtered and paged, for the workspace's owners only, and never a secret.
 */

let system: TestSystem;
let app: TestApp;
let owner: TestAgent;
let admin: TestAgent;
let agent: TestAgent;
const secrets = { appSecret: randomAlphanumeric(32), appToken: randomAlphanumeric(16), password: '' };

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ workspaceId: 'audited' });
  owner = await system.addAgent([app.appId], { role: 'owner' });
  admin = await system.addAgent([app.appId], { role: 'admin' });
  agent = await system.addAgent([app.appId]);
  secrets.password = agent.password;

  // What happens in a day of the workspace, the trail's material.
  expect((await system.login(agent.username, 'not-the-password')).status).toBe(401);
  expect((await system.login('nobody-by-that-name', 'whatever-it-is')).status).toBe(401);
  const browser = await fetch(`${system.runtime.httpUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': 'AuditTest/1.0 (console)' },
    body: JSON.stringify({ username: agent.username, password: agent.password }),
  });
  expect(browser.status).toBe(200);
  await system.request(owner.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, { capacity: 3 });
  await system.request(owner.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, { role: 'admin' });
  await system.request(owner.token, 'PATCH', `/api/admin/agents/${agent.agentId}`, { role: 'agent' });
  await system.request(admin.token, 'POST', `/api/admin/agents/${agent.agentId}/disable`);
  await system.request(admin.token, 'POST', `/api/admin/agents/${agent.agentId}/enable`);
  await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/vip`, { name: 'VIP' });
  await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/vip/members`, {
    agentIds: [agent.agentId],
  });
  await system.request(admin.token, 'DELETE', `/api/admin/queues/${app.appId}/vip`);
  const appId = randomAppId();
  await system.request(owner.token, 'POST', '/api/admin/apps', {
    appId,
    type: 'miniprogram',
    format: 'json',
    token: secrets.appToken,
    secret: secrets.appSecret,
  });
  await system.request(owner.token, 'PATCH', `/api/admin/apps/${appId}`, { secret: randomAlphanumeric(32) });
  const invited = await system.request<{ invitation: { token: string } }>(
    admin.token,
    'POST',
    '/api/admin/agents',
    {
      username: 'audited-newcomer',
      appIds: [app.appId],
    },
  );
  await fetch(`${system.runtime.httpUrl}/api/auth/invitations/${invited.body.invitation.token}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ password: 'newcomer-password' }),
  });
  const signedIn = (await (await system.login(admin.username, admin.password)).json()) as { token: string };
  await system.request(signedIn.token, 'POST', '/api/auth/logout', {});
});

afterAll(async () => {
  await system?.stop();
});

const read = (query = '', token = owner.token) =>
  system.request<AuditPage>(token, 'GET', `/api/admin/audit${query ? `?${query}` : ''}`);

describe('the audit trail', () => {
  it('records who did what, when and from where, newest first', async () => {
    const { status, body } = await read('limit=200');
    expect(status).toBe(200);
    const kinds = body.events.map((event) => event.kind);
    for (const kind of [
      'auth.sign_in_failed',
      'auth.signed_in',
      'auth.signed_out',
      'agent.changed',
      'agent.role_changed',
      'agent.disabled',
      'agent.enabled',
      'agent.created',
      'agent.invitation_created',
      'agent.invitation_accepted',
      'queue.changed',
      'queue.members_changed',
      'queue.deleted',
      'app.added',
      'app.changed',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
    const times = body.events.map((event) => event.at);
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const failed = body.events.find((event) => event.kind === 'auth.sign_in_failed');
    expect(failed).toMatchObject({
      actor: { agentId: agent.agentId, username: agent.username },
      target: { type: 'agent', id: agent.agentId },
      source: { ip: '127.0.0.1' },
    });
    expect(failed?.summary).toContain('wrong password');
    const browserSignIn = body.events.find(
      (event) => event.kind === 'auth.signed_in' && event.source.userAgent === 'AuditTest/1.0 (console)',
    );
    expect(browserSignIn).toMatchObject({ actor: { agentId: agent.agentId, username: agent.username } });
    expect(body.events.find((event) => event.kind === 'agent.role_changed')).toMatchObject({
      actor: { agentId: owner.agentId, username: owner.username },
      target: { type: 'agent', id: agent.agentId, name: agent.username },
      changes: { role: { from: 'admin', to: 'agent' } },
    });
    expect(body.events.find((event) => event.kind === 'agent.changed')).toMatchObject({
      changes: { capacity: { to: 3 } },
    });
    // A username nobody has belongs to no workspace: not in this trail.
    expect(JSON.stringify(body)).not.toContain('nobody-by-that-name');
  });

  it('never holds a secret or a password', async () => {
    const { body } = await read('limit=200');
    const text = JSON.stringify(body);
    for (const secret of [secrets.appSecret, secrets.appToken, secrets.password, 'newcomer-password']) {
      expect(text).not.toContain(secret);
    }
    expect(body.events.find((event) => event.kind === 'app.changed')?.changes).toEqual({
      secret: { from: 'set', to: 'changed' },
    });
  });

  it('filters by kind, agent and time, and pages with a cursor', async () => {
    const byKind = await read('kind=agent.disabled');
    expect(byKind.body.events.map((event) => event.kind)).toEqual(['agent.disabled']);
    // Every page says how far back the trail goes, for the console to tell its reader.
    expect(byKind.body.retentionDays).toBe(auditRetentionDays);
    const byAgent = await read(`agentId=${agent.agentId}&limit=200`);
    expect(byAgent.body.events.length).toBeGreaterThan(3);
    for (const event of byAgent.body.events) {
      expect([event.actor.agentId, event.target?.id]).toContain(agent.agentId);
    }
    expect((await read(`from=${new Date(Date.now() + 60_000).toISOString()}`)).body.events).toEqual([]);
    const everything = (await read('limit=200')).body.events;
    const middle = everything[Math.floor(everything.length / 2)] as AuditEvent;
    const upTo = (await read(`to=${middle.at}&limit=200`)).body.events;
    expect(upTo.every((event) => event.at <= middle.at)).toBe(true);
    expect(upTo.length).toBeLessThan(everything.length);

    const paged: AuditEvent[] = [];
    let cursor: string | undefined;
    do {
      const page = await read(`limit=4${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.body.events.length).toBeLessThanOrEqual(4);
      paged.push(...page.body.events);
      cursor = page.body.cursor;
    } while (cursor);
    expect(paged.map((event) => event.eventId)).toEqual(everything.map((event) => event.eventId));

    for (const query of ['kind=nonsense', 'from=yesterday', 'cursor=garbage', 'limit=0']) {
      expect((await read(query)).status, query).toBe(400);
    }
  });

  it('is kept 180 days in the workspace’s partition of the core table', async () => {
    const now = Date.now();
    const { Items } = await dynamo().send(
      new QueryCommand({
        TableName: system.runtime.tableNames.core,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': auditPartition('audited', auditMonth(now)) },
        Limit: 1,
      }),
    );
    const item = Items?.[0] as { at: number; expiresAt: number; sk: string } | undefined;
    expect(item?.expiresAt).toBe(Math.ceil(((item?.at ?? 0) + auditRetentionMs) / 1000));
    expect((item?.expiresAt ?? 0) * 1000 - now).toBeGreaterThan(179 * 24 * 3_600_000);
    expect(item?.sk).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z#[0-9A-Z]{26}$/);
  });

  it('is for owners only', async () => {
    expect((await read('', admin.token)).status).toBe(403);
    // (Disabling the agent above ended the session of their first token.)
    const { token } = (await (await system.login(agent.username, agent.password)).json()) as {
      token: string;
    };
    expect((await read('', token)).status).toBe(403);
    const elsewhere = await system.addApp({ workspaceId: 'elsewhere' });
    const otherOwner = await system.addAgent([elsewhere.appId], { role: 'owner' });
    const theirs = await read('limit=200', otherOwner.token);
    expect(theirs.status).toBe(200);
    expect(theirs.body.events.every((event) => event.workspaceId === 'elsewhere')).toBe(true);
  });
});
