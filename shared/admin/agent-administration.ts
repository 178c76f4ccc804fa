/**
 * What a workspace's owners and admins do to its agents, from the console or the admin CLI: list,
 * create (by invitation link or initial password), reset a password, disable and enable, and change
 * role, capacity, apps, queues and name. Every decision of who may do it is the policy's
 * (`shared/domain/permissions.ts`); every change goes to the audit trail.
 */
import * as z from 'zod/mini';
import { newInvitation } from '../auth/invitation-token.ts';
import { hashPassword } from '../auth/password.ts';
import { endSessions } from '../auth/sessions.ts';
import { handBackConversations } from '../conversations/hand-back.ts';
import { drainQueuesOf } from '../conversations/queue-drainer.ts';
import type { AgentAnswer, AgentListing } from '../domain/admin-view.ts';
import { type Agent, type AgentWithCredentials, agentRoles } from '../domain/agent.ts';
import type { FieldChange } from '../domain/audit.ts';
import { appIdSchema } from '../domain/id-schema.ts';
import type { Invitation } from '../domain/invitation.ts';
import { newPasswordSchema } from '../domain/password-schema.ts';
import { type AgentAct, decideAgentAct, mayAdminister, mayGrantRole } from '../domain/permissions.ts';
import type { QueueRef } from '../domain/queue.ts';
import { endPresence, getAgentLoads, setAgentStatus } from '../store/agent-load-repository.ts';
import {
  type AgentProfileChange,
  getAgent,
  getAgentNow,
  listWorkspaceAgentIds,
  resetToInvitation,
  setAgentDisabled,
  setAppMembership,
  setPassword,
  UsernameTakenError,
  updateAgentProfile,
} from '../store/agents-repository.ts';
import { listAppMemberIds } from '../store/apps-repository.ts';
import { addQueueMember, listAgentQueues, removeQueueMember } from '../store/queues-repository.ts';
import { clearSignInFailures } from '../store/sign-in-failures-repository.ts';
import { listWorkspaceApps } from '../store/workspace-apps.ts';
import { type Administrator, auditAction } from './audit-trail.ts';
import {
  createAgentAccount,
  kfAccountSchema,
  queueRefSchema,
  resolveQueues,
  usernameSchema,
  workspaceAppsNamed,
} from './registration.ts';
import { NotAllowedError, RegistrationError } from './registration-error.ts';

const capacitySchema = z.number().check(z.int(), z.minimum(0), z.maximum(100));

const displayNameSchema = z.string().check(z.minLength(1), z.maxLength(64));

/** `POST /api/admin/agents`: no `initialPassword` means an invitation link. */
export const agentCreationSchema = z.strictObject({
  username: usernameSchema,
  displayName: z.optional(displayNameSchema),
  role: z._default(z.enum(agentRoles), 'agent'),
  capacity: z.optional(capacitySchema),
  appIds: z._default(z.array(appIdSchema).check(z.maxLength(100)), []),
  /** Exactly these queues; absent: the default queue of each app. */
  queues: z.optional(z.array(queueRefSchema).check(z.maxLength(500))),
  kfAccount: z.optional(kfAccountSchema),
  initialPassword: z.optional(newPasswordSchema),
});

export type AgentCreation = z.input<typeof agentCreationSchema>;

/** `PATCH /api/admin/agents/{agentId}`: what is given changes, the rest stays. */
export const agentChangeSchema = z.strictObject({
  displayName: z.optional(displayNameSchema),
  role: z.optional(z.enum(agentRoles)),
  capacity: z.optional(capacitySchema),
  /** null: no customer-service account. */
  kfAccount: z.optional(z.nullable(kfAccountSchema)),
  appIds: z.optional(z.array(appIdSchema).check(z.maxLength(100))),
  /** Exactly these queues (each in one of the agent's apps, as they are after this change). */
  queues: z.optional(z.array(queueRefSchema).check(z.maxLength(500))),
});

export type AgentChange = z.infer<typeof agentChangeSchema>;

export const passwordResetSchema = z.strictObject({ initialPassword: z.optional(newPasswordSchema) });

function refuse(message: string, code?: string): never {
  throw new NotAllowedError(message, code);
}

function requireAdministrator(admin: Administrator): void {
  if (!mayAdminister(admin.actor)) refuse('only an owner or admin of the workspace can manage its agents');
}

