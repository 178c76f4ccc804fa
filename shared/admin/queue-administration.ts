/**
 * What a workspace's admins change from the console: each queue's settings (rules, hours, automatic
 * replies, inactivity) and who works in it. The same validation and storage as the admin CLI.
 */
import * as z from 'zod/mini';
import { drainQueue } from '../conversations/queue-drainer.ts';
import { moveWaitingConversations } from '../conversations/queue-mover.ts';
import type { WeChatApp } from '../domain/app.ts';
import { changesBetween } from '../domain/audit.ts';
import { type Actor, mayAdminister } from '../domain/permissions.ts';
import { defaultQueueId, type Queue } from '../domain/queue.ts';
import type { AdministeredApp } from '../domain/queue-view.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getApp, listAppMemberIds } from '../store/apps-repository.ts';
import {
  addQueueMember,
  deleteQueue,
  getQueue,
  listQueueMemberIds,
  listQueues,
  removeQueueMember,
} from '../store/queues-repository.ts';
import { deleteQueueQuickReplies } from '../store/quick-replies-repository.ts';
import { listWorkspaceApps } from '../store/workspace-apps.ts';
import { type Administrator, auditAction } from './audit-trail.ts';
import { configureQueue, queueSettingsSchema } from './queue-registration.ts';
import { NotAllowedError, RegistrationError } from './registration-error.ts';

/**
 * The body of a settings change: what the CLI's `queue set` takes, for one queue named in the path.
 * Its regex rules are checked by the regex engine, which loads on first use: parse with `parseAsync`.
 */
export const queueSettingsChangeSchema = z.strictObject(
  z.omit(queueSettingsSchema, { appId: true, queueId: true }).shape,
);

export type QueueSettingsChange = z.infer<typeof queueSettingsChangeSchema>;

export const queueMembersSchema = z.strictObject({
  agentIds: z.array(z.string().check(z.minLength(1), z.maxLength(64))).check(z.maxLength(500)),
});

export class NotAdminError extends NotAllowedError {
  constructor() {
    super('only an owner or admin of the workspace can change queues');
  }
}

export function requireAdmin(actor: Actor): void {
  if (!mayAdminister(actor)) throw new NotAdminError();
}

async function workspaceApp(actor: Actor, appId: string) {
  const app = await getApp(appId);
  // Another workspace's app is as unknown as a missing one.
  if (!app || app.workspaceId !== actor.workspaceId)
    throw new RegistrationError(`no such app: ${appId}`, 'missing');
  return app;
}

export async function administeredApps(actor: Actor): Promise<AdministeredApp[]> {
  requireAdmin(actor);
  return Promise.all(
    (await listWorkspaceApps(actor.workspaceId)).map(async (app) => {
      const [queues, memberIds] = await Promise.all([listQueues(app), listAppMemberIds(app.appId)]);
      const agents = (await Promise.all(memberIds.map(getAgent))).flatMap((agent) =>
        agent ? [{ agentId: agent.agentId, username: agent.username, displayName: agent.displayName }] : [],
      );
      return {
        appId: app.appId,
        name: app.name,
        type: app.type,
        queues: await Promise.all(
          queues.map(async (queue) => ({ ...queue, memberIds: await listQueueMemberIds(queue) })),
        ),
        agents,
      };
    }),
  );
}

/** Creates the queue or changes what the change names; the rest stays as it was. */
export async function changeQueueSettings(
  admin: Administrator,
  appId: string,
  queueId: string,
  change: QueueSettingsChange,
): Promise<Queue> {
  requireAdmin(admin.actor);
  const app = await workspaceApp(admin.actor, appId);
  const before = await getQueue(app, queueId);
  const queue = await configureQueue({ ...change, appId, queueId });
  await auditQueueChange(admin, queue, before, Object.keys(change));
  return queue;
}

/** The trail's entry for a queue created or changed (by the console or the admin CLI). */
export function auditQueueChange(
  admin: Administrator,
  queue: Queue,
  before: Queue | undefined,
  fields: readonly string[],
): Promise<void> {
  const named = (of: Queue | undefined) =>
    Object.fromEntries(fields.map((field) => [field, of?.[field as keyof Queue] ?? null]));
  const changes = changesBetween(named(before), named(queue));
  return auditAction(admin, {
    kind: 'queue.changed',
    target: { type: 'queue', id: `${queue.appId}/${queue.queueId}`, name: queue.name },
    summary: before
      ? `changed ${Object.keys(changes).join(', ') || 'nothing'} of queue ${queue.queueId} of ${queue.appId}`
      : `created queue ${queue.queueId} of ${queue.appId}`,
    changes,
  });
}

