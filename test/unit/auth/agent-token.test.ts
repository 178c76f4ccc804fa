import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueAgentToken, tokenLifetimeSeconds, verifyAgentToken } from '../../../shared/auth/agent-token.ts';

const identity = { agentId: '01JAGENT', workspaceId: 'acme', username: 'alice', sessionId: 'session-1' };
/** A session far from its end, so the token's own lifetime applies. */
const sessionEndsAt = Date.now() + 24 * 60 * 60 * 1000;

describe('agent tokens', () => {
  beforeAll(() => {
    process.env.JWT_SECRET = 'unit-test-signing-key-with-enough-entropy-0123456789';
  });

  it('round-trips the identity', async () => {
    const { token, expiresAt } = await issueAgentToken(identity, sessionEndsAt);
    expect(await verifyAgentToken(token)).toEqual(identity);
    expect(expiresAt).toBeGreaterThan(Date.now() + (tokenLifetimeSeconds - 5) * 1000);
  });

  it('never outlives its session', async () => {
    const endsSoon = Date.now() + 10 * 60 * 1000;
    const { expiresAt } = await issueAgentToken(identity, endsSoon);
    expect(expiresAt).toBeLessThanOrEqual(endsSoon);
    expect(expiresAt).toBeGreaterThan(endsSoon - 2000);
  });

  it('issues a different token each time, even within one second', async () => {
    const now = Date.now();
    const [first, second] = await Promise.all([
      issueAgentToken(identity, sessionEndsAt, now),
      issueAgentToken(identity, sessionEndsAt, now),
    ]);
    expect(first.token).not.toBe(second.token);
    expect(await verifyAgentToken(second.token)).toEqual(identity);
  });

  it('rejects an expired token', async () => {
    const { token } = await issueAgentToken(
      identity,
      sessionEndsAt,
      Date.now() - (tokenLifetimeSeconds + 60) * 1000,
    );
    expect(await verifyAgentToken(token)).toBeUndefined();
  });

  it('rejects a token signed with another key', async () => {
    const forged = await new SignJWT({ ws: 'acme', usr: 'alice' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('01JAGENT')
      .setIssuer('wechat-cs')
      .setAudience('wechat-cs-console')
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('some-other-key-some-other-key-some-other-key'));
    expect(await verifyAgentToken(forged)).toBeUndefined();
  });

  it('rejects a tampered payload and garbage', async () => {
    const { token } = await issueAgentToken(identity, sessionEndsAt);
    const [header, , signature] = token.split('.');
    const payload = Buffer.from(JSON.stringify({ sub: 'someone-else', ws: 'acme', usr: 'mallory' })).toString(
      'base64url',
    );
    expect(await verifyAgentToken(`${header}.${payload}.${signature}`)).toBeUndefined();
    expect(await verifyAgentToken('not.a.jwt')).toBeUndefined();
    expect(await verifyAgentToken('')).toBeUndefined();
  });
});