/** The agent named, as the policy allows this act on them; another workspace's is unknown. */
async function agentFor(admin: Administrator, agentId: string, act: AgentAct): Promise<AgentWithCredentials> {
  requireAdministrator(admin);
  const agent = await getAgentNow(agentId);
  const decision = agent && decideAgentAct(admin.actor, act, agent);
  if (!agent || !decision || (!decision.allowed && decision.refusal === 'not_found')) {
    throw new RegistrationError(`no such agent: ${agentId}`, 'missing');
  }
  if (!decision.allowed) {
    if (act === 'disable' && agent.agentId === admin.actor.agentId)
      refuse('you cannot disable yourself', 'cannot_disable_self');
    refuse(`only an owner can manage an agent whose role is ${agent.role}`, 'owner_only');
  }
  return agent;
}

/** Everyone of the workspace: those recorded with it, and those who serve its apps (older agents). */
async function workspaceAgents(workspaceId: string): Promise<AgentWithCredentials[]> {
  const apps = await listWorkspaceApps(workspaceId);
  const ids = new Set([
    ...(await listWorkspaceAgentIds(workspaceId)),
    ...(await Promise.all(apps.map((app) => listAppMemberIds(app.appId)))).flat(),
  ]);
  const agents = await Promise.all([...ids].map((agentId) => getAgent(agentId)));
  return agents
    .filter((agent): agent is AgentWithCredentials => agent?.workspaceId === workspaceId)
    .sort((a, b) => a.createdAt - b.createdAt || a.agentId.localeCompare(b.agentId));
}

/** The workspace must keep an enabled owner, once it has one: nobody could manage apps otherwise. */
async function keepAnOwner(agent: AgentWithCredentials, change: string): Promise<void> {
  if (agent.role !== 'owner' || agent.disabled) return;
  const others = (await workspaceAgents(agent.workspaceId)).filter(
    (other) => other.agentId !== agent.agentId && other.role === 'owner' && !other.disabled,
  );
  if (others.length === 0) {
    throw new RegistrationError(
      `${change} would leave the workspace without an owner`,
      'conflict',
      'last_owner',
    );
  }
}

function listing(
  agent: AgentWithCredentials,
  queues: QueueRef[],
  load: Awaited<ReturnType<typeof getAgentLoads>>[number] | undefined,
  now: number,
): AgentListing {
  return {
    agentId: agent.agentId,
    username: agent.username,
    displayName: agent.displayName,
    role: agent.role,
    capacity: load?.capacity ?? 0,
    appIds: agent.appIds,
    queues,
    ...(agent.kfAccount ? { kfAccount: agent.kfAccount } : {}),
    status: load?.status ?? 'offline',
    present: (load?.presentUntil ?? 0) > now,
    activeCount: load?.activeCount ?? 0,
    disabled: agent.disabled === true,
    mustChangePassword: agent.mustChangePassword === true,
    invitationPending: agent.invitationExpiresAt !== undefined && !agent.passwordHash,
    ...(agent.invitationExpiresAt !== undefined ? { invitationExpiresAt: agent.invitationExpiresAt } : {}),
    createdAt: agent.createdAt,
  };
}

async function describe(agent: AgentWithCredentials): Promise<AgentListing> {
  const [queues, loads] = await Promise.all([listAgentQueues(agent.agentId), getAgentLoads([agent.agentId])]);
  return listing(agent, queues, loads[0], Date.now());
}

async function described(agentId: string): Promise<AgentListing> {
  const agent = await getAgentNow(agentId);
  if (!agent) throw new RegistrationError(`no such agent: ${agentId}`, 'missing');
  return describe(agent);
}

/** Every agent of the workspace with their role, capacity, apps, queues, status and load. */
export async function listAgents(admin: Administrator): Promise<AgentListing[]> {
  requireAdministrator(admin);
  const agents = await workspaceAgents(admin.actor.workspaceId);
  const loads = new Map(
    (await getAgentLoads(agents.map((agent) => agent.agentId))).map((load) => [load.agentId, load]),
  );
  const now = Date.now();
  return Promise.all(
    agents.map(async (agent) =>
      listing(agent, await listAgentQueues(agent.agentId), loads.get(agent.agentId), now),
    ),
  );
}

const target = (agent: Pick<Agent, 'agentId' | 'username'>) =>
  ({ type: 'agent', id: agent.agentId, name: agent.username }) as const;

/**
 * Creates an agent of the administrator's workspace: with an initial password (which they must
 * change at first sign-in) or, without one, an invitation link valid for 72 hours.
 */
