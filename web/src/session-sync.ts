import type { Session } from './session.ts';

/**
 * Tabs of one browser share the session in localStorage; the `storage` event tells each tab what
 * another did with it. Pure: the App applies the answer.
 */
export type SessionChange =
  /** Another tab signed out (or the session was cleared): sign out here too. */
  | { kind: 'signed-out' }
  /** Another tab signed in, or renewed or replaced the token (a new password): use that session. */
  | { kind: 'adopt'; session: Session }
  | { kind: 'ignore' };

export const sessionStorageKey = 'wechat-cs:session';

/** `newValue` is the stored session after the change (null: removed); `current` is this tab's. */
export function interpretSessionChange(
  key: string | null,
  newValue: string | null,
  current: Session | undefined,
  now: number,
): SessionChange {
  // `key` null: the whole storage was cleared.
  if (key !== null && key !== sessionStorageKey) return { kind: 'ignore' };
  if (newValue === null) return current ? { kind: 'signed-out' } : { kind: 'ignore' };
  let stored: Partial<Session> | null;
  try {
    stored = JSON.parse(newValue) as Partial<Session> | null;
  } catch {
    return { kind: 'ignore' };
  }
  if (
    !stored ||
    typeof stored.token !== 'string' ||
    typeof stored.expiresAt !== 'number' ||
    typeof stored.agent?.agentId !== 'string' ||
    stored.expiresAt <= now
  ) {
    return { kind: 'ignore' };
  }
  if (current?.token === stored.token) return { kind: 'ignore' };
  return { kind: 'adopt', session: stored as Session };
}
