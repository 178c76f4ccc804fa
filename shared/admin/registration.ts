import { z } from 'zod';
import { hashPassword } from '../auth/password.ts';
import type { Agent } from '../domain/agent.ts';
import type { AppType, MessageFormat, WeChatApp } from '../domain/app.ts';
import { appIdSchema, newId } from '../domain/ids.ts';
import { defaultQueueId, type QueueRef } from '../domain/queue.ts';
import { defaultCapacity } from '../domain/routing.ts';
import { createAgent } from '../store/agents-repository.ts';
import { getApp, saveApp } from '../store/apps-repository.ts';
import { listQueues } from '../store/queues-repository.ts';
import { queueIdSchema } from './queue-registration.ts';
import { RegistrationError } from './registration-error.ts';

export const appRegistrationSchema = z
  .object({
    appId: appIdSchema,
    workspaceId: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
    type: z.enum(['miniprogram', 'official-account']),
    name: z.string().min(1).max(64),
    format: z.enum(['xml', 'json']),
    token: z.string().regex(/^[A-Za-z0-9]{3,32}$/, "WeChat's Token is 3 to 32 letters or digits"),
    encodingAesKey: z
      .string()
      .regex(/^[A-Za-z0-9]{43}$/, 'an EncodingAESKey is 43 letters or digits')
      .optional(),
    secret: z.string().regex(/^[A-Za-z0-9]{16,64}$/, 'an AppSecret is 16 to 64 letters or digits'),
  })
  .refine((app) => app.type === 'miniprogram' || app.format === 'xml', {
    message: 'Official Accounts only push XML',
    path: ['format'],
  });

export type AppRegistration = z.infer<typeof appRegistrationSchema>;

export async function registerApp(registration: AppRegistration): Promise<WeChatApp> {
  const existing = await getApp(registration.appId);
  const app: WeChatApp = {
    ...registration,
    type: registration.type satisfies AppType,
    format: registration.format satisfies MessageFormat,
    createdAt: existing?.createdAt ?? Date.now(),
  };
  await saveApp(app);
  return app;
}

export const agentRegistrationSchema = z.object({
  appIds: z.array(appIdSchema).min(1, 'an agent serves at least one app'),
  username: z.string().regex(/^[A-Za-z0-9._@-]{3,64}$/, '3 to 64 letters, digits or . _ @ -'),
  displayName: z.string().min(1).max(64).optional(),
  capacity: z.number().int().min(0).max(100).default(defaultCapacity),
  kfAccount: z
    .string()
    .regex(
      /^[A-Za-z0-9_.-]{1,30}@[A-Za-z0-9_.-]{1,60}$/,
      'a customer-service account looks like name@account',
    )
    .optional(),
  password: z.string().min(8, 'at least 8 characters').max(256),
  role: z.enum(['agent', 'admin']).default('agent'),
  /** Queues to serve in the agent's apps; none given: the default queue of each app. */
  queueIds: z.array(queueIdSchema).default([]),
});

export type AgentRegistration = z.input<typeof agentRegistrationSchema>;

/** Creates an agent in the workspace of the apps they serve (all of which must share it). */
export async function registerAgent(input: AgentRegistration): Promise<Agent> {
  const registration = agentRegistrationSchema.parse(input);
  const apps = await Promise.all(registration.appIds.map((appId) => getApp(appId)));
  const missing = registration.appIds.filter((_, index) => !apps[index]);
  if (missing.length > 0) throw new RegistrationError(`no such app: ${missing.join(', ')}`);
  const workspaces = new Set(apps.map((app) => app?.workspaceId));
  if (workspaces.size !== 1) throw new RegistrationError('the apps belong to different workspaces');
  const queueIds = registration.queueIds.length > 0 ? registration.queueIds : [defaultQueueId];
  const queues: QueueRef[] = [];
  for (const app of apps) {
    if (!app) continue;
    const existing = new Set((await listQueues(app)).map((queue) => queue.queueId));
    for (const queueId of queueIds) if (existing.has(queueId)) queues.push({ appId: app.appId, queueId });
  }
  const unknown = queueIds.filter((queueId) => !queues.some((queue) => queue.queueId === queueId));
  if (unknown.length > 0) throw new RegistrationError(`no such queue in these apps: ${unknown.join(', ')}`);
  const agent: Agent = {
    agentId: newId(),
    workspaceId: [...workspaces][0] as string,
    username: registration.username,
    displayName: registration.displayName ?? registration.username,
    role: registration.role,
    appIds: registration.appIds,
    kfAccount: registration.kfAccount,
    createdAt: Date.now(),
  };
  await createAgent(
    { ...agent, passwordHash: await hashPassword(registration.password) },
    registration.capacity,
    queues,
  );
  return agent;
}
