/**
 * A sign-in lasts a working day at most, however often its token is refreshed: a token kept alive by
 * a forgotten tab, or a stolen one, cannot outlive it. Signing out, a password change or an admin
 * disabling the agent end it earlier, at once.
 */
export const sessionLifetimeMs = 12 * 60 * 60 * 1000;

export interface Session {
  sessionId: string;
  agentId: string;
  createdAt: number;
  endsAt: number;
}

export function isLive(session: Session, now: number): boolean {
  return session.endsAt > now;
}