export async function addAgent(
  admin: Administrator,
  creation: AgentCreation,
  options: { consoleUrl?: string } = {},
): Promise<AgentAnswer> {
  requireAdministrator(admin);
  const input = agentCreationSchema.parse(creation);
  if (!mayGrantRole(admin.actor, input.role))
    refuse(`only an owner can create an agent whose role is ${input.role}`, 'owner_only');
  try {
    const { agent, invitation } = await createAgentAccount(
      {
        workspaceId: admin.actor.workspaceId,
        appIds: input.appIds,
        username: input.username,
        displayName: input.displayName,
        capacity: input.capacity,
        kfAccount: input.kfAccount,
        password: input.initialPassword,
        mustChangePassword: input.initialPassword !== undefined,
        role: input.role,
        queues: input.queues,
      },
      options,
    );
    await auditAction(admin, {
      kind: 'agent.created',
      target: target(agent),
      summary: `created ${agent.role} ${agent.username} ${invitation ? 'with an invitation link' : 'with an initial password to change at first sign-in'}`,
      changes: {
        role: { to: agent.role },
        appIds: { to: agent.appIds },
        ...(input.capacity !== undefined ? { capacity: { to: input.capacity } } : {}),
      },
    });
    if (invitation) {
      await auditAction(admin, {
        kind: 'agent.invitation_created',
        target: target(agent),
        summary: `invitation link for ${agent.username}, valid until ${new Date(invitation.expiresAt).toISOString()}`,
      });
    }
    return { agent: await described(agent.agentId), ...(invitation ? { invitation } : {}) };
  } catch (error) {
    if (error instanceof UsernameTakenError)
      throw new RegistrationError(error.message, 'conflict', 'username_taken');
    throw error;
  }
}

/**
 * A new invitation link, or a new initial password to change at the next sign-in. Either way the old
 * password no longer works (a link leaves the agent none until it is used), every session of the agent
 * ends (tokens refused, sockets closed) and a lock from failed sign-ins is lifted.
 */
export async function resetAgentPassword(
  admin: Administrator,
  agentId: string,
  reset: z.input<typeof passwordResetSchema>,
  options: { consoleUrl?: string } = {},
): Promise<AgentAnswer> {
  const { initialPassword } = passwordResetSchema.parse(reset);
  const agent = await agentFor(admin, agentId, 'reset_password');
  let invitation: Invitation | undefined;
  if (initialPassword !== undefined) {
    await setPassword(agent.agentId, await hashPassword(initialPassword), { mustChange: true });
  } else {
    const fresh = newInvitation(agent, options.consoleUrl);
    await resetToInvitation(agent.agentId, fresh.record);
    invitation = fresh.invitation;
  }
  await endSessions(agent.agentId);
  await clearSignInFailures('username', agent.username.toLowerCase());
  await auditAction(admin, {
    kind: 'agent.password_reset',
    target: target(agent),
    summary: `reset the password of ${agent.username} to ${invitation ? 'a new invitation link' : 'a new initial password'}; their sessions ended`,
  });
  if (invitation) {
    await auditAction(admin, {
      kind: 'agent.invitation_created',
      target: target(agent),
      summary: `invitation link for ${agent.username}, valid until ${new Date(invitation.expiresAt).toISOString()}`,
    });
  }
  return { agent: await described(agent.agentId), ...(invitation ? { invitation } : {}) };
}

/**
 * Disables an agent at once: they cannot sign in, every session ends (tokens refused from the next
 * request, sockets closed), they go offline, and their active conversations go back to their queues,
 * where the next free colleague takes them.
 */
export async function disableAgent(
  admin: Administrator,
  agentId: string,
): Promise<{ agent: AgentListing; handedBack: number }> {
  const agent = await agentFor(admin, agentId, 'disable');
  if (agent.disabled) return { agent: await describe(agent), handedBack: 0 };
  await keepAnOwner(agent, `disabling ${agent.username}`);
  await setAgentDisabled(agent.agentId, true);
  const now = Date.now();
  await setAgentStatus(agent.agentId, 'offline');
  await endPresence(agent.agentId, now);
  await endSessions(agent.agentId);
  const handedBack = await handBackConversations(agent.agentId, admin.actor);
  await auditAction(admin, {
    kind: 'agent.disabled',
    target: target(agent),
    summary: `disabled ${agent.username}: sessions ended, ${handedBack} active conversation(s) handed back to their queues`,
  });
  return { agent: await described(agent.agentId), handedBack };
}

/** The agent may sign in again (they come back offline, and choose when to take customers). */
export async function enableAgent(admin: Administrator, agentId: string): Promise<{ agent: AgentListing }> {
  const agent = await agentFor(admin, agentId, 'enable');
  if (agent.disabled) {
    await setAgentDisabled(agent.agentId, false);
    await auditAction(admin, {
      kind: 'agent.enabled',
      target: target(agent),
      summary: `enabled ${agent.username}`,
    });
  }
  return { agent: await described(agent.agentId) };
}

const queueKey = (queue: QueueRef) => `${queue.appId}/${queue.queueId}`;

