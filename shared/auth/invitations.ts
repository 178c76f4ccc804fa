/** Accepting an invitation: the invited person chooses their password and is signed in. */
import { recordAudit } from '../admin/audit-trail.ts';
import type { AuditSource } from '../domain/audit.ts';
import { getAgentNow } from '../store/agents-repository.ts';
import { consumeInvitation, getInvitation } from '../store/invitations-repository.ts';
import { invitationTokenHash } from './invitation-token.ts';
import { hashPassword } from './password.ts';
import { type SignedIn, startSignedIn } from './sign-in.ts';

export type InvitationAcceptance = ({ outcome: 'accepted' } & SignedIn) | { outcome: 'invalid' };

/**
 * The invited person chooses their password: the invitation is used up, and they are signed in. An
 * unknown, used, replaced or expired token, or one of a disabled agent, is `invalid` (one answer for
 * all, so tokens cannot be probed for what became of them).
 */
export async function acceptInvitation(
  token: string,
  password: string,
  source: AuditSource,
  now = Date.now(),
): Promise<InvitationAcceptance> {
  const invitation = await getInvitation(invitationTokenHash(token));
  if (!invitation || invitation.validUntil <= now) return { outcome: 'invalid' };
  const agent = await getAgentNow(invitation.agentId);
  if (!agent || agent.disabled) return { outcome: 'invalid' };
  const passwordHash = await hashPassword(password);
  if (!(await consumeInvitation(invitation, passwordHash, now))) return { outcome: 'invalid' };
  const chosen = { ...agent, passwordHash, mustChangePassword: undefined, invitationExpiresAt: undefined };
  await recordAudit(
    {
      workspaceId: agent.workspaceId,
      kind: 'agent.invitation_accepted',
      who: { agentId: agent.agentId, username: agent.username },
      source,
      target: { type: 'agent', id: agent.agentId, name: agent.username },
      summary: 'accepted the invitation and chose a password',
    },
    now,
  );
  return {
    outcome: 'accepted',
    ...(await startSignedIn(chosen, source, 'signed in by accepting an invitation', now)),
  };
}
