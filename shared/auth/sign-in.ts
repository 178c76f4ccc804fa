import { platformAuditWorkspace, recordAudit } from '../admin/audit-trail.ts';
import type { Abilities } from '../domain/admin-view.ts';
import { type Agent, type AgentWithCredentials, publicAgent } from '../domain/agent.ts';
import type { AuditSource } from '../domain/audit.ts';
import {
  mayAdminister,
  mayManageApps,
  mayReadAudit,
  mayReadReports,
  mayWatchFloor,
} from '../domain/permissions.ts';
import type { AgentLoad } from '../domain/routing.ts';
import { type ServedApp, servedAppOf } from '../domain/served-app.ts';
import { lockAfter, type ThrottleSubject } from '../domain/sign-in-throttle.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { findAgentByUsername, getAgent } from '../store/agents-repository.ts';
import { getAppCached } from '../store/app-cache.ts';
import {
  addSignInFailure,
  clearSignInFailures,
  getSignInFailures,
  type SignInFailures,
} from '../store/sign-in-failures-repository.ts';
import type { AgentIdentity, IssuedToken } from './agent-token.ts';
import { verifyPassword } from './password.ts';
import { renewSessionToken, startSession } from './sessions.ts';

/** What a sign-in answers: the token, the agent, and whether they must first choose a new password. */
export type SignedIn = IssuedToken & { agent: Agent; mustChangePassword: boolean };

export type SignInOutcome =
  | ({ outcome: 'signed-in' } & SignedIn)
  | { outcome: 'refused' }
  | { outcome: 'throttled'; retryAfterSeconds: number };

/**
 * What an unknown username is checked against, so that it costs the same time as a known one and
 * usernames cannot be told apart by how fast the answer comes (no password matches it).
 */
const unknownUserHash =
  'scrypt$32768$8$3$VZzZPEKZf6fBvlo0EwsqWQ==$Ox6sRI7wx7m1y1jbbjUnchJuZ10B3e8IEgMzlJmLvLOX9/WJ4g3CQ3Dc4QdDH23lbS4JPXHYQSXlp9aBtURVWA==';

/** The trail's entry for a refused sign-in, filed in the workspace of the username when there is one. */
function auditRefusal(
  typed: string,
  agent: AgentWithCredentials | undefined,
  reason: string,
  source: AuditSource,
  now: number,
): Promise<void> {
  return recordAudit(
    {
      workspaceId: agent?.workspaceId ?? platformAuditWorkspace,
      kind: 'auth.sign_in_failed',
      who: { ...(agent ? { agentId: agent.agentId } : {}), username: typed },
      source,
      ...(agent ? { target: { type: 'agent', id: agent.agentId, name: agent.username } } : {}),
      summary: `sign-in as "${typed}" refused: ${reason}`,
    },
    now,
  );
}

/** A session for the agent, and the trail's entry for it. */
export async function startSignedIn(
  agent: AgentWithCredentials,
  source: AuditSource,
  summary = 'signed in',
  now = Date.now(),
): Promise<SignedIn> {
  const issued = await startSession(agent, now);
  await recordAudit(
    {
      workspaceId: agent.workspaceId,
      kind: 'auth.signed_in',
      who: { agentId: agent.agentId, username: agent.username },
      source,
      target: { type: 'agent', id: agent.agentId, name: agent.username },
      summary,
    },
    now,
  );
  return { ...issued, agent: publicAgent(agent), mustChangePassword: agent.mustChangePassword === true };
}

/**
 * Signs an agent in: a session and its first token when the password is theirs. The same refusal for
 * an unknown user, a wrong password and a disabled account; repeated failures lock the username and
 * the source address for a growing time, said in the answer. Every attempt goes to the audit trail.
 */
export async function signIn(
  username: string,
  password: string,
  source: AuditSource & { ip: string },
  now = Date.now(),
): Promise<SignInOutcome> {
  const subjects: [ThrottleSubject, string][] = [
    ['username', username.toLowerCase()],
    ['address', source.ip],
  ];
  const failures = await Promise.all(subjects.map(([subject, value]) => getSignInFailures(subject, value)));
  const lockedUntil = Math.max(0, ...failures.map((each) => each?.lockedUntil ?? 0));
  if (lockedUntil > now) {
    const retryAfterSeconds = Math.ceil((lockedUntil - now) / 1000);
    await auditRefusal(
      username,
      await findAgentByUsername(username),
      'too many failed attempts',
      source,
      now,
    );
    return { outcome: 'throttled', retryAfterSeconds };
  }

  const agent = await findAgentByUsername(username);
  const matches = await verifyPassword(password, agent?.passwordHash || unknownUserHash);
  if (!agent || !matches || agent.disabled || !agent.passwordHash) {
    const reason = !agent
      ? 'unknown username'
      : agent.disabled
        ? 'the agent is disabled'
        : !agent.passwordHash
          ? 'no password chosen yet (invitation outstanding)'
          : 'wrong password';
    // The trail's entry beside the counters, not after them: the answer is not held up by it.
    await Promise.all([
      ...subjects.map(([subject, value], index) =>
        addSignInFailure(subject, value, failures[index] as SignInFailures | undefined, now, (count) =>
          lockAfter(subject, count),
        ),
      ),
      auditRefusal(username, agent, reason, source, now),
    ]);
    return { outcome: 'refused' };
  }
  await clearSignInFailures('username', username.toLowerCase());
  return { outcome: 'signed-in', ...(await startSignedIn(agent, source, 'signed in', now)) };
}

/** A fresh token for a live session of an agent who still exists. */
export async function renewToken(identity: AgentIdentity): Promise<SignedIn | undefined> {
  const [agent, issued] = await Promise.all([getAgent(identity.agentId), renewSessionToken(identity)]);
  return agent && issued && !agent.disabled
    ? { ...issued, agent: publicAgent(agent), mustChangePassword: agent.mustChangePassword === true }
    : undefined;
}

/** The signed-in agent as the console shows them, with their routing state and what they may administer. */
export async function describeAgent(
  identity: AgentIdentity,
): Promise<{ agent: Agent; routing: AgentLoad | undefined; may: Abilities; apps: ServedApp[] } | undefined> {
  const [agent, loads] = await Promise.all([getAgent(identity.agentId), getAgentLoads([identity.agentId])]);
  if (!agent) return undefined;
  const actor = { agentId: agent.agentId, workspaceId: agent.workspaceId, role: agent.role, queues: [] };
  const apps = await Promise.all(agent.appIds.map((appId) => getAppCached(appId)));
  return {
    agent: publicAgent(agent),
    routing: loads[0],
    // The apps the agent answers for, as the composer needs them; a disabled one is not served.
    apps: apps.flatMap((app) => (app && !app.disabled ? [servedAppOf(app)] : [])),
    may: {
      administer: mayAdminister(actor),
      manageApps: mayManageApps(actor),
      readAudit: mayReadAudit(actor),
      watchFloor: mayWatchFloor(actor),
      readReports: mayReadReports(actor),
    },
  };
}
