/**
 * When this console must consider its token expired, on the browser's own clock. The server's
 * `expiresAt` is on the server's clock; an agent PC a few minutes off would then sign out too early
 * or too late. The token's own `iat`/`exp` give its lifetime, which is added to the moment the token
 * arrived. The token is not verified here (the server does that); it is only read.
 */
export function localExpiry(token: string, serverExpiresAt: number, receivedAt: number): number {
  const lifetimeMs = tokenLifetimeMs(token);
  return lifetimeMs === undefined ? serverExpiresAt : receivedAt + lifetimeMs;
}

export function tokenLifetimeMs(token: string): number | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(base64.padEnd(base64.length + ((4 - (base64.length % 4)) % 4), '='))) as {
      iat?: unknown;
      exp?: unknown;
    };
    if (typeof claims.iat !== 'number' || typeof claims.exp !== 'number' || claims.exp <= claims.iat) {
      return undefined;
    }
    return (claims.exp - claims.iat) * 1000;
  } catch {
    return undefined;
  }
}
