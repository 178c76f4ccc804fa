/**
 * A workspace's WeChat apps as its owners manage them from the console: list, add, edit, disable and
 * enable, remove, and test the credentials against WeChat. The AppSecret, EncodingAESKey and Token are
 * write-only: no answer carries them, only whether each is set. Every answer names the app's exact
 * callback URL (the HTTP API's base URL, learnt from the request, + `/wechat/<appId>`).
 */
import * as z from 'zod/mini';
import type { CredentialsTest, ManagedApp } from '../domain/admin-view.ts';
import { summarizeApp, type WeChatApp } from '../domain/app.ts';
import type { FieldChange } from '../domain/audit.ts';
import { followUpTemplateSchema } from '../domain/follow-up-schema.ts';
import { menuKeyRulesSchema } from '../domain/menu-keys-schema.ts';
import { type Actor, mayManageApps } from '../domain/permissions.ts';
import { accessTokenStore } from '../store/access-token-store.ts';
import { getAgentNow, listWorkspaceAgentIds, updateAgentProfile } from '../store/agents-repository.ts';
import { deleteApp, getApp, listAppMemberIds, saveApp } from '../store/apps-repository.ts';
import { listActiveConversations } from '../store/conversations-repository.ts';
import { listQueueMemberIds, listQueues, removeQueueMember } from '../store/queues-repository.ts';
import { deleteQueueQuickReplies } from '../store/quick-replies-repository.ts';
import { countWaiting } from '../store/waiting-line.ts';
import { listWorkspaceApps } from '../store/workspace-apps.ts';
import { WeChatApiError, WeChatUnavailableError } from '../wechat/api-client.ts';
import { wechatContext } from '../wechat/wechat-context.ts';
import { type Administrator, auditAction } from './audit-trail.ts';
import {
  appFieldsSchema,
  distinctLinked,
  formatIssue,
  linkedIssue,
  linkedMiniProgramsSchema,
  linksOnlyIfOfficialAccount,
  pushesAFormatItSpeaks,
} from './registration.ts';
import { NotAllowedError, RegistrationError } from './registration-error.ts';

/** `POST /api/admin/apps`: the app joins the owner's workspace. */
export const appCreationSchema = z
  .strictObject({
    ...z.omit(appFieldsSchema, { workspaceId: true }).shape,
    name: z.optional(appFieldsSchema.shape.name),
  })
  .check(z.refine(pushesAFormatItSpeaks, formatIssue), z.refine(linksOnlyIfOfficialAccount, linkedIssue));

export type AppCreation = z.input<typeof appCreationSchema>;

/** `PATCH /api/admin/apps/{appId}`: what is given changes; `encodingAesKey: null` means plaintext mode. */
export const appChangeSchema = z.strictObject({
  name: z.optional(appFieldsSchema.shape.name),
  type: z.optional(appFieldsSchema.shape.type),
  format: z.optional(appFieldsSchema.shape.format),
  token: z.optional(appFieldsSchema.shape.token),
  encodingAesKey: z.optional(z.nullable(appFieldsSchema.shape.encodingAesKey.def.innerType)),
  secret: z.optional(appFieldsSchema.shape.secret),
  /** The whole list (an empty one removes them all). */
  linkedMiniPrograms: z.optional(linkedMiniProgramsSchema),
  /** The whole list (an empty one removes them all): what its menu buttons mean (menu-keys.ts). */
  menuKeys: z.optional(menuKeyRulesSchema),
  /** Official Accounts: transcribe customers' voices that come without WeChat's transcript. */
  machineTranscripts: z.optional(z.boolean()),
  /** The subscribe message answers go out as after the 48-hour window (follow-up.ts); null removes it. */
  followUp: z.optional(z.nullable(followUpTemplateSchema)),
});

export type AppChange = z.infer<typeof appChangeSchema>;

