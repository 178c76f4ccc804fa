/**
 * An invitation link is the console's address with `#invitation=<token>`: the token travels in the
 * fragment, which browsers never send to a server (shared/domain/invitation.ts).
 */

const fragment = /^#invitation=([A-Za-z0-9_-]+)$/;

/** The token a link's fragment carries, or undefined for any other address. */
export function invitationToken(hash: string): string | undefined {
  return fragment.exec(hash)?.[1];
}

/** The link for `token` to this console, wherever it is served from. */
export function invitationLinkHere(location: { origin: string; pathname: string }, token: string): string {
  return `${location.origin}${location.pathname}#invitation=${token}`;
}
