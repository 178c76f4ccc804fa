/**
 * Identifiers shaped like WeChat's, so the platform's storage and validation see realistic values:
 * 28-character openids starting with `o`, long url-safe tokens and media ids, 64-bit MsgIds beyond 2^53.
 */
import { createHash, randomBytes } from 'node:crypto';

/** `o` + 27 url-safe characters, like `o9AgO5Kd5ggOC-bXrbNODIiE3bGY`. */
export function newOpenId(): string {
  return `o${randomBytes(21).toString('base64url').slice(0, 27)}`;
}

/**
 * Real tokens are 130+ characters of [A-Za-z0-9_-] with a small numeric prefix; the platform has to
 * reserve 512 characters for them (WECHAT.md §8), so a short fake would hide storage bugs.
 */
export function newAccessToken(): string {
  return `86_${randomBytes(96).toString('base64url')}`;
}

/** Anything else presented as a token: not what WeChat ever issues, answered with 40014. */
export function isWellFormedToken(token: string): boolean {
  return /^[A-Za-z0-9_-]{16,512}$/.test(token);
}

export function newMediaId(): string {
  return randomBytes(48).toString('base64url');
}

/** The ` rid: …` suffix WeChat appends to every errmsg; it keeps the platform from matching on errmsg text. */
export function newRid(): string {
  const part = () => randomBytes(4).toString('hex');
  return `${part()}-${part()}-${part()}`;
}

/** `gh_` + 12 hex characters, stable per app id, for apps configured without an original id. */
export function originalIdOf(appId: string): string {
  return `gh_${createHash('sha1').update(appId).digest('hex').slice(0, 12)}`;
}

/**
 * MsgIds increase like WeChat's and start above 2^62, so every one is beyond 2^53 and JSON pushes carry
 * them as bare numbers that JSON.parse would round: the platform must keep them exact.
 */
export function msgIdSequence(): () => bigint {
  let next = (1n << 62n) + BigInt(randomBytes(6).readUIntBE(0, 6)) * 1024n;
  return () => {
    next += 1n + BigInt(randomBytes(1)[0] ?? 0);
    return next;
  };
}
