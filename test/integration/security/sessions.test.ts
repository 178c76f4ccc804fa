import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAgentToken } from '../../../shared/auth/agent-token.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { agentKey, sessionKey } from '../../../shared/store/keys.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestSystem } from '../../support/system.ts';

/** Sign-ins are server-side sessions: ended at once by signing out, a new password or disabling. */

let system: TestSystem;
let appId: string;

beforeAll(async () => {
  system = await startSystem();
  appId = (await system.addApp()).appId;
});

afterAll(async () => {
  await system?.stop();
});

async function signIn(agent: TestAgent): Promise<string> {
  const response = await system.login(agent.username, agent.password);
  expect(response.status).toBe(200);
  return ((await response.json()) as { token: string }).token;
}

const me = async (token: string) => (await system.api('/api/me', token)).status;

const refresh = async (token: string) => (await system.request(token, 'POST', '/api/auth/refresh')).status;

async function median(samples: () => Promise<number>, count: number): Promise<number> {
  const values: number[] = [];
  for (let index = 0; index < count; index++) values.push(await samples());
  return values.sort((a, b) => a - b)[Math.floor(count / 2)] as number;
}

describe('signing out', () => {
  it('ends that session at once: its token is refused and its socket closed; other sessions go on', async () => {
    const agent = await system.addAgent([appId]);
    const other = await signIn(agent);
    const socket = await system.connect(agent.token);
    const otherSocket = await system.connect(other);

    const signedOut = await system.request(agent.token, 'POST', '/api/auth/logout', {});
    expect(signedOut.status).toBe(200);
    await socket.closed;
    expect(await me(agent.token)).toBe(401);
    expect(await refresh(agent.token)).toBe(401);
    await expect(system.connect(agent.token)).rejects.toThrow(/401/);

    expect(await me(other)).toBe(200);
    otherSocket.send({ action: 'ping' });
    await otherSocket.next(
      (frame): frame is Extract<typeof frame, { type: 'pong' }> => frame.type === 'pong',
    );
    await otherSocket.close();
  });

  it('takes the agent offline when it was their last session', async () => {
    const agent = await system.addAgent([appId]);
    await system.request(agent.token, 'POST', '/api/auth/logout', {});
    const token = await signIn(agent);
    const { body } = await system.request<{ routing: { status: string } }>(token, 'GET', '/api/me');
    expect(body.routing.status).toBe('offline');
  });
});

describe('a new password', () => {
  it('ends every other session and socket, and keeps the console that changed it signed in', async () => {
    const agent = await system.addAgent([appId]);
    const elsewhere = await signIn(agent);
    const elsewhereSocket = await system.connect(elsewhere);
    const wrong = await system.request(agent.token, 'PUT', '/api/me/password', {
      currentPassword: 'not-the-password',
      newPassword: 'a-new-password-1',
    });
    expect(wrong.status).toBe(403);
    expect(await me(elsewhere)).toBe(200);

    const changed = await system.request<{ token: string }>(agent.token, 'PUT', '/api/me/password', {
      currentPassword: agent.password,
      newPassword: 'a-new-password-1',
    });
    expect(changed.status).toBe(200);
    await elsewhereSocket.closed;
    expect(await me(elsewhere)).toBe(401);
    expect(await me(agent.token)).toBe(401);
    expect(await me(changed.body.token)).toBe(200);
    expect((await system.login(agent.username, agent.password)).status).toBe(401);
    expect((await system.login(agent.username, 'a-new-password-1')).status).toBe(200);
  });
});

describe('a session', () => {
  it('has a hard end that refreshing cannot pass', async () => {
    const agent = await system.addAgent([appId]);
    const identity = await verifyAgentToken(agent.token);
    await dynamo().send(
      new UpdateCommand({
        TableName: system.runtime.tableNames.core,
        Key: sessionKey(agent.agentId, identity?.sessionId ?? ''),
        UpdateExpression: 'SET endsAt = :past',
        ExpressionAttributeValues: { ':past': Date.now() - 1000 },
      }),
    );
    expect(await refresh(agent.token)).toBe(401);
    expect(await me(agent.token)).toBe(401);
  });

  it('ends when the agent is disabled', async () => {
    const agent = await system.addAgent([appId]);
    await dynamo().send(
      new UpdateCommand({
        TableName: system.runtime.tableNames.core,
        Key: agentKey(agent.agentId),
        UpdateExpression: 'SET disabled = :yes',
        ExpressionAttributeValues: { ':yes': true },
      }),
    );
    expect(await me(agent.token)).toBe(401);
    expect((await system.login(agent.username, agent.password)).status).toBe(401);
  });
});

describe('signing in', () => {
  it('takes as long for an unknown username as for a known one, so usernames cannot be probed', async () => {
    const agent = await system.addAgent([appId]);
    const timed = (username: string) => async () => {
      const started = performance.now();
      await system.login(username, 'wrong-password');
      return performance.now() - started;
    };
    // Both pay for one password hash; before, an unknown name answered about 40 times faster.
    const known = await median(timed(agent.username), 3);
    const unknown = await median(timed(`nobody-${agent.username}`), 3);
    expect(unknown).toBeGreaterThan(known / 3);
  });

  it('locks a username after repeated failures, says when to retry, and opens again after that', async () => {
    const agent = await system.addAgent([appId]);
    for (let attempt = 1; attempt <= 6; attempt++) {
      expect((await system.login(agent.username, `wrong-${attempt}`)).status).toBe(401);
    }
    const locked = await system.login(agent.username, agent.password);
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await locked.json()).toMatchObject({ error: { code: 'too_many_attempts' } });
    await eventually(
      async () => expect((await system.login(agent.username, agent.password)).status).toBe(200),
      {
        timeoutMs: 10_000,
        intervalMs: 250,
      },
    );
  });
});
