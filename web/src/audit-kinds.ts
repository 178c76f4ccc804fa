import type { AuditKind } from './api.ts';
import type { MessageKey } from './i18n.ts';

/**
 * Every kind of audit entry, in the order the filter offers them, with its name in words. Typed
 * against the server's list (shared/domain/audit.ts), so a new kind cannot be left unnamed.
 */
export const auditKindLabels: Readonly<Record<AuditKind, MessageKey>> = {
  'auth.signed_in': 'audit.kind.auth.signed_in',
  'auth.sign_in_failed': 'audit.kind.auth.sign_in_failed',
  'auth.signed_out': 'audit.kind.auth.signed_out',
  'auth.password_changed': 'audit.kind.auth.password_changed',
  'agent.created': 'audit.kind.agent.created',
  'agent.invitation_created': 'audit.kind.agent.invitation_created',
  'agent.invitation_accepted': 'audit.kind.agent.invitation_accepted',
  'agent.password_reset': 'audit.kind.agent.password_reset',
  'agent.disabled': 'audit.kind.agent.disabled',
  'agent.enabled': 'audit.kind.agent.enabled',
  'agent.role_changed': 'audit.kind.agent.role_changed',
  'agent.changed': 'audit.kind.agent.changed',
  'app.added': 'audit.kind.app.added',
  'app.changed': 'audit.kind.app.changed',
  'app.disabled': 'audit.kind.app.disabled',
  'app.enabled': 'audit.kind.app.enabled',
  'app.removed': 'audit.kind.app.removed',
  'app.credentials_tested': 'audit.kind.app.credentials_tested',
  'queue.changed': 'audit.kind.queue.changed',
  'queue.members_changed': 'audit.kind.queue.members_changed',
  'queue.deleted': 'audit.kind.queue.deleted',
  'quick_reply.added': 'audit.kind.quick_reply.added',
  'quick_reply.changed': 'audit.kind.quick_reply.changed',
  'quick_reply.removed': 'audit.kind.quick_reply.removed',
  'workspace.created': 'audit.kind.workspace.created',
};

export const auditKinds = Object.keys(auditKindLabels) as AuditKind[];
