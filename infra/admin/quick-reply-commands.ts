/**
 * `quick-reply add|list|remove`: the quick replies agents insert from the composer's palette, in one of
 * three sets: the workspace's (`--workspace`, default `default`), a queue's (`--app-id` and
 * `--queue-id`) or an agent's own (`--username`). The same workflow and checks as the console: the
 * operator is an owner of the workspace for the shared sets, and acts as the agent for theirs.
 */
import * as z from 'zod/mini';
import type { Administrator } from '../../shared/admin/audit-trail.ts';
import {
  addQuickReply,
  quickReplyCreationSchema,
  removeQuickReply,
} from '../../shared/admin/quick-replies.ts';
import { RegistrationError } from '../../shared/admin/registration-error.ts';
import { appIdSchema, ulidSchema } from '../../shared/domain/id-schema.ts';
import { queueIdSchema } from '../../shared/domain/queue-id-schema.ts';
import type { QuickReplyScope } from '../../shared/domain/quick-reply.ts';
import { findAgentByUsername } from '../../shared/store/agents-repository.ts';
import { getApp } from '../../shared/store/apps-repository.ts';
import { getQuickReply, listQuickReplies } from '../../shared/store/quick-replies-repository.ts';
import { type CliValues, singleAppId, UsageError, validated } from './arguments.ts';
import { operatorIdentity, operatorIn } from './operator.ts';

/** The operator acting for an agent on the agent's own set (the policy lets nobody else). */
function actingFor(agentId: string, workspaceId: string): Administrator {
  return { ...operatorIdentity(), actor: { agentId, workspaceId, role: 'agent', queues: [] } };
}

/** The set the flags name, and who acts on it. */
async function setOf(values: CliValues): Promise<{ keeper: Administrator; scope: QuickReplyScope }> {
  const queueFlags = values['app-id'] !== undefined || values['queue-id'] !== undefined;
  if (
    [values.username !== undefined, queueFlags, values.workspace !== undefined].filter(Boolean).length > 1
  ) {
    throw new UsageError('give one of --workspace, --app-id with --queue-id, or --username');
  }
  if (values.username !== undefined) {
    const agent = await findAgentByUsername(values.username);
    if (!agent) throw new RegistrationError(`no agent named ${values.username}`);
    return {
      keeper: actingFor(agent.agentId, agent.workspaceId),
      scope: { kind: 'personal', agentId: agent.agentId },
    };
  }
  if (queueFlags) {
    const { appId, queueId } = validated(z.object({ appId: appIdSchema, queueId: queueIdSchema }), {
      appId: singleAppId(values),
      queueId: values['queue-id'],
    });
    const app = await getApp(appId);
    if (!app) throw new RegistrationError(`no such app: ${appId}`);
    return { keeper: operatorIn(app.workspaceId), scope: { kind: 'queue', appId, queueId } };
  }
  return { keeper: operatorIn(values.workspace ?? 'default'), scope: { kind: 'workspace' } };
}

/** `--menu-option ID=TEXT` (repeated) and `--menu-tail`: a saved menu, or none without options. */
function menuOf(values: CliValues): { options: { id: string; text: string }[]; tail?: string } | undefined {
  const options = values['menu-option'];
  if (options === undefined) {
    if (values['menu-tail'] !== undefined) throw new UsageError('--menu-tail needs --menu-option');
    return undefined;
  }
  return {
    options: options.map((option) => {
      const separator = option.indexOf('=');
      if (separator < 1) throw new UsageError(`--menu-option ${option}: give ID=TEXT, e.g. human=人工`);
      return { id: option.slice(0, separator), text: option.slice(separator + 1) };
    }),
    ...(values['menu-tail'] === undefined ? {} : { tail: values['menu-tail'] }),
  };
}

async function addCommand(values: CliValues): Promise<unknown> {
  const { keeper, scope } = await setOf(values);
  const creation = validated(quickReplyCreationSchema, {
    scope: scope.kind === 'personal' ? { kind: 'personal' } : scope,
    title: values.title,
    text: values.text,
    menu: menuOf(values),
  });
  const { editable: _always, ...reply } = await addQuickReply(keeper, creation);
  return reply;
}

async function listCommand(values: CliValues): Promise<unknown> {
  const { keeper, scope } = await setOf(values);
  return listQuickReplies(keeper.actor.workspaceId, [scope]);
}

async function removeCommand(values: CliValues): Promise<unknown> {
  const { id } = validated(z.object({ id: ulidSchema }), { id: values.id });
  const reply = await getQuickReply(id);
  if (!reply) throw new RegistrationError(`no quick reply ${id}`);
  const keeper =
    reply.scope.kind === 'personal'
      ? actingFor(reply.scope.agentId, reply.workspaceId)
      : operatorIn(reply.workspaceId);
  return removeQuickReply(keeper, id);
}

export const quickReplyCommands: Record<string, (values: CliValues) => Promise<unknown>> = {
  'quick-reply add': addCommand,
  'quick-reply list': listCommand,
  'quick-reply remove': removeCommand,
};
