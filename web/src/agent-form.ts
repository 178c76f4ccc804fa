import type { AgentRole } from '../../shared/domain/agent.ts';
import type { AdministeredApp, AgentChangeBody, AgentCreationBody, AgentListing } from './api.ts';
import { type MessageKey, t } from './i18n.ts';
import { passwordRuleProblem } from './password-rules.ts';
import { defaultQueueId } from './queue-settings-form.ts';

/**
 * The form that invites an agent or changes one: what the admin typed, checked with the server's
 * rules before anything is sent (shared/admin/agent-administration.ts), and the request it makes.
 * DOM-free, like queue-settings-form.ts.
 */

export const agentRoles: readonly AgentRole[] = ['agent', 'admin', 'owner'];

export const roleLabels: Readonly<Record<AgentRole, MessageKey>> = {
  agent: 'role.agent',
  admin: 'role.admin',
  owner: 'role.owner',
};

/** The server's limits on capacity (shared/admin/agent-administration.ts). */
export const maxCapacity = 100;
const maxDisplayNameLength = 64;
const usernamePattern = /^[A-Za-z0-9._@-]{3,64}$/;

/** How an invited agent gets in: a one-time link, or an initial password they must change. */
export type InviteMethod = 'link' | 'password';

export interface AgentForm {
  username: string;
  displayName: string;
  role: AgentRole;
  /** As typed; empty on an invitation means the server's default. */
  capacity: string;
  /** `appId/queueId` of each queue the agent works in. */
  queues: readonly string[];
  /** The apps the agent serves (a queue is only offered once its app is). */
  appIds: readonly string[];
  method: InviteMethod;
  initialPassword: string;
}

export interface AgentFormProblem {
  field: 'username' | 'displayName' | 'capacity' | 'apps' | 'initialPassword';
  message: string;
}

export const queueKey = (appId: string, queueId: string) => `${appId}/${queueId}`;

export function newAgentForm(): AgentForm {
  return {
    username: '',
    displayName: '',
    role: 'agent',
    capacity: '',
    queues: [],
    appIds: [],
    method: 'link',
    initialPassword: '',
  };
}

export function formFromAgent(agent: AgentListing): AgentForm {
  return {
    ...newAgentForm(),
    username: agent.username,
    displayName: agent.displayName,
    role: agent.role,
    capacity: String(agent.capacity),
    queues: agent.queues.map((queue) => queueKey(queue.appId, queue.queueId)),
    appIds: agent.appIds,
  };
}

/** Serving an app starts in its default queue; leaving it leaves its queues too. */
export function withApp(form: AgentForm, app: AdministeredApp, serves: boolean): AgentForm {
  const inApp = (key: string) => key.startsWith(`${app.appId}/`);
  if (!serves) {
    return {
      ...form,
      appIds: form.appIds.filter((appId) => appId !== app.appId),
      queues: form.queues.filter((key) => !inApp(key)),
    };
  }
  const starting = app.queues.some((queue) => queue.queueId === defaultQueueId)
    ? [queueKey(app.appId, defaultQueueId)]
    : [];
  return {
    ...form,
    appIds: form.appIds.includes(app.appId) ? form.appIds : [...form.appIds, app.appId],
    queues: form.queues.some(inApp) ? form.queues : [...form.queues, ...starting],
  };
}

export function withQueue(form: AgentForm, key: string, works: boolean): AgentForm {
  const queues = form.queues.filter((each) => each !== key);
  return { ...form, queues: works ? [...queues, key] : queues };
}

/** What to fix before the form can be sent; empty when nothing. */
export function validateAgentForm(form: AgentForm, mode: 'invite' | 'edit'): AgentFormProblem[] {
  const problems: AgentFormProblem[] = [];
  const say = (field: AgentFormProblem['field'], key: MessageKey, values?: Record<string, number>) =>
    problems.push({ field, message: t(key, values) });
  if (mode === 'invite' && !usernamePattern.test(form.username.trim()))
    say('username', 'team.problem.username');
  if (form.displayName.trim().length > maxDisplayNameLength) {
    say('displayName', 'team.problem.displayName', { max: maxDisplayNameLength });
  }
  const capacity = form.capacity.trim();
  const blankAllowed = mode === 'invite' && capacity === '';
  if (!blankAllowed && !(/^\d+$/.test(capacity) && Number(capacity) <= maxCapacity)) {
    say('capacity', 'team.problem.capacity', { max: maxCapacity });
  }
  if (form.role === 'agent' && form.appIds.length === 0) say('apps', 'team.problem.noApp');
  if (mode === 'invite' && form.method === 'password') {
    const problem = passwordRuleProblem(form.initialPassword);
    if (problem) problems.push({ field: 'initialPassword', message: problem });
  }
  return problems;
}

function queueRefs(form: AgentForm): { appId: string; queueId: string }[] {
  return form.queues
    .map((key) => {
      const [appId = '', queueId = ''] = key.split('/');
      return { appId, queueId };
    })
    .filter((queue) => form.appIds.includes(queue.appId));
}

/** `POST /api/admin/agents` for a form that passed validateAgentForm. */
export function creationBody(form: AgentForm): AgentCreationBody {
  const displayName = form.displayName.trim();
  const capacity = form.capacity.trim();
  return {
    username: form.username.trim(),
    ...(displayName ? { displayName } : {}),
    role: form.role,
    ...(capacity ? { capacity: Number(capacity) } : {}),
    appIds: [...form.appIds],
    queues: queueRefs(form),
    ...(form.method === 'password' ? { initialPassword: form.initialPassword } : {}),
  };
}

/** `PATCH /api/admin/agents/{agentId}`: everything the form holds; the server keeps what is the same. */
export function changeBody(form: AgentForm): AgentChangeBody {
  const displayName = form.displayName.trim();
  return {
    // An empty name is not a name: the one the agent has stays.
    ...(displayName ? { displayName } : {}),
    role: form.role,
    capacity: Number(form.capacity.trim()),
    appIds: [...form.appIds],
    queues: queueRefs(form),
  };
}
