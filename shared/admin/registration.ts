import * as z from 'zod/mini';
import { newInvitation } from '../auth/invitation-token.ts';
import { hashPassword } from '../auth/password.ts';
import { type Agent, agentRoles } from '../domain/agent.ts';
import type { AppType, MessageFormat, WeChatApp } from '../domain/app.ts';
import { appIdSchema } from '../domain/id-schema.ts';
import { newId } from '../domain/ids.ts';
import type { Invitation } from '../domain/invitation.ts';
import { newPasswordSchema } from '../domain/password-schema.ts';
import { defaultQueueId, type QueueRef } from '../domain/queue.ts';
import { queueIdSchema } from '../domain/queue-id-schema.ts';
import { defaultCapacity } from '../domain/routing.ts';
import { createAgent } from '../store/agents-repository.ts';
import { getApp, saveApp } from '../store/apps-repository.ts';
import { listQueues } from '../store/queues-repository.ts';
import { RegistrationError } from './registration-error.ts';

export const workspaceIdSchema = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'));

/**
 * The Mini Programs linked to an Official Account in WeChat (关联小程序): its Mini Program cards may open
 * only these (WeChat refuses a card naming another). WeChat lets an account link a few dozen at most.
 */
export const linkedMiniProgramsSchema = z.array(appIdSchema).check(z.maxLength(100));

/** An app's settings as an operator enters them (the secrets included: they are write-only). */
export const appFieldsSchema = z.object({
  appId: appIdSchema,
  workspaceId: workspaceIdSchema,
  type: z.enum(['miniprogram', 'official-account']),
  name: z.string().check(z.minLength(1), z.maxLength(64)),
  format: z.enum(['xml', 'json']),
  token: z.string().check(z.regex(/^[A-Za-z0-9]{3,32}$/, "WeChat's Token is 3 to 32 letters or digits")),
  encodingAesKey: z.optional(
    z.string().check(z.regex(/^[A-Za-z0-9]{43}$/, 'an EncodingAESKey is 43 letters or digits')),
  ),
  secret: z.string().check(z.regex(/^[A-Za-z0-9]{16,64}$/, 'an AppSecret is 16 to 64 letters or digits')),
  linkedMiniPrograms: z.optional(linkedMiniProgramsSchema),
});

/** Official Accounts push XML only. */
export const pushesAFormatItSpeaks = (app: { type: string; format: string }): boolean =>
  app.type === 'miniprogram' || app.format === 'xml';

export const formatIssue = { message: 'Official Accounts only push XML', path: ['format'] };

/** Only an Official Account links Mini Programs; a Mini Program's cards are its own. */
export const linksOnlyIfOfficialAccount = (app: { type: string; linkedMiniPrograms?: string[] }): boolean =>
  app.type === 'official-account' || (app.linkedMiniPrograms ?? []).length === 0;

export const linkedIssue = {
  message: 'only an Official Account links Mini Programs (a Mini Program’s cards are its own)',
  path: ['linkedMiniPrograms'],
};

/** The list as stored: each AppID once, in the order given; none is no list at all. */
export function distinctLinked(linked: readonly string[] | undefined): string[] | undefined {
  const distinct = [...new Set(linked ?? [])];
  return distinct.length > 0 ? distinct : undefined;
}

export const appRegistrationSchema = appFieldsSchema.check(
  z.refine(pushesAFormatItSpeaks, formatIssue),
  z.refine(linksOnlyIfOfficialAccount, linkedIssue),
);

export type AppRegistration = z.infer<typeof appRegistrationSchema>;

export async function registerApp(registration: AppRegistration): Promise<WeChatApp> {
  const existing = await getApp(registration.appId);
  const { linkedMiniPrograms, ...settings } = registration;
  const linked = distinctLinked(linkedMiniPrograms);
  const app: WeChatApp = {
    ...settings,
    ...(linked ? { linkedMiniPrograms: linked } : {}),
    type: registration.type satisfies AppType,
    format: registration.format satisfies MessageFormat,
    createdAt: existing?.createdAt ?? Date.now(),
  };
  await saveApp(app);
  return app;
}

export const usernameSchema = z
  .string()
  .check(z.regex(/^[A-Za-z0-9._@-]{3,64}$/, '3 to 64 letters, digits or . _ @ -'));

/**
 * A customer-service account WeChat could have created: "账号前缀@公众号微信号", the prefix at most 10
 * letters, digits or underscores, the Official Account's WeChat id (letters, digits, _ and -) at most
 * 30 (addkfaccount, developers.weixin.qq.com/doc/subscription/api/customer/servicermanage/api_addkfaccount.html).
 * Any other is refused by WeChat (65401) on every answer sent as it.
 */
export const kfAccountSchema = z
  .string()
  .check(
    z.regex(
      /^[A-Za-z0-9_]{1,10}@[A-Za-z0-9_-]{1,30}$/,
      'a customer-service account is prefix@wechat-id: a prefix of at most 10 letters, digits or _, then the Official Account’s WeChat id',
    ),
  );

export const queueRefSchema = z.strictObject({ appId: appIdSchema, queueId: queueIdSchema });

