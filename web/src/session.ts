import type { Agent } from '../../shared/domain/agent.ts';
import { sessionStorageKey } from './session-sync.ts';

/**
 * The signed-in agent, kept in localStorage: a reload, a second tab and a new window of the same
 * browser use the same sign-in, and signing out in one tab signs out the others (session-sync.ts).
 * Signing out (or the session ending) removes it, so a shared desk PC keeps nothing after it.
 */

export interface Session {
  token: string;
  agent: Agent;
  /** When the token stops working, on this browser's clock (see token-lifetime.ts). */
  expiresAt: number;
}

const storageKey = sessionStorageKey;

export function loadSession(storage: Pick<Storage, 'getItem'>, now: number): Session | undefined {
  try {
    const parsed = JSON.parse(storage.getItem(storageKey) ?? 'null') as Partial<Session> | null;
    if (
      !parsed ||
      typeof parsed.token !== 'string' ||
      typeof parsed.expiresAt !== 'number' ||
      typeof parsed.agent?.agentId !== 'string'
    ) {
      return undefined;
    }
    return parsed.expiresAt > now ? (parsed as Session) : undefined;
  } catch {
    return undefined;
  }
}

export function saveSession(storage: Storage, session: Session): void {
  try {
    storage.setItem(storageKey, JSON.stringify(session));
  } catch {
    // Storage refused (quota, policy): the session still works until the tab is reloaded.
  }
}

export function clearSession(storage: Storage): void {
  try {
    storage.removeItem(storageKey);
  } catch {
    // Nothing stored, nothing to clear.
  }
}
