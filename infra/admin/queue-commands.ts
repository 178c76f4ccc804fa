/** `queue set|list|member add|member remove`: an app's desks, their rules, hours and people. */

import {
  auditMembersChange,
  auditQueueChange,
  removeQueue,
  setQueueMembership,
} from '../../shared/admin/queue-administration.ts';
import { configureQueue, queueSettingsSchema } from '../../shared/admin/queue-registration.ts';
import { RegistrationError } from '../../shared/admin/registration-error.ts';
import { autoRepliesSchema } from '../../shared/domain/auto-replies-schema.ts';
import type { AutoReplies } from '../../shared/domain/auto-reply.ts';
import { type BusinessHours, parseBusinessHours } from '../../shared/domain/business-hours.ts';
import { defaultQueueOf, type Queue } from '../../shared/domain/queue.ts';
import type { ResponseTargets } from '../../shared/domain/sla.ts';
import { findAgentByUsername } from '../../shared/store/agents-repository.ts';
import { getApp } from '../../shared/store/apps-repository.ts';
import { getQueue, listQueueMemberIds, listQueues } from '../../shared/store/queues-repository.ts';
import { type CliValues, singleAppId, UsageError, validatedAsync } from './arguments.ts';
import { operatorIn } from './operator.ts';

/** `MATCH:PATTERN`, the pattern itself free to contain colons (`prefix:shop:12`). */
function splitMatch(flag: string, value: string): { match: string; rest: string } {
  const colon = value.indexOf(':');
  if (colon <= 0) throw new UsageError(`--${flag} ${value}: write it as MATCH:PATTERN, e.g. prefix:shop:12`);
  return { match: value.slice(0, colon), rest: value.slice(colon + 1) };
}

function keywordRule(value: string) {
  const { match, rest } = splitMatch('keyword', value);
  const arrow = rest.indexOf('=>');
  if (arrow <= 0) throw new UsageError(`--keyword ${value}: write it as MATCH:PATTERN=>REPLY`);
  return { match, pattern: rest.slice(0, arrow), reply: rest.slice(arrow + 2) };
}

function businessHoursFrom(values: CliValues, current: Queue): BusinessHours | null | undefined {
  const zone = values['time-zone'];
  if (values.hours === 'always') return null;
  try {
    if (values.hours !== undefined)
      return parseBusinessHours(values.hours, zone ?? current.businessHours?.timeZone);
  } catch (error) {
    throw new UsageError(`--hours: ${(error as Error).message}`);
  }
  if (zone === undefined) return undefined;
  if (!current.businessHours) throw new UsageError('--time-zone needs --hours: the queue is always open');
  return { ...current.businessHours, timeZone: zone };
}

async function autoRepliesFrom(values: CliValues, current: Queue): Promise<AutoReplies | undefined> {
  const changes = {
    ...(values.welcome === undefined ? {} : { welcome: values.welcome || undefined }),
    ...(values['off-hours'] === undefined ? {} : { offHours: values['off-hours'] || undefined }),
    ...(values['pick-up'] === undefined ? {} : { pickUp: values['pick-up'] || undefined }),
    ...(values.closing === undefined ? {} : { closing: values.closing || undefined }),
    ...(values.survey === undefined ? {} : { survey: values.survey || undefined }),
    ...(values['survey-thanks'] === undefined ? {} : { surveyThanks: values['survey-thanks'] || undefined }),
    ...(values.keyword === undefined ? {} : { keywords: values.keyword.map(keywordRule) }),
    ...(values['human-keyword'] === undefined ? {} : { humanKeywords: values['human-keyword'] }),
  };
  if (Object.keys(changes).length === 0) return undefined;
  return validatedAsync(autoRepliesSchema, { ...current.autoReplies, ...changes });
}

/** The queue's targets with the flags given applied (an empty value removes one); undefined without them. */
function responseTargetsFrom(values: CliValues, current: Queue): ResponseTargets | undefined {
  const given = {
    firstResponseMinutes: values['first-response-minutes'],
    nextResponseMinutes: values['next-response-minutes'],
    reassignAfterMinutes: values['reassign-after-minutes'],
  };
  if (Object.values(given).every((value) => value === undefined)) return undefined;
  const targets: Record<string, number> = {};
  for (const [target, value] of Object.entries(given) as [keyof ResponseTargets, string | undefined][]) {
    const minutes =
      value === undefined ? current.responseTargets?.[target] : value === '' ? undefined : Number(value);
    if (minutes !== undefined) targets[target] = minutes;
  }
  return targets;
}

async function appOf(values: CliValues) {
  const appId = singleAppId(values);
  const app = await getApp(appId);
  if (!app) throw new RegistrationError(`no such app: ${appId}`);
  return app;
}

function queueIdOf(values: CliValues): string {
  if (!values['queue-id']) throw new UsageError('give --queue-id');
  return values['queue-id'];
}

async function setQueue(values: CliValues): Promise<unknown> {
  const app = await appOf(values);
  const queueId = queueIdOf(values);
  const current = (await getQueue(app, queueId)) ?? { ...defaultQueueOf(app), queueId };
  const settings = await validatedAsync(queueSettingsSchema, {
    appId: app.appId,
    queueId,
    name: values.name,
    sessionFromRules: values['session-from']?.map((value) => {
      const { match, rest } = splitMatch('session-from', value);
      return { match, pattern: rest };
    }),
    qrSceneRules: values['qr-scene']?.map((value) => {
      const { match, rest } = splitMatch('qr-scene', value);
      return { match, pattern: rest };
    }),
    businessHours: businessHoursFrom(values, current),
    autoReplies: await autoRepliesFrom(values, current),
    inactivityMinutes:
      values['inactivity-minutes'] === undefined ? undefined : Number(values['inactivity-minutes']),
    responseTargets: responseTargetsFrom(values, current),
  });
  const before = await getQueue(app, queueId);
  const queue = await configureQueue(settings);
  const named = Object.entries(settings)
    .filter(([field, value]) => value !== undefined && field !== 'appId' && field !== 'queueId')
    .map(([field]) => field);
  await auditQueueChange(operatorIn(app.workspaceId), queue, before, named);
  return queue;
}

async function listAppQueues(values: CliValues): Promise<unknown> {
  const app = await appOf(values);
  const queues = await listQueues(app);
  return Promise.all(queues.map(async (queue) => ({ ...queue, memberIds: await listQueueMemberIds(queue) })));
}

async function changeMember(values: CliValues, change: 'add' | 'remove'): Promise<unknown> {
  const app = await appOf(values);
  const queueId = queueIdOf(values);
  const agent = values.username ? await findAgentByUsername(values.username) : undefined;
  if (!agent) throw new UsageError('give the --username of an existing agent');
  const current = await listQueueMemberIds({ appId: app.appId, queueId });
  const wanted =
    change === 'add' ? [...current, agent.agentId] : current.filter((agentId) => agentId !== agent.agentId);
  const result = await setQueueMembership(app, queueId, wanted);
  await auditMembersChange(
    operatorIn(app.workspaceId),
    { appId: app.appId, queueId },
    current,
    result.memberIds,
  );
  return { queueId, ...result };
}

async function deleteAppQueue(values: CliValues): Promise<unknown> {
  const app = await appOf(values);
  return removeQueue(app, queueIdOf(values), operatorIn(app.workspaceId));
}

export const queueCommands: Record<string, (values: CliValues) => Promise<unknown>> = {
  'queue set': setQueue,
  'queue list': listAppQueues,
  'queue delete': deleteAppQueue,
  'queue member add': (values) => changeMember(values, 'add'),
  'queue member remove': (values) => changeMember(values, 'remove'),
};
