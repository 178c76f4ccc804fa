/** The admin CLI's flags, and how their values are checked and explained when wrong. */
import type { parseArgs } from 'node:util';
import type * as z from 'zod/mini';
import { inEnglish } from '../../shared/domain/issue-wording.ts';

/** The command line itself is wrong: the usage text follows the message. */
export class UsageError extends Error {}

export function validated<T>(schema: z.ZodMiniType<T>, value: unknown): T {
  return explained(schema.safeParse(value, inEnglish));
}

/**
 * `validated` for a schema with asynchronous checks (an admin's regular expressions, checked by the
 * regex engine, which loads on first use).
 */
export async function validatedAsync<T>(schema: z.ZodMiniType<T>, value: unknown): Promise<T> {
  return explained(await schema.safeParseAsync(value, inEnglish));
}

function explained<T>(result: z.core.util.SafeParseResult<T>): T {
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  --${flagOf(issue.path.join('.'))}: ${issue.message}`);
  throw new UsageError(`invalid arguments:\n${lines.join('\n')}`);
}

const flagNames: Record<string, string> = {
  appId: 'app-id',
  appIds: 'app-id',
  encodingAesKey: 'aes-key',
  workspaceId: 'workspace',
  displayName: 'display-name',
  password: 'password-stdin',
  kfAccount: 'kf-account',
  linkedMiniPrograms: 'linked-miniprogram',
  queueIds: 'queue',
  queues: 'queue',
  initialPassword: 'password-stdin',
  queueId: 'queue-id',
  sessionFromRules: 'session-from',
  qrSceneRules: 'qr-scene',
  menuKeys: 'menu-key',
  businessHours: 'hours',
  inactivityMinutes: 'inactivity-minutes',
  'responseTargets.firstResponseMinutes': 'first-response-minutes',
  'responseTargets.nextResponseMinutes': 'next-response-minutes',
  'responseTargets.reassignAfterMinutes': 'reassign-after-minutes',
  autoReplies: 'keyword',
  keywords: 'keyword',
  offHours: 'off-hours',
  pickUp: 'pick-up',
  closing: 'closing',
  survey: 'survey',
  surveyThanks: 'survey-thanks',
  humanKeywords: 'human-keyword',
  menu: 'menu-option',
};

function flagOf(path: string): string {
  const [field = path, detail] = path.split('.');
  return flagNames[`${field}.${detail}`] ?? flagNames[field] ?? field;
}

export const options = {
  'app-id': { type: 'string', multiple: true },
  'linked-miniprogram': { type: 'string', multiple: true },
  type: { type: 'string' },
  token: { type: 'string' },
  'aes-key': { type: 'string' },
  secret: { type: 'string' },
  format: { type: 'string' },
  name: { type: 'string' },
  workspace: { type: 'string' },
  username: { type: 'string' },
  /** Refused with an explanation: passwords are typed at the prompt or piped in (password-input.ts). */
  password: { type: 'string' },
  'password-stdin': { type: 'boolean' },
  invite: { type: 'boolean' },
  owner: { type: 'string' },
  'display-name': { type: 'string' },
  'kf-account': { type: 'string' },
  capacity: { type: 'string' },
  role: { type: 'string' },
  queue: { type: 'string', multiple: true },
  'queue-id': { type: 'string' },
  'session-from': { type: 'string', multiple: true },
  'qr-scene': { type: 'string', multiple: true },
  'menu-key': { type: 'string', multiple: true },
  hours: { type: 'string' },
  'time-zone': { type: 'string' },
  welcome: { type: 'string' },
  'off-hours': { type: 'string' },
  'pick-up': { type: 'string' },
  closing: { type: 'string' },
  survey: { type: 'string' },
  'survey-thanks': { type: 'string' },
  keyword: { type: 'string', multiple: true },
  'human-keyword': { type: 'string', multiple: true },
  'inactivity-minutes': { type: 'string' },
  'first-response-minutes': { type: 'string' },
  'next-response-minutes': { type: 'string' },
  'reassign-after-minutes': { type: 'string' },
  title: { type: 'string' },
  text: { type: 'string' },
  'menu-option': { type: 'string', multiple: true },
  'menu-tail': { type: 'string' },
  id: { type: 'string' },
  'data-dir': { type: 'string' },
  stack: { type: 'string' },
  region: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export type CliValues = ReturnType<
  typeof parseArgs<{ options: typeof options; allowPositionals: true }>
>['values'];

export function singleAppId(values: CliValues): string {
  const appIds = values['app-id'] ?? [];
  if (appIds.length !== 1) throw new UsageError('give exactly one --app-id');
  return appIds[0] as string;
}
