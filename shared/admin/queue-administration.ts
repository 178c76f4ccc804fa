/**
 * What a workspace's admins change from the console: each queue's settings (rules, hours, automatic
 * replies, inactivity) and who works in it. The same validation and storage as the admin CLI.
 */
import { z } from 'zod';
import { drainQueue } from '../conversations/queue-drainer.ts';
import type { WeChatApp } from '../domain/app.ts';
import { type Actor, mayAdminister } from '../domain/permissions.ts';
import type { Queue } from '../domain/queue.ts';
import type { AdministeredApp } from '../domain/queue-view.ts';
import { getAgent } from '../store/agents-repository.ts';
import { getApp, listAppMemberIds } from '../store/apps-repository.ts';
import {
  addQueueMember,
  getQueue,
  listQueueMemberIds,
  listQueues,
  removeQueueMember,
} from '../store/queues-repository.ts';
import { listWorkspaceApps } from '../store/workspace-apps.ts';
import { configureQueue, queueSettingsSchema } from './queue-registration.ts';
import { RegistrationError } from './registration-error.ts';

/** The body of a settings change: what the CLI's `queue set` takes, for one queue named in the path. */
export const queueSettingsChangeSchema = queueSettingsSchema.omit({ appId: true, queueId: true }).strict();

export type QueueSettingsChange = z.infer<typeof queueSettingsChangeSchema>;

export const queueMembersSchema = z
  .object({ agentIds: z.array(z.string().min(1).max(64)).max(500) })
  .strict();

export class NotAdminError extends Error {
  constructor() {
    super('only an admin of the workspace can change queues');
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
  actor: Actor,
  appId: string,
  queueId: string,
  change: QueueSettingsChange,
): Promise<Queue> {
  requireAdmin(actor);
  await workspaceApp(actor, appId);
  return configureQueue({ ...change, appId, queueId });
}

/** `setQueueMembership` for an admin of the app's workspace. */
export async function setQueueMembers(
  actor: Actor,
  appId: string,
  queueId: string,
  agentIds: readonly string[],
): Promise<{ memberIds: string[]; assigned: number }> {
  requireAdmin(actor);
  return setQueueMembership(await workspaceApp(actor, appId), queueId, agentIds);
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
