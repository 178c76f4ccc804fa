import type { Agent } from '../../shared/domain/agent.ts';

/**
 * The signed-in agent, kept in sessionStorage: it survives a reload of the tab but not closing it,
 * and another tab signs in on its own, which is what a shared support-desk PC needs.
 */

export interface Session {
  token: string;
  agent: Agent;
  /** When the token stops working, on this browser's clock (see token-lifetime.ts). */
  expiresAt: number;
}

const storageKey = 'wechat-cs:session';

export function loadSession(storage: Storage, now: number): Session | undefined {
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