export const agentRegistrationSchema = z
  .object({
    /** The workspace; when absent, the one of the apps (which must all share it). */
    workspaceId: z.optional(workspaceIdSchema),
    appIds: z._default(z.array(appIdSchema).check(z.maxLength(100)), []),
    username: usernameSchema,
    displayName: z.optional(z.string().check(z.minLength(1), z.maxLength(64))),
    capacity: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(100)), defaultCapacity),
    kfAccount: z.optional(kfAccountSchema),
    /** Absent: the agent is invited and chooses a password through the invitation link. */
    password: z.optional(newPasswordSchema),
    /** The password was chosen by someone else: the agent must change it at first sign-in. */
    mustChangePassword: z._default(z.boolean(), false),
    role: z._default(z.enum(agentRoles), 'agent'),
    /** Queues to serve in every one of the agent's apps; none given: the default queue of each app. */
    queueIds: z._default(z.array(queueIdSchema).check(z.maxLength(100)), []),
    /** Exactly these queues instead (each in one of the agent's apps). */
    queues: z.optional(z.array(queueRefSchema).check(z.maxLength(500))),
  })
  .check(
    z.refine((registration) => registration.appIds.length > 0 || registration.role !== 'agent', {
      message: 'an agent serves at least one app',
      path: ['appIds'],
    }),
    z.refine((registration) => registration.appIds.length > 0 || registration.workspaceId !== undefined, {
      message: 'name the workspace, or at least one app',
      path: ['appIds'],
    }),
  );

export type AgentRegistration = z.input<typeof agentRegistrationSchema>;

/** The queues a new agent (or one given new apps) joins, checked against the apps' queues. */
export async function resolveQueues(
  apps: readonly WeChatApp[],
  queueIds: readonly string[],
  exact: readonly QueueRef[] | undefined,
): Promise<QueueRef[]> {
  const existing = new Map<string, Set<string>>();
  for (const app of apps) {
    existing.set(app.appId, new Set((await listQueues(app)).map((queue) => queue.queueId)));
  }
  if (exact) {
    const unknown = exact.filter((queue) => !existing.get(queue.appId)?.has(queue.queueId));
    if (unknown.length > 0) {
      throw new RegistrationError(
        `no such queue in the agent's apps: ${unknown.map((queue) => `${queue.appId}/${queue.queueId}`).join(', ')}`,
      );
    }
    return [...new Map(exact.map((queue) => [`${queue.appId}/${queue.queueId}`, queue])).values()];
  }
  const wanted = queueIds.length > 0 ? queueIds : [defaultQueueId];
  const queues: QueueRef[] = [];
  for (const app of apps) {
    for (const queueId of wanted) {
      if (existing.get(app.appId)?.has(queueId)) queues.push({ appId: app.appId, queueId });
    }
  }
  const unknown = wanted.filter((queueId) => !queues.some((queue) => queue.queueId === queueId));
  if (apps.length > 0 && unknown.length > 0) {
    throw new RegistrationError(`no such queue in these apps: ${unknown.join(', ')}`);
  }
  return queues;
}

/** The apps, all of which must exist in one workspace (the given one, when given). */
export async function workspaceAppsNamed(
  appIds: readonly string[],
  workspaceId: string | undefined,
): Promise<{ apps: WeChatApp[]; workspaceId: string | undefined }> {
  const found = await Promise.all(appIds.map((appId) => getApp(appId)));
  // Another workspace's app is as unknown as a missing one.
  const missing = appIds.filter(
    (_, index) => !found[index] || (workspaceId !== undefined && found[index]?.workspaceId !== workspaceId),
  );
  if (missing.length > 0) throw new RegistrationError(`no such app: ${missing.join(', ')}`);
  const apps = found as WeChatApp[];
  const workspaces = new Set(apps.map((app) => app.workspaceId));
  if (workspaces.size > 1) throw new RegistrationError('the apps belong to different workspaces');
  return { apps, workspaceId: workspaceId ?? [...workspaces][0] };
}

/**
 * Creates an agent in the workspace (the given one, or that of the apps they serve, all of which
 * must share it), with a password or, when none is given, an invitation link to choose one.
 */
export async function createAgentAccount(
  input: AgentRegistration,
  options: { consoleUrl?: string } = {},
): Promise<{ agent: Agent; invitation?: Invitation }> {
  const registration = agentRegistrationSchema.parse(input);
  const { apps, workspaceId } = await workspaceAppsNamed(registration.appIds, registration.workspaceId);
  if (!workspaceId) throw new RegistrationError('name the workspace, or at least one app');
  const queues = await resolveQueues(apps, registration.queueIds, registration.queues);
  const now = Date.now();
  const agentId = newId(now);
  const invited =
    registration.password === undefined
      ? newInvitation({ agentId, workspaceId }, options.consoleUrl, now)
      : undefined;
  const agent: Agent = {
    agentId,
    workspaceId,
    username: registration.username,
    displayName: registration.displayName ?? registration.username,
    role: registration.role,
    appIds: registration.appIds,
    kfAccount: registration.kfAccount,
    createdAt: now,
    ...(registration.password !== undefined && registration.mustChangePassword
      ? { mustChangePassword: true }
      : {}),
    ...(invited ? { invitationExpiresAt: invited.record.validUntil } : {}),
  };
  const passwordHash = registration.password === undefined ? '' : await hashPassword(registration.password);
  await createAgent({ ...agent, passwordHash }, registration.capacity, queues, invited?.record);
  return { agent, ...(invited ? { invitation: invited.invitation } : {}) };
}

/** `createAgentAccount` with a password: the agent as created. */
export async function registerAgent(input: AgentRegistration): Promise<Agent> {
  return (await createAgentAccount(input)).agent;
}