/** `setQueueMembership` for an admin of the app's workspace. */
export async function setQueueMembers(
  admin: Administrator,
  appId: string,
  queueId: string,
  agentIds: readonly string[],
): Promise<{ memberIds: string[]; assigned: number }> {
  requireAdmin(admin.actor);
  const app = await workspaceApp(admin.actor, appId);
  const before = await listQueueMemberIds({ appId, queueId });
  const result = await setQueueMembership(app, queueId, agentIds);
  await auditMembersChange(admin, { appId, queueId }, before, result.memberIds);
  return result;
}

/** The trail's entry for a change of a queue's members. */
export async function auditMembersChange(
  admin: Administrator,
  queue: { appId: string; queueId: string },
  before: readonly string[],
  after: readonly string[],
): Promise<void> {
  const added = after.filter((agentId) => !before.includes(agentId));
  const removed = before.filter((agentId) => !after.includes(agentId));
  if (added.length === 0 && removed.length === 0) return;
  await auditAction(admin, {
    kind: 'queue.members_changed',
    target: { type: 'queue', id: `${queue.appId}/${queue.queueId}` },
    summary: `queue ${queue.queueId} of ${queue.appId}: ${added.length} member(s) added, ${removed.length} removed`,
    changes: { memberIds: { from: [...before], to: [...after] } },
  });
}

/**
 * Deletes a queue (never `default`): its waiting customers move to the default queue in their
 * arrival order, and its members leave it. Conversations being served stay with their agents.
 */
export async function deleteQueueOf(
  admin: Administrator,
  appId: string,
  queueId: string,
): Promise<{ deleted: string; moved: number; membersRemoved: number }> {
  requireAdmin(admin.actor);
  const app = await workspaceApp(admin.actor, appId);
  return removeQueue(app, queueId, admin);
}

/** `deleteQueueOf` once the app is known to be the administrator's (the admin CLI's way in too). */
export async function removeQueue(
  app: WeChatApp,
  queueId: string,
  admin: Administrator,
): Promise<{ deleted: string; moved: number; membersRemoved: number }> {
  if (queueId === defaultQueueId) {
    throw new RegistrationError(
      'the default queue cannot be deleted: it takes everyone no other queue claims',
    );
  }
  const queue = await getQueue(app, queueId);
  if (!queue) throw new RegistrationError(`no queue ${queueId} in ${app.appId}`, 'missing');
  // No new customer is routed here once it is gone; then the line moves and the members leave.
  await deleteQueue(queue);
  // Its quick replies go with it: nobody works in the queue to use them any more.
  await deleteQueueQuickReplies(queue.workspaceId, queue);
  const moved = await moveWaitingConversations(queue, defaultQueueId, { agentId: admin.actor.agentId });
  const memberIds = await listQueueMemberIds(queue);
  await Promise.all(memberIds.map((agentId) => removeQueueMember(agentId, queue)));
  await auditAction(admin, {
    kind: 'queue.deleted',
    target: { type: 'queue', id: `${app.appId}/${queueId}`, name: queue.name },
    summary: `deleted queue ${queueId} of ${app.appId}: ${moved} waiting customer(s) moved to the default queue, ${memberIds.length} member(s) removed`,
  });
  return { deleted: queueId, moved, membersRemoved: memberIds.length };
}

/**
 * Makes the queue's members exactly these agents (each must serve the app). Newcomers with room take
 * the oldest waiting customers at once.
 */
export async function setQueueMembership(
  app: WeChatApp,
  queueId: string,
  agentIds: readonly string[],
): Promise<{ memberIds: string[]; assigned: number }> {
  if (!(await getQueue(app, queueId))) {
    throw new RegistrationError(`no queue ${queueId} in ${app.appId}`, 'missing');
  }
  const serving = new Set(await listAppMemberIds(app.appId));
  const strangers = agentIds.filter((agentId) => !serving.has(agentId));
  if (strangers.length > 0) {
    throw new RegistrationError(`not agents of ${app.appId}: ${strangers.join(', ')}`);
  }
  const queue = { appId: app.appId, queueId };
  const current = new Set(await listQueueMemberIds(queue));
  const wanted = new Set(agentIds);
  await Promise.all([
    ...[...wanted]
      .filter((agentId) => !current.has(agentId))
      .map((agentId) => addQueueMember(agentId, queue)),
    ...[...current]
      .filter((agentId) => !wanted.has(agentId))
      .map((agentId) => removeQueueMember(agentId, queue)),
  ]);
  const assigned = await drainQueue(queue);
  return { memberIds: await listQueueMemberIds(queue), assigned };
}
