import { describe, expect, it } from 'vitest';
import { interpretSessionChange, sessionStorageKey } from '../../../web/src/session-sync.ts';
import { me } from './fixtures.ts';

/** Bug 7: a second tab reuses the session, and signing out in one tab signs out the others. */

const now = 1_800_000_000_000;
const session = (token: string, agent = me) => ({ token, agent, expiresAt: now + 3_600_000 });

describe('interpretSessionChange', () => {
  it('signs this tab out when another removed the session', () => {
    expect(interpretSessionChange(sessionStorageKey, null, session('a'), now)).toEqual({
      kind: 'signed-out',
    });
    expect(interpretSessionChange(null, null, session('a'), now)).toEqual({ kind: 'signed-out' });
    expect(interpretSessionChange(sessionStorageKey, null, undefined, now)).toEqual({ kind: 'ignore' });
  });

  it("takes over another tab's sign-in, renewal or new password", () => {
    const stored = session('b');
    expect(interpretSessionChange(sessionStorageKey, JSON.stringify(stored), session('a'), now)).toEqual({
      kind: 'adopt',
      session: stored,
    });
    expect(interpretSessionChange(sessionStorageKey, JSON.stringify(stored), undefined, now)).toEqual({
      kind: 'adopt',
      session: stored,
    });
  });

  it('ignores other keys, its own token, expired and malformed sessions', () => {
    expect(interpretSessionChange('wechat-cs:alerts', '{}', session('a'), now).kind).toBe('ignore');
    expect(
      interpretSessionChange(sessionStorageKey, JSON.stringify(session('a')), session('a'), now).kind,
    ).toBe('ignore');
    const expired = { ...session('b'), expiresAt: now - 1 };
    expect(interpretSessionChange(sessionStorageKey, JSON.stringify(expired), session('a'), now).kind).toBe(
      'ignore',
    );
    expect(interpretSessionChange(sessionStorageKey, 'not json', session('a'), now).kind).toBe('ignore');
  });
});
