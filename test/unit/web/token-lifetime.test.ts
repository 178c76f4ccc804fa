import { describe, expect, it } from 'vitest';
import { localExpiry, tokenLifetimeMs } from '../../../web/src/token-lifetime.ts';

function token(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'HS256' })}.${encode(claims)}.signature`;
}

describe('token lifetime', () => {
  it('reads the lifetime from iat and exp', () => {
    expect(tokenLifetimeMs(token({ iat: 1000, exp: 4600, sub: 'a' }))).toBe(3_600_000);
  });

  it('counts the lifetime from arrival on the local clock, whatever the server clock says', () => {
    // The server's clock is ten minutes ahead of the agent's.
    expect(localExpiry(token({ iat: 1000, exp: 4600 }), 99_999_999, 50_000)).toBe(50_000 + 3_600_000);
  });

  it('falls back to the server expiry for a token it cannot read', () => {
    expect(localExpiry('opaque', 123_456, 1)).toBe(123_456);
    expect(localExpiry(token({ sub: 'no times' }), 123_456, 1)).toBe(123_456);
    expect(localExpiry('a.!!!.c', 123_456, 1)).toBe(123_456);
  });
});