/**
 * Changes what is given: role (applies at the agent's next request), display name, customer-service
 * account, capacity (routing sees it at once: it sits beside the agent's load), apps and queues. An
 * agent who stops serving an app leaves its queues and gives its active conversations back; one who
 * joins queues, or gets more room, takes waiting customers at once.
 */
export async function changeAgent(
  admin: Administrator,
  agentId: string,
  input: AgentChange,
): Promise<{ agent: AgentListing }> {
  const change = agentChangeSchema.parse(input);
  const agent = await agentFor(admin, agentId, 'change');
  if (change.role !== undefined && change.role !== agent.role) {
    if (!mayGrantRole(admin.actor, change.role))
      refuse(`only an owner can make someone ${change.role}`, 'owner_only');
    if (agent.role === 'owner') await keepAnOwner(agent, `making ${agent.username} ${change.role}`);
  }
  const [load] = await getAgentLoads([agent.agentId]);
  const currentQueues = await listAgentQueues(agent.agentId);

  // Apps and queues as they will be.
  const appIds = change.appIds ? [...new Set(change.appIds)] : agent.appIds;
  if (appIds.length === 0 && (change.role ?? agent.role) === 'agent') {
    throw new RegistrationError('an agent serves at least one app', 'invalid', 'agent_needs_app');
  }
  const { apps } = await workspaceAppsNamed(appIds, admin.actor.workspaceId);
  const addedApps = apps.filter((app) => !agent.appIds.includes(app.appId));
  const removedAppIds = agent.appIds.filter((appId) => !appIds.includes(appId));
  const kept = currentQueues.filter((queue) => appIds.includes(queue.appId));
  const wantedQueues = change.queues
    ? await resolveQueues(apps, [], change.queues)
    : [...kept, ...(await resolveQueues(addedApps, [], undefined))];
  const wanted = new Set(wantedQueues.map(queueKey));
  const current = new Set(currentQueues.map(queueKey));
  const joining = wantedQueues.filter((queue) => !current.has(queueKey(queue)));
  const leaving = currentQueues.filter((queue) => !wanted.has(queueKey(queue)));

  const profile: AgentProfileChange = {
    ...(change.role !== undefined && change.role !== agent.role ? { role: change.role } : {}),
    ...(change.displayName !== undefined && change.displayName !== agent.displayName
      ? { displayName: change.displayName }
      : {}),
    ...(change.kfAccount !== undefined && (change.kfAccount ?? undefined) !== agent.kfAccount
      ? { kfAccount: change.kfAccount }
      : {}),
    ...(change.capacity !== undefined && change.capacity !== load?.capacity
      ? { capacity: change.capacity }
      : {}),
    ...(change.appIds !== undefined && (addedApps.length > 0 || removedAppIds.length > 0) ? { appIds } : {}),
  };
  await updateAgentProfile(agent.agentId, profile);
  await Promise.all([
    ...addedApps.map((app) => setAppMembership(agent.agentId, app.appId, true)),
    ...removedAppIds.map((appId) => setAppMembership(agent.agentId, appId, false)),
    ...leaving.map((queue) => removeQueueMember(agent.agentId, queue)),
    ...joining.map((queue) => addQueueMember(agent.agentId, queue)),
  ]);
  const handedBack =
    removedAppIds.length > 0
      ? await handBackConversations(agent.agentId, admin.actor, (conversation) =>
          removedAppIds.includes(conversation.appId),
        )
      : 0;
  if (joining.length > 0 || (profile.capacity ?? 0) > (load?.capacity ?? 0))
    await drainQueuesOf(agent.agentId);

  const changes: Record<string, FieldChange> = {};
  for (const field of ['displayName', 'kfAccount', 'capacity', 'appIds'] as const) {
    if (profile[field] !== undefined) {
      changes[field] = {
        from: field === 'capacity' ? load?.capacity : agent[field],
        to: profile[field] ?? undefined,
      };
    }
  }
  if (joining.length > 0 || leaving.length > 0) {
    changes.queues = { from: currentQueues.map(queueKey), to: wantedQueues.map(queueKey) };
  }
  if (profile.role) {
    await auditAction(admin, {
      kind: 'agent.role_changed',
      target: target(agent),
      summary: `changed the role of ${agent.username} from ${agent.role} to ${profile.role}`,
      changes: { role: { from: agent.role, to: profile.role } },
    });
  }
  if (Object.keys(changes).length > 0) {
    await auditAction(admin, {
      kind: 'agent.changed',
      target: target(agent),
      summary: `changed ${Object.keys(changes).join(', ')} of ${agent.username}${handedBack ? `; ${handedBack} conversation(s) of apps they left handed back` : ''}`,
      changes,
    });
  }
  return { agent: await described(agent.agentId) };
}
