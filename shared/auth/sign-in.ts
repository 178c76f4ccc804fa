import { type Agent, publicAgent } from '../domain/agent.ts';
import type { AgentLoad } from '../domain/routing.ts';
import { lockAfter, type ThrottleSubject } from '../domain/sign-in-throttle.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { findAgentByUsername, getAgent } from '../store/agents-repository.ts';
import {
  addSignInFailure,
  clearSignInFailures,
  getSignInFailures,
  type SignInFailures,
} from '../store/sign-in-failures-repository.ts';
import type { AgentIdentity, IssuedToken } from './agent-token.ts';
import { verifyPassword } from './password.ts';
import { renewSessionToken, startSession } from './sessions.ts';

export type SignedIn = IssuedToken & { agent: Agent };

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

/**
 * Signs an agent in: a session and its first token when the password is theirs. The same refusal for
 * an unknown user, a wrong password and a disabled account; repeated failures lock the username and
 * the source address for a growing time, said in the answer.
 */
export async function signIn(
  username: string,
  password: string,
  address: string,
  now = Date.now(),
): Promise<SignInOutcome> {
  const subjects: [ThrottleSubject, string][] = [
    ['username', username.toLowerCase()],
    ['address', address],
  ];
  const failures = await Promise.all(subjects.map(([subject, value]) => getSignInFailures(subject, value)));
  const lockedUntil = Math.max(0, ...failures.map((each) => each?.lockedUntil ?? 0));
  if (lockedUntil > now)
    return { outcome: 'throttled', retryAfterSeconds: Math.ceil((lockedUntil - now) / 1000) };

  const agent = await findAgentByUsername(username);
  const matches = await verifyPassword(password, agent?.passwordHash ?? unknownUserHash);
  if (!agent || !matches || agent.disabled) {
    await Promise.all(
      subjects.map(([subject, value], index) =>
        addSignInFailure(subject, value, failures[index] as SignInFailures | undefined, now, (count) =>
          lockAfter(subject, count),
        ),
      ),
    );
    return { outcome: 'refused' };
  }
  await clearSignInFailures('username', username.toLowerCase());
  return { outcome: 'signed-in', ...(await startSession(agent, now)), agent: publicAgent(agent) };
}

/** A fresh token for a live session of an agent who still exists. */
export async function renewToken(identity: AgentIdentity): Promise<SignedIn | undefined> {
  const [agent, issued] = await Promise.all([getAgent(identity.agentId), renewSessionToken(identity)]);
  return agent && issued && !agent.disabled ? { ...issued, agent: publicAgent(agent) } : undefined;
}

/** The signed-in agent as the console shows them, with their routing state. */
export async function describeAgent(
  identity: AgentIdentity,
): Promise<{ agent: Agent; routing: AgentLoad | undefined } | undefined> {
  const [agent, loads] = await Promise.all([getAgent(identity.agentId), getAgentLoads([identity.agentId])]);
  return agent ? { agent: publicAgent(agent), routing: loads[0] } : undefined;
}
