/**
 * An invitation link lets one person choose their password once: its token is random (256 bits),
 * stored only as a hash, valid for 72 hours and used up by the first acceptance.
 */
import { z } from 'zod';

export const invitationLifetimeMs = 72 * 60 * 60 * 1000;

/** 32 random bytes in base64url. */
export const invitationTokenSchema = z
  .string()
  .regex(/^[A-Za-z0-9_-]{43}$/, 'an invitation token is 43 characters of A-Z, a-z, 0-9, - and _');

/** What the inviter passes on: the token and how long it works. */
export interface Invitation {
  token: string;
  expiresAt: number;
  /** The console's page for it, when the console's address is known. */
  link?: string;
}

/**
 * The console page that accepts an invitation: the token travels in the fragment, which browsers
 * never send to a server, so it appears in no access log.
 */
export function invitationLink(consoleUrl: string, token: string): string {
  return `${consoleUrl.replace(/\/+$/, '')}/#invitation=${token}`;
}
