/**
 * `agent add|list|set|reset-password|disable|enable`: the same workflows, checks and audit trail as
 * the console's HTTP API, with the operator as an owner of the agent's workspace. Passwords are typed
 * at a prompt without echo or piped in with `--password-stdin`; `--invite` gives a link instead.
 */
import * as z from 'zod/mini';
import {
  addAgent,
  agentChangeSchema,
  agentCreationSchema,
  changeAgent,
  disableAgent,
  enableAgent,
  listAgents,
  resetAgentPassword,
} from '../../shared/admin/agent-administration.ts';
import { resolveQueues, workspaceAppsNamed } from '../../shared/admin/registration.ts';
import { RegistrationError } from '../../shared/admin/registration-error.ts';
import { newPasswordSchema } from '../../shared/domain/password-schema.ts';
import { findAgentByUsername } from '../../shared/store/agents-repository.ts';
import { getApp } from '../../shared/store/apps-repository.ts';
import { type CliValues, UsageError, validated } from './arguments.ts';
import { type CliContext, operatorIn } from './operator.ts';
import { readPassword } from './password-input.ts';

/** A password on the command line is refused before anything else happens. */
export function refusePasswordArgument(values: CliValues): void {
  if (values.password !== undefined) {
    throw new UsageError(
      '--password is not accepted: a password on the command line ends up in shell history and process listings. Type it at the prompt, or pipe it in with --password-stdin',
    );
  }
}

/** `--invite`, or a password from the prompt or standard input (checked like the console's). */
async function invitationOrPassword(values: CliValues, whose: string): Promise<string | undefined> {
  if (values.invite) {
    if (values['password-stdin']) throw new UsageError('give either --invite or --password-stdin');
    return undefined;
  }
  const password = await readPassword(values['password-stdin'] === true, whose);
  return validated(z.object({ password: newPasswordSchema }), { password }).password;
}

async function agentNamed(values: CliValues) {
  if (!values.username) throw new UsageError('give the --username of the agent');
  const agent = await findAgentByUsername(values.username);
  if (!agent) throw new RegistrationError(`no agent named ${values.username}`);
  return agent;
}

const capacityOf = (values: CliValues) =>
  values.capacity === undefined ? undefined : Number(values.capacity);

async function addAgentCommand(values: CliValues, context: CliContext): Promise<unknown> {
  refusePasswordArgument(values);
  const appIds = values['app-id'] ?? [];
  const firstApp = appIds[0] ? await getApp(appIds[0]) : undefined;
  const workspaceId = values.workspace ?? firstApp?.workspaceId ?? 'default';
  const creation = validated(agentCreationSchema, {
    username: values.username,
    displayName: values['display-name'],
    role: values.role,
    capacity: capacityOf(values),
    appIds,
    kfAccount: values['kf-account'],
  });
  const { apps } = await workspaceAppsNamed(creation.appIds, workspaceId);
  const queues = values.queue ? await resolveQueues(apps, values.queue, undefined) : undefined;
  const password = await invitationOrPassword(values, creation.username);
  return addAgent(
    operatorIn(workspaceId),
    { ...creation, queues, ...(password === undefined ? {} : { initialPassword: password }) },
    context,
  );
}

async function listAgentsCommand(values: CliValues): Promise<unknown> {
  return listAgents(operatorIn(values.workspace ?? 'default'));
}

async function setAgentCommand(values: CliValues): Promise<unknown> {
  const agent = await agentNamed(values);
  const change = validated(agentChangeSchema, {
    role: values.role,
    capacity: capacityOf(values),
    displayName: values['display-name'],
    kfAccount: values['kf-account'] === '' ? null : values['kf-account'],
    appIds: values['app-id'],
  });
  let queues: { appId: string; queueId: string }[] | undefined;
  if (values.queue) {
    const { apps } = await workspaceAppsNamed(change.appIds ?? agent.appIds, agent.workspaceId);
    queues = await resolveQueues(apps, values.queue, undefined);
  }
  return changeAgent(operatorIn(agent.workspaceId), agent.agentId, { ...change, queues });
}

async function resetPasswordCommand(values: CliValues, context: CliContext): Promise<unknown> {
  refusePasswordArgument(values);
  const agent = await agentNamed(values);
  const password = await invitationOrPassword(values, agent.username);
  return resetAgentPassword(
    operatorIn(agent.workspaceId),
    agent.agentId,
    password === undefined ? {} : { initialPassword: password },
    context,
  );
}

export const agentCommands: Record<string, (values: CliValues, context: CliContext) => Promise<unknown>> = {
  'agent add': addAgentCommand,
  'agent list': listAgentsCommand,
  'agent set': setAgentCommand,
  'agent reset-password': resetPasswordCommand,
  'agent disable': async (values) => {
    const agent = await agentNamed(values);
    return disableAgent(operatorIn(agent.workspaceId), agent.agentId);
  },
  'agent enable': async (values) => {
    const agent = await agentNamed(values);
    return enableAgent(operatorIn(agent.workspaceId), agent.agentId);
  },
};
