/**
 * Invitation tokens: made here, stored only as their hash. (Kept apart from accepting an invitation,
 * so that creating agents pulls in no sign-in or logging code.)
 */
import { createHash, randomBytes } from 'node:crypto';
import { type Invitation, invitationLifetimeMs, invitationLink } from '../domain/invitation.ts';
import type { InvitationRecord } from '../store/invitations-repository.ts';

/** The stored form of a token: a hash, so a reader of the table cannot use an open invitation. */
export function invitationTokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

/** A fresh invitation for an agent: the token for the inviter, the record to store. */
export function newInvitation(
  agent: { agentId: string; workspaceId: string },
  consoleUrl: string | undefined,
  now = Date.now(),
): { invitation: Invitation; record: InvitationRecord } {
  const token = randomBytes(32).toString('base64url');
  const validUntil = now + invitationLifetimeMs;
  return {
    invitation: {
      token,
      expiresAt: validUntil,
      ...(consoleUrl ? { link: invitationLink(consoleUrl, token) } : {}),
    },
    record: {
      tokenHash: invitationTokenHash(token),
      agentId: agent.agentId,
      workspaceId: agent.workspaceId,
      createdAt: now,
      validUntil,
    },
  };
}
