/**
 * An invitation link lets one person choose their password once: its token is random (256 bits),
 * stored only as a hash, valid for 72 hours and used up by the first acceptance.
 */

export const invitationLifetimeMs = 72 * 60 * 60 * 1000;

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
