import { randomUUID } from 'node:crypto';
import { jwtVerify, SignJWT } from 'jose';
import { signingKey } from './signing-key.ts';

/**
 * Short-lived: the console refreshes it while the agent works, never past the end of its session
 * (which the server can end at any time: every request checks the session is still there).
 */
export const tokenLifetimeSeconds = 60 * 60;

const issuer = 'wechat-cs';
const audience = 'wechat-cs-console';

export interface AgentIdentity {
  agentId: string;
  workspaceId: string;
  username: string;
  /** The sign-in this token belongs to. */
  sessionId: string;
}

export interface IssuedToken {
  token: string;
  expiresAt: number;
}

export async function issueAgentToken(
  identity: AgentIdentity,
  sessionEndsAt: number,
  now = Date.now(),
): Promise<IssuedToken> {
  const issuedAt = Math.floor(now / 1000);
  const expiresAt = Math.min(issuedAt + tokenLifetimeSeconds, Math.floor(sessionEndsAt / 1000));
  const token = await new SignJWT({
    ws: identity.workspaceId,
    usr: identity.username,
    sid: identity.sessionId,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.agentId)
    // Two tokens issued within one second must still differ, or a renewal would look like no renewal.
    .setJti(randomUUID())
    .setIssuer(issuer)
    .setAudience(audience)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(await signingKey());
  return { token, expiresAt: expiresAt * 1000 };
}

/** The identity in a valid token, or undefined for anything forged, expired or malformed. */
export async function verifyAgentToken(token: string): Promise<AgentIdentity | undefined> {
  const key = await signingKey();
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer,
      audience,
      algorithms: ['HS256'],
    });
    if (
      typeof payload.sub !== 'string' ||
      typeof payload.ws !== 'string' ||
      typeof payload.usr !== 'string' ||
      typeof payload.sid !== 'string'
    ) {
      return undefined;
    }
    return { agentId: payload.sub, workspaceId: payload.ws, username: payload.usr, sessionId: payload.sid };
  } catch {
    return undefined;
  }
}