export function callbackUrlOf(baseUrl: string, appId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/wechat/${appId}`;
}

function managed(app: WeChatApp, baseUrl: string): ManagedApp {
  return { ...summarizeApp(app), callbackUrl: callbackUrlOf(baseUrl, app.appId) };
}

function requireOwner(actor: Actor): void {
  if (!mayManageApps(actor))
    throw new NotAllowedError('only an owner of the workspace can manage its WeChat apps');
}

/** The workspace's app; another workspace's is as unknown as a missing one. */
async function ownApp(actor: Actor, appId: string): Promise<WeChatApp> {
  requireOwner(actor);
  const app = await getApp(appId);
  if (!app || app.workspaceId !== actor.workspaceId)
    throw new RegistrationError(`no such app: ${appId}`, 'missing');
  return app;
}

const target = (app: Pick<WeChatApp, 'appId' | 'name'>) =>
  ({ type: 'app', id: app.appId, name: app.name }) as const;

export function menuKeysText(app: WeChatApp): string {
  return (app.menuKeys ?? []).map((rule) => `${rule.action}:${rule.key}`).join(', ');
}

/** What an edit did, with secrets told only as changed. */
function appChanges(before: WeChatApp, after: WeChatApp): Record<string, FieldChange> {
  const changes: Record<string, FieldChange> = {};
  for (const field of ['name', 'type', 'format'] as const) {
    if (before[field] !== after[field]) changes[field] = { from: before[field], to: after[field] };
  }
  const linkedBefore = (before.linkedMiniPrograms ?? []).join(', ');
  const linkedAfter = (after.linkedMiniPrograms ?? []).join(', ');
  if (linkedBefore !== linkedAfter) {
    changes.linkedMiniPrograms = { from: linkedBefore || 'none', to: linkedAfter || 'none' };
  }
  const keysBefore = menuKeysText(before);
  const keysAfter = menuKeysText(after);
  if (keysBefore !== keysAfter) changes.menuKeys = { from: keysBefore || 'none', to: keysAfter || 'none' };
  if ((before.machineTranscripts === true) !== (after.machineTranscripts === true)) {
    changes.machineTranscripts = {
      from: before.machineTranscripts ? 'on' : 'off',
      to: after.machineTranscripts ? 'on' : 'off',
    };
  }
  const followUpBefore = JSON.stringify(before.followUp ?? null);
  const followUpAfter = JSON.stringify(after.followUp ?? null);
  if (followUpBefore !== followUpAfter) {
    changes.followUp = {
      from: before.followUp?.templateId ?? 'none',
      to: after.followUp?.templateId ?? 'none',
    };
  }
  for (const field of ['token', 'secret', 'encodingAesKey'] as const) {
    if (before[field] !== after[field]) {
      changes[field] = {
        from: before[field] === undefined ? 'not set' : 'set',
        to: after[field] === undefined ? 'removed' : 'changed',
      };
    }
  }
  return changes;
}

export async function listApps(admin: Administrator, baseUrl: string): Promise<ManagedApp[]> {
  requireOwner(admin.actor);
  const apps = await listWorkspaceApps(admin.actor.workspaceId);
  return apps.sort((a, b) => a.createdAt - b.createdAt).map((app) => managed(app, baseUrl));
}

export async function addApp(admin: Administrator, input: AppCreation, baseUrl: string): Promise<ManagedApp> {
  requireOwner(admin.actor);
  const creation = appCreationSchema.parse(input);
  if (await getApp(creation.appId)) {
    throw new RegistrationError(
      `the AppID ${creation.appId} is already registered`,
      'conflict',
      'app_id_taken',
    );
  }
  const { linkedMiniPrograms, ...settings } = creation;
  const linked = distinctLinked(linkedMiniPrograms);
  const app: WeChatApp = {
    ...settings,
    ...(linked ? { linkedMiniPrograms: linked } : {}),
    name: creation.name ?? creation.appId,
    workspaceId: admin.actor.workspaceId,
    createdAt: Date.now(),
  };
  try {
    await saveApp(app);
  } catch (error) {
    // Registered by someone else a moment ago, in another workspace.
    if ((error as { name?: string }).name === 'TransactionCanceledException') {
      throw new RegistrationError(
        `the AppID ${creation.appId} is already registered`,
        'conflict',
        'app_id_taken',
      );
    }
    throw error;
  }
  await auditAction(admin, {
    kind: 'app.added',
    target: target(app),
    summary: `added the ${app.type} ${app.appId} (${app.name}), ${app.encodingAesKey ? 'secure mode' : 'plaintext mode'}`,
  });
  return managed(app, baseUrl);
}

export async function changeApp(
  admin: Administrator,
  appId: string,
  input: AppChange,
  baseUrl: string,
): Promise<ManagedApp> {
  const change = appChangeSchema.parse(input);
  const before = await ownApp(admin.actor, appId);
  const { encodingAesKey, linkedMiniPrograms, followUp, ...rest } = change;
  const after: WeChatApp = {
    ...before,
    ...Object.fromEntries(Object.entries(rest).filter(([, value]) => value !== undefined)),
    ...(encodingAesKey === undefined ? {} : { encodingAesKey: encodingAesKey ?? undefined }),
    ...(linkedMiniPrograms === undefined ? {} : { linkedMiniPrograms: distinctLinked(linkedMiniPrograms) }),
    ...(followUp === undefined ? {} : { followUp: followUp ?? undefined }),
  };
  if (after.followUp === undefined) delete after.followUp;
  if (!pushesAFormatItSpeaks(after)) throw new RegistrationError(`format: ${formatIssue.message}`);
  // An app that becomes a Mini Program keeps no list, unless the change gives one (refused below).
  if (after.type === 'miniprogram' && linkedMiniPrograms === undefined) after.linkedMiniPrograms = undefined;
  if (!linksOnlyIfOfficialAccount(after)) {
    throw new RegistrationError(`linkedMiniPrograms: ${linkedIssue.message}`);
  }
  if (after.linkedMiniPrograms === undefined) delete after.linkedMiniPrograms;
  if (after.menuKeys?.length === 0) delete after.menuKeys;
  if (after.type !== 'official-account' && change.machineTranscripts === true) {
    throw new RegistrationError('machineTranscripts: only an Official Account receives voice messages');
  }
  // Off is the absence of the setting; a Mini Program receives no voices to transcribe.
  if (after.type !== 'official-account' || !after.machineTranscripts) delete after.machineTranscripts;
  const changes = appChanges(before, after);
  if (Object.keys(changes).length === 0) return managed(before, baseUrl);
  await saveApp(after);
  await auditAction(admin, {
    kind: 'app.changed',
    target: target(after),
    summary: `changed ${Object.keys(changes).join(', ')} of ${after.appId}`,
    changes,
  });
  return managed(after, baseUrl);
}

/**
 * A disabled app's callbacks are answered 404 without storing anything and nothing is sent to its
 * customers (warm functions keep an app for up to 30 seconds, so it takes effect within that).
 */
export async function setAppEnabled(
  admin: Administrator,
  appId: string,
  enabled: boolean,
  baseUrl: string,
): Promise<ManagedApp> {
  const app = await ownApp(admin.actor, appId);
  if ((app.disabled !== true) === enabled) return managed(app, baseUrl);
  const changed: WeChatApp = { ...app, disabled: enabled ? undefined : true };
  await saveApp(changed);
  await auditAction(admin, {
    kind: enabled ? 'app.enabled' : 'app.disabled',
    target: target(app),
    summary: enabled
      ? `enabled ${app.appId}: callbacks are taken and messages sent again`
      : `disabled ${app.appId}: its callbacks are refused (404) and nothing is sent to its customers`,
  });
  return managed(changed, baseUrl);
}

/** Conversations of the app still open: waiting in one of its queues, or being served. */
async function openConversations(app: WeChatApp): Promise<number> {
  const queues = await listQueues(app);
  const waiting = await Promise.all(queues.map((queue) => countWaiting(queue)));
  const agentIds = new Set([
    ...(await listAppMemberIds(app.appId)),
    ...(await listWorkspaceAgentIds(app.workspaceId)),
  ]);
  const active = await Promise.all(
    [...agentIds].map(
      async (agentId) =>
        (await listActiveConversations(agentId)).filter((conversation) => conversation.appId === app.appId)
          .length,
    ),
  );
  return [...waiting, ...active].reduce((sum, count) => sum + count, 0);
}

/**
 * Removes the app: refused while it has open conversations (close or hand them over first, or
 * disable it instead). Its queues and memberships go, its agents stop serving it; its closed
 * conversations and their messages stay in the history.
 */
export async function removeApp(
  admin: Administrator,
  appId: string,
): Promise<{ removed: string; agentsUpdated: number; note: string }> {
  const app = await ownApp(admin.actor, appId);
  const open = await openConversations(app);
  if (open > 0) {
    throw new RegistrationError(
      `${app.appId} has ${open} open conversation(s) (waiting or being served): close or transfer them first, or disable the app instead`,
      'conflict',
      'app_has_open_conversations',
    );
  }
  const queues = await listQueues(app);
  for (const queue of queues) {
    for (const agentId of await listQueueMemberIds(queue)) await removeQueueMember(agentId, queue);
  }
  const memberIds = await listAppMemberIds(app.appId);
  for (const agentId of memberIds) {
    const agent = await getAgentNow(agentId);
    if (agent?.appIds.includes(app.appId)) {
      await updateAgentProfile(agentId, { appIds: agent.appIds.filter((each) => each !== app.appId) });
    }
  }
  await deleteApp(app.appId);
  await deleteQueueQuickReplies(app.workspaceId, { appId: app.appId });
  await auditAction(admin, {
    kind: 'app.removed',
    target: target(app),
    summary: `removed ${app.appId} (${app.name}), its ${queues.length} queue(s) and ${memberIds.length} agent membership(s)`,
  });
  return {
    removed: app.appId,
    agentsUpdated: memberIds.length,
    note: 'Its queues and memberships are gone and its callbacks are answered 404; its closed conversations and their messages stay in the history.',
  };
}

/**
 * The meaning of WeChat's answers when asked for an access token, in words for the owner. Checked
 * against WeChat's documentation and developer community (2026):
 * - 40013 invalid appid: developers.weixin.qq.com/doc/oplatform/Website_App/Launching_a_Mini_Program/getaccesstoken.html
 * - 40125 invalid appsecret (what stable_token answers to a wrong AppSecret; /cgi-bin/token says 40001):
 *   developers.weixin.qq.com/community/personal/oCJUsw1ZaTLsKtsSQBnKaZpjgzRA/answer
 * - 40164 "invalid ip 1.2.3.4 ipv6 ::ffff:1.2.3.4, not in whitelist" (the caller's address is not in
 *   the app's API IP whitelist): developers.weixin.qq.com/community/develop/doc/000aecf711cf80b01e53be0e161400;
 *   61004 is the same refusal in the newer documentation: developers.weixin.qq.com/doc/service/guide/dev/api
 * - 40243 the AppSecret is frozen (冻结) in WeChat's console: developers.weixin.qq.com/doc/service/guide/dev/api
 */
export function credentialsSentence(appId: string, errcode: number, errmsg: string): CredentialsTest {
  switch (errcode) {
    case 40164:
    case 61004: {
      const ip = /invalid ip ([0-9A-Fa-f.:]+)/.exec(errmsg)?.[1]?.replace(/,$/, '');
      return {
        ok: false,
        errcode,
        ...(ip ? { ip } : {}),
        sentence: `WeChat refused the call because ${ip ? `the server's IP address ${ip}` : "the server's IP address"} is not in the app's API IP whitelist: add it in WeChat's console (Development → Development settings → IP whitelist).`,
      };
    }
    case 40013:
      return {
        ok: false,
        errcode,
        sentence: `WeChat does not know the AppID ${appId}: check it in WeChat's console (Development → Development settings).`,
      };
    case 40125:
    case 40001:
      return {
        ok: false,
        errcode,
        sentence:
          "WeChat refused the AppSecret: it is wrong or has been reset. Enter the current AppSecret from WeChat's console.",
      };
    case 40243:
      return {
        ok: false,
        errcode,
        sentence:
          "The AppSecret is frozen in WeChat's console: unfreeze it there (it takes about 10 minutes) and test again.",
      };
    default:
      return {
        ok: false,
        errcode,
        sentence: `WeChat refused the credentials (error ${errcode}: ${errmsg}).`,
      };
  }
}

