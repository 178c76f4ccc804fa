import { randomUUID } from 'node:crypto';
import { type AccountPurpose, type Actor, passwordChangeBlocks } from '../domain/permissions.ts';
import { type Session, sessionLifetimeMs } from '../domain/session.ts';
import { connectionPusher } from '../realtime/connection-pusher.ts';
import { findActor } from '../store/actor-repository.ts';
import { deleteConnection, listAgentConnections } from '../store/connections-repository.ts';
import { deleteSessions, listSessions, saveSession } from '../store/sessions-repository.ts';
import { type AgentIdentity, type IssuedToken, issueAgentToken, verifyAgentToken } from './agent-token.ts';

export interface Authenticated {
  identity: AgentIdentity;
  actor: Actor;
}

/**
 * Why a token is not honoured: `unauthenticated` for a forged or expired token, an ended session, or
 * a disabled or deleted agent; `password_change_required` for an agent who must first change the
 * password someone else set (for anything but changing it or signing out).
 */
export type Refusal = 'unauthenticated' | 'password_change_required';

export type Authentication = ({ outcome: 'authenticated' } & Authenticated) | { outcome: Refusal };

/** The agent behind a token, as they are now, for the given purpose. Every request and every socket asks this. */
export async function authenticateToken(
  token: string,
  purpose: AccountPurpose = 'work',
): Promise<Authentication> {
  const identity = await verifyAgentToken(token);
  if (!identity) return { outcome: 'unauthenticated' };
  const actor = await currentActor(identity, purpose);
  return typeof actor === 'string' ? { outcome: actor } : { outcome: 'authenticated', identity, actor };
}

/** The agent of an already verified identity (a socket's), while its session lasts, or why not. */
export async function currentActor(
  identity: AgentIdentity,
  purpose: AccountPurpose = 'work',
): Promise<Actor | Refusal> {
  const actor = await findActor(identity);
  if (!actor) return 'unauthenticated';
  return passwordChangeBlocks(actor, purpose) ? 'password_change_required' : actor;
}

/** A new sign-in: a server-side session of bounded life, and its first token. */
export async function startSession(
  agent: { agentId: string; workspaceId: string; username: string },
  now = Date.now(),
): Promise<IssuedToken> {
  const session: Session = {
    sessionId: randomUUID(),
    agentId: agent.agentId,
    createdAt: now,
    endsAt: now + sessionLifetimeMs,
  };
  await saveSession(session);
  return issueAgentToken({ ...agent, sessionId: session.sessionId }, session.endsAt, now);
}

/** A fresh token for a live session; never reaching past the session's end. */
export async function renewSessionToken(
  identity: AgentIdentity,
  now = Date.now(),
): Promise<IssuedToken | undefined> {
  const session = (await listSessions(identity.agentId)).find(
    (each) => each.sessionId === identity.sessionId,
  );
  return session && session.endsAt > now ? issueAgentToken(identity, session.endsAt, now) : undefined;
}

/**
 * Ends sessions at once: their tokens are refused from the next request on, and the sockets opened
 * with them are closed (API Gateway then calls `$disconnect`). All of the agent's sessions, or only
 * the given one.
 */
export async function endSessions(agentId: string, only?: string): Promise<void> {
  const sessionIds = only ? [only] : (await listSessions(agentId)).map((session) => session.sessionId);
  await deleteSessions(agentId, sessionIds);
  const ended = new Set(sessionIds);
  const sockets = (await listAgentConnections(agentId)).filter(
    (connection) => !only || ended.has(connection.sessionId),
  );
  await Promise.all(
    sockets.map(async ({ connectionId }) => {
      await connectionPusher().disconnect(connectionId);
      await deleteConnection(connectionId);
    }),
  );
}