/**
 * Asks WeChat for a fresh access token with the stored AppID and AppSecret, through the platform's
 * own access-token path (the token is shared with the senders). A fresh one is forced, so a token
 * fetched earlier with other credentials cannot make a wrong secret look right.
 */
export async function testAppCredentials(admin: Administrator, appId: string): Promise<CredentialsTest> {
  const app = await ownApp(admin.actor, appId);
  let result: CredentialsTest;
  try {
    const stored = await accessTokenStore.read(app.appId);
    // Passing the stored token as refused makes the provider force a new one (and share it).
    await wechatContext().tokens.get(app, stored?.accessToken);
    result = { ok: true, sentence: 'WeChat accepted the AppID and AppSecret and issued an access token.' };
  } catch (error) {
    if (error instanceof WeChatApiError) result = credentialsSentence(app.appId, error.errcode, error.errmsg);
    else if (error instanceof WeChatUnavailableError) {
      result = { ok: false, sentence: `WeChat did not answer (${error.message}); try again later.` };
    } else if (error instanceof Error && error.message.startsWith('no access token for')) {
      // Another caller's refresh of this app's token did not finish in time.
      result = { ok: false, sentence: 'A token refresh of this app is under way; try again in a moment.' };
    } else throw error;
  }
  await auditAction(admin, {
    kind: 'app.credentials_tested',
    target: target(app),
    summary: `tested the credentials of ${app.appId}: ${result.ok ? 'accepted' : `refused (${result.errcode ?? 'no answer'})`}`,
  });
  return result;
}
