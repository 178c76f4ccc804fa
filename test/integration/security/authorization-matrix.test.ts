/**
 * The authorization matrix: every HTTP route of the manifest and every socket action, tried by every
 * kind of caller, each answer compared with what the permission policy promises. The routes are read
 * from `infra/manifest.ts`, so a route added without its row here fails this test.
 *
 * Callers: no token, a malformed token, a token signed with another key, an expired token, another
 * workspace's admin, an agent of another app of the workspace, an agent of the same app in another
 * queue, the conversation's assignee, an admin, an owner, and a disabled agent.
 *
 * Fixtures are made once. Whatever an allowed caller changes (closing, accepting, reopening,
 * transferring, deleting, disabling, …) is theirs alone: each such allowed case acts on its own
 * conversation, queue, agent or app, so the cases do not depend on each other's order.
 */
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as manifest from '../../../infra/manifest.ts';
import { configureQueue } from '../../../shared/admin/queue-registration.ts';
import { registerAgent } from '../../../shared/admin/registration.ts';
import { issueAgentToken, verifyAgentToken } from '../../../shared/auth/agent-token.ts';
import type { AgentRole } from '../../../shared/domain/agent.ts';
import { addDays } from '../../../shared/domain/zoned-calendar.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { readReportFacts } from '../../../shared/store/closed-conversations-repository.ts';
import { getCustomer } from '../../../shared/store/conversations-repository.ts';
import type { AgentSocket } from '../../support/agent-socket.ts';
import { eventually } from '../../support/eventually.ts';
import { randomAlphanumeric, randomAppId, startSystem, type TestSystem } from '../../support/system.ts';

type Identity =
  | 'none'
  | 'malformed'
  | 'wrongKey'
  | 'expired'
  | 'otherWorkspaceAdmin'
  | 'otherAppAgent'
  | 'otherQueueAgent'
  | 'assignee'
  | 'admin'
  | 'owner'
  | 'disabled';

const identities: Identity[] = [
  'none',
  'malformed',
  'wrongKey',
  'expired',
  'otherWorkspaceAdmin',
  'otherAppAgent',
  'otherQueueAgent',
  'assignee',
  'admin',
  'owner',
  'disabled',
];

/** Callers whose token names a live session of an enabled agent. */
type Signed = 'otherWorkspaceAdmin' | 'otherAppAgent' | 'otherQueueAgent' | 'assignee' | 'admin' | 'owner';
const signed: Signed[] = [
  'otherWorkspaceAdmin',
  'otherAppAgent',
  'otherQueueAgent',
  'assignee',
  'admin',
  'owner',
];

/**
 * What a caller gets: `ok` (2xx, or a socket answer that did it), `unauthenticated` (401, or the socket
 * refused), `forbidden` (403), `hidden` (404: another workspace's, or nothing to see), `refused` (409:
 * the conversation's rules say no), `invalid` (400, or a socket frame refused as malformed).
 */
type Outcome = 'ok' | 'unauthenticated' | 'forbidden' | 'hidden' | 'refused' | 'invalid';

/** Expected outcomes of an authenticated route: every caller without a live session is unauthenticated. */
function signedIn(expected: Record<Signed, Outcome>): Record<Identity, Outcome> {
  return {
    none: 'unauthenticated',
    malformed: 'unauthenticated',
    wrongKey: 'unauthenticated',
    expired: 'unauthenticated',
    disabled: 'unauthenticated',
    ...expected,
  };
}

const everyone = (outcome: Outcome) =>
  Object.fromEntries(identities.map((who) => [who, outcome])) as Record<Identity, Outcome>;
const allSigned = (outcome: Outcome) =>
  signedIn(Object.fromEntries(signed.map((who) => [who, outcome])) as Record<Signed, Outcome>);
/** Conversation acts: the policy's rows for a conversation of app A's default queue served by the assignee. */
const act = (assignee: Outcome, admins: Outcome) =>
  signedIn({
    otherWorkspaceAdmin: 'hidden',
    otherAppAgent: 'refused',
    otherQueueAgent: 'refused',
    assignee,
    admin: admins,
    owner: admins,
  });
const administration = (otherWorkspaceAdmin: Outcome) =>
  signedIn({
    otherWorkspaceAdmin,
    otherAppAgent: 'forbidden',
    otherQueueAgent: 'forbidden',
    assignee: 'forbidden',
    admin: 'ok',
    owner: 'ok',
  });
/** Reading a conversation of app A's default queue: its assignee, admins and owners. */
const readers = signedIn({
  otherWorkspaceAdmin: 'hidden',
  otherAppAgent: 'forbidden',
  otherQueueAgent: 'forbidden',
  assignee: 'ok',
  admin: 'ok',
  owner: 'ok',
});
const ownersOnly = signedIn({
  otherWorkspaceAdmin: 'forbidden',
  otherAppAgent: 'forbidden',
  otherQueueAgent: 'forbidden',
  assignee: 'forbidden',
  admin: 'forbidden',
  owner: 'ok',
});

interface HttpCase {
  path: (who: Identity) => string;
  body?: (who: Identity) => unknown;
  /** A non-JSON body (uploads). */
  raw?: { contentType: string; bytes: Buffer };
  /** Another token than the caller's usual one (signing out uses a session of its own). */
  token?: (who: Identity) => string | undefined;
  expected: Record<Identity, Outcome>;
  /** Read the answer when its status does not tell the outcome. */
  classify?: (status: number, body: unknown) => Outcome;
}

interface Fixtures {
  tokens: Record<Identity, string | undefined>;
  spareTokens: Partial<Record<Identity, string>>;
  agentIds: Record<Signed | 'disabled', string>;
  appA: string;
  appX: string;
  appY: string;
  /** An Official Account of the workspace, for its published articles. */
  appO: string;
  /** Conversations of app A: `shared` for every refused caller, the rest one per allowed case. */
  conversation: {
    shared: string;
    queued: string;
    closed: string;
    own: Record<
      'close' | 'transfer' | 'reopen' | 'accept',
      Record<'http' | 'ws', Record<'assignee' | 'admin' | 'owner', string>>
    >;
  };
  targets: {
    plain: string;
    enable: string;
    reset: Record<'admin' | 'owner', string>;
    disable: Record<'admin' | 'owner', string>;
  };
  loginAgent: { username: string; password: string };
  /** Workspace quick replies: one every caller may try to change, one for each deleting role. */
  quickReplies: { kept: string; gone: Record<'admin' | 'owner', string> };
}

let system: TestSystem;
let f: Fixtures;
const sockets = new Map<Identity, AgentSocket>();

/** A tiny PNG, for the upload route. */
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Whose conversation a case acts on: an allowed caller's own one, or the shared one for the rest. */
function conversationFor(
  kind: 'close' | 'transfer' | 'reopen' | 'accept',
  channel: 'http' | 'ws',
  who: Identity,
) {
  const mine =
    who === 'assignee' || who === 'admin' || who === 'owner'
      ? f.conversation.own[kind][channel][who]
      : undefined;
  if (mine) return mine;
  return kind === 'accept'
    ? f.conversation.queued
    : kind === 'reopen'
      ? f.conversation.closed
      : f.conversation.shared;
}

const byRole = <T>(who: Identity, forAdmin: T, forOwner: T, otherwise: T) =>
  who === 'admin' ? forAdmin : who === 'owner' ? forOwner : otherwise;

function typingOutcome(reason: unknown): Outcome {
  if (reason === 'The conversation does not exist.') return 'hidden';
  if (reason === 'This conversation is not assigned to you.') return 'refused';
  return 'ok';
}

const httpCases: Record<string, HttpCase> = {
  // WeChat's own routes: a request without WeChat's signature is refused, whatever token comes along.
  'GET /wechat/{appId}': { path: () => `/wechat/${f.appA}?echostr=x`, expected: everyone('unauthenticated') },
  'POST /wechat/{appId}': {
    path: () => `/wechat/${f.appA}?timestamp=${Math.floor(Date.now() / 1000)}&nonce=1&signature=forged`,
    body: () => ({
      ToUserName: 'gh_x',
      FromUserName: 'o',
      CreateTime: 1,
      MsgType: 'text',
      Content: 'hi',
      MsgId: '1',
    }),
    expected: everyone('unauthenticated'),
  },
  // Public: the token is not looked at.
  'POST /api/auth/login': {
    path: () => '/api/auth/login',
    body: () => f.loginAgent,
    expected: everyone('ok'),
  },
  'POST /api/auth/invitations/{token}': {
    path: () => `/api/auth/invitations/${'A'.repeat(43)}`,
    body: () => ({ password: 'a-password-at-all' }),
    expected: everyone('hidden'),
  },
  'POST /api/auth/refresh': { path: () => '/api/auth/refresh', expected: allSigned('ok') },
  'POST /api/auth/logout': {
    path: () => '/api/auth/logout',
    body: () => ({}),
    token: (who) => f.spareTokens[who] ?? f.tokens[who],
    expected: allSigned('ok'),
  },
  // A wrong current password is refused (403) once the caller is known; nothing changes.
  'PUT /api/me/password': {
    path: () => '/api/me/password',
    body: () => ({ currentPassword: 'not-the-password', newPassword: 'a-new-password' }),
    expected: allSigned('forbidden'),
  },
  'GET /api/me': { path: () => '/api/me', expected: allSigned('ok') },
  'PUT /api/me/status': {
    path: () => '/api/me/status',
    body: () => ({ status: 'away' }),
    expected: allSigned('ok'),
  },
  'GET /api/conversations': { path: () => '/api/conversations', expected: allSigned('ok') },
  'GET /api/conversations/{conversationId}/messages': {
    path: () => `/api/conversations/${f.conversation.shared}/messages`,
    expected: readers,
  },
  'POST /api/conversations/{conversationId}/messages': {
    path: () => `/api/conversations/${f.conversation.shared}/messages`,
    body: () => ({ clientMessageId: randomUUID(), content: { type: 'text', text: '您好' } }),
    expected: act('ok', 'refused'),
  },
  // Typing answers 200 either way; whether it was refused is in the answer.
  'POST /api/conversations/{conversationId}/typing': {
    path: () => `/api/conversations/${f.conversation.shared}/typing`,
    expected: act('ok', 'refused'),
    classify: (status, body) =>
      status === 200 ? typingOutcome((body as { reason?: string }).reason) : statusOutcome(status),
  },
  // A note for colleagues: whoever may read the conversation writes one.
  'POST /api/conversations/{conversationId}/notes': {
    path: () => `/api/conversations/${f.conversation.shared}/notes`,
    body: () => ({ clientMessageId: randomUUID(), text: '老客户，优先处理' }),
    expected: readers,
  },
  // Every agent searches their workspace's history; the policy decides each entry they get back.
  'GET /api/history': { path: () => '/api/history?q=%E9%80%80%E8%B4%A7', expected: allSigned('ok') },
  'POST /api/conversations/{conversationId}/close': {
    path: (who) => `/api/conversations/${conversationFor('close', 'http', who)}/close`,
    expected: act('ok', 'ok'),
  },
  'POST /api/conversations/{conversationId}/accept': {
    path: (who) => `/api/conversations/${conversationFor('accept', 'http', who)}/accept`,
    expected: act('ok', 'ok'),
  },
  'POST /api/conversations/{conversationId}/reopen': {
    path: (who) => `/api/conversations/${conversationFor('reopen', 'http', who)}/reopen`,
    expected: act('ok', 'ok'),
  },
  'POST /api/conversations/{conversationId}/transfer': {
    path: (who) => `/api/conversations/${conversationFor('transfer', 'http', who)}/transfer`,
    body: () => ({ toQueueId: 'default' }),
    expected: act('ok', 'ok'),
  },
  // Whether an answer would reach the customer as a follow-up: told to whoever may read along.
  'GET /api/conversations/{conversationId}/follow-up': {
    path: () => `/api/conversations/${f.conversation.shared}/follow-up`,
    expected: readers,
  },
  // Where a conversation could go is told only to who may transfer it; to others it is not there.
  'GET /api/conversations/{conversationId}/transfer-targets': {
    path: () => `/api/conversations/${f.conversation.shared}/transfer-targets`,
    expected: signedIn({
      otherWorkspaceAdmin: 'hidden',
      otherAppAgent: 'hidden',
      otherQueueAgent: 'hidden',
      assignee: 'ok',
      admin: 'ok',
      owner: 'ok',
    }),
  },
  // Read state: kept for whoever may read the conversation (each caller's own cursor).
  'PUT /api/conversations/{conversationId}/read': {
    path: () => `/api/conversations/${f.conversation.shared}/read`,
    body: () => ({ through: f.conversation.shared }),
    expected: readers,
  },
  'DELETE /api/conversations/{conversationId}/read': {
    path: () => `/api/conversations/${f.conversation.shared}/read`,
    expected: readers,
  },
  'GET /api/read-cursors': { path: () => '/api/read-cursors', expected: allSigned('ok') },
  // The customer's profile: whoever may read the conversation reads and changes it.
  'GET /api/conversations/{conversationId}/customer': {
    path: () => `/api/conversations/${f.conversation.shared}/customer`,
    expected: readers,
  },
  'GET /api/conversations/{conversationId}/customer/conversations': {
    path: () => `/api/conversations/${f.conversation.shared}/customer/conversations`,
    expected: readers,
  },
  'PATCH /api/conversations/{conversationId}/customer': {
    path: () => `/api/conversations/${f.conversation.shared}/customer`,
    body: () => ({ tags: ['VIP'] }),
    expected: readers,
  },
  'GET /api/queues': { path: () => '/api/queues', expected: allSigned('ok') },
  'POST /api/media': {
    path: () => '/api/media',
    raw: { contentType: 'image/png', bytes: png },
    expected: allSigned('ok'),
  },
  // A link into the caller's own workspace's uploads: any signed-in agent, nothing of anyone else's.
  'POST /api/media/upload-links': {
    path: () => '/api/media/upload-links',
    body: () => ({ kind: 'video', bytes: 4096 }),
    expected: allSigned('ok'),
  },
  // An Official Account's published articles: every agent of its workspace (whichever app they serve);
  // another workspace's app does not exist for them.
  'GET /api/apps/{appId}/articles': {
    path: () => `/api/apps/${f.appO}/articles`,
    expected: signedIn({
      otherWorkspaceAdmin: 'hidden',
      otherAppAgent: 'ok',
      otherQueueAgent: 'ok',
      assignee: 'ok',
      admin: 'ok',
      owner: 'ok',
    }),
  },
  // The floor view: admins and owners; another workspace's admin sees their own floor, nothing of app A's.
  'GET /api/floor': {
    path: () => '/api/floor',
    expected: administration('hidden'),
    classify: (status, body) => {
      if (status !== 200) return statusOutcome(status);
      const seen = JSON.stringify(body);
      return seen.includes(f.appA) || seen.includes(f.conversation.shared) ? 'ok' : 'hidden';
    },
  },
  // Reports: admins and owners; another workspace's admin reads their own, where app A's closed
  // conversations are not.
  'GET /api/reports': {
    path: () => {
      const today = new Date().toISOString().slice(0, 10);
      return `/api/reports?from=${addDays(today, -1)}&to=${addDays(today, 1)}&timeZone=UTC`;
    },
    expected: administration('hidden'),
    classify: (status, body) => {
      if (status !== 200) return statusOutcome(status);
      return JSON.stringify(body).includes(f.appA) ? 'ok' : 'hidden';
    },
  },
  // Administration: admins and owners; another workspace's admin administers only their own.
  'GET /api/admin/queues': { path: () => '/api/admin/queues', expected: administration('ok') },
  'PUT /api/admin/queues/{appId}/{queueId}': {
    path: () => `/api/admin/queues/${f.appA}/vip`,
    body: () => ({ name: 'VIP' }),
    expected: administration('hidden'),
  },
  'PUT /api/admin/queues/{appId}/{queueId}/members': {
    path: () => `/api/admin/queues/${f.appA}/vip/members`,
    body: () => ({ agentIds: [f.agentIds.otherQueueAgent] }),
    expected: administration('hidden'),
  },
  'DELETE /api/admin/queues/{appId}/{queueId}': {
    path: (who) => `/api/admin/queues/${f.appA}/${byRole(who, 'gone-admin', 'gone-owner', 'keep')}`,
    expected: administration('hidden'),
  },
  'GET /api/admin/agents': { path: () => '/api/admin/agents', expected: administration('ok') },
  // Another workspace's app cannot be named for a new agent.
  'POST /api/admin/agents': {
    path: () => '/api/admin/agents',
    body: (who) => ({ username: `made-by-${who}`, appIds: [f.appA], initialPassword: 'initial-password' }),
    expected: administration('invalid'),
  },
  'PATCH /api/admin/agents/{agentId}': {
    path: () => `/api/admin/agents/${f.targets.plain}`,
    body: () => ({ displayName: 'Target' }),
    expected: administration('hidden'),
  },
  'POST /api/admin/agents/{agentId}/password-reset': {
    path: (who) =>
      `/api/admin/agents/${byRole(who, f.targets.reset.admin, f.targets.reset.owner, f.targets.plain)}/password-reset`,
    body: () => ({ initialPassword: 'reset-password' }),
    expected: administration('hidden'),
  },
  'POST /api/admin/agents/{agentId}/disable': {
    path: (who) =>
      `/api/admin/agents/${byRole(who, f.targets.disable.admin, f.targets.disable.owner, f.targets.plain)}/disable`,
    expected: administration('hidden'),
  },
  'POST /api/admin/agents/{agentId}/enable': {
    path: () => `/api/admin/agents/${f.targets.enable}/enable`,
    expected: administration('hidden'),
  },
  // WeChat apps and the audit trail: owners only.
  'GET /api/admin/apps': { path: () => '/api/admin/apps', expected: ownersOnly },
  'POST /api/admin/apps': {
    path: () => '/api/admin/apps',
    body: () => ({
      appId: randomAppId(),
      type: 'miniprogram',
      format: 'json',
      token: randomAlphanumeric(16),
      secret: randomAlphanumeric(32),
    }),
    expected: ownersOnly,
  },
  'PATCH /api/admin/apps/{appId}': {
    path: () => `/api/admin/apps/${f.appA}`,
    body: () => ({ name: 'App A' }),
    expected: ownersOnly,
  },
  'DELETE /api/admin/apps/{appId}': { path: () => `/api/admin/apps/${f.appX}`, expected: ownersOnly },
  'POST /api/admin/apps/{appId}/disable': {
    path: () => `/api/admin/apps/${f.appY}/disable`,
    expected: ownersOnly,
  },
  'POST /api/admin/apps/{appId}/enable': {
    path: () => `/api/admin/apps/${f.appY}/enable`,
    expected: ownersOnly,
  },
  'POST /api/admin/apps/{appId}/test-credentials': {
    path: () => `/api/admin/apps/${f.appA}/test-credentials`,
    expected: ownersOnly,
  },
  'GET /api/admin/audit': { path: () => '/api/admin/audit', expected: ownersOnly },
  // Quick replies: every agent uses the workspace's; only admins and owners change them or add to a
  // queue's, and another workspace's are as unknown to an admin as its queues are.
  'GET /api/quick-replies': { path: () => '/api/quick-replies', expected: allSigned('ok') },
  'POST /api/quick-replies': {
    path: () => '/api/quick-replies',
    body: () => ({ scope: { kind: 'queue', appId: f.appA, queueId: 'vip' }, text: '您好，VIP 客户请稍候' }),
    expected: administration('hidden'),
  },
  'PUT /api/quick-replies/{quickReplyId}': {
    path: () => `/api/quick-replies/${f.quickReplies.kept}`,
    body: () => ({ title: '问候', text: '您好，请问有什么可以帮您？' }),
    expected: administration('hidden'),
  },
  'DELETE /api/quick-replies/{quickReplyId}': {
    path: (who) =>
      `/api/quick-replies/${byRole(who, f.quickReplies.gone.admin, f.quickReplies.gone.owner, f.quickReplies.kept)}`,
    expected: administration('hidden'),
  },
};

type WsCase = {
  /** Sends the frame and reads the answer; undefined for the connection routes. */
  frame?: (who: Identity) => Record<string, unknown>;
  expected: Record<Identity, Outcome>;
};

const wsConversationAct = (kind: 'close' | 'accept' | 'reopen' | 'transfer'): WsCase => ({
  frame: (who) => ({
    action: kind,
    conversationId: conversationFor(kind, 'ws', who),
    ...(kind === 'transfer' ? { target: { toQueueId: 'default' } } : {}),
  }),
  expected: act('ok', 'ok'),
});

const wsCases: Record<string, WsCase> = {
  $connect: { expected: allSigned('ok') },
  $disconnect: { expected: allSigned('ok') },
  $default: { frame: () => ({ action: 'dance' }), expected: allSigned('invalid') },
  ping: { frame: () => ({ action: 'ping' }), expected: allSigned('ok') },
  send: {
    frame: () => ({
      action: 'send',
      conversationId: f.conversation.shared,
      clientMessageId: randomUUID(),
      content: { type: 'text', text: '您好' },
    }),
    expected: act('ok', 'refused'),
  },
  typing: {
    frame: () => ({ action: 'typing', conversationId: f.conversation.shared }),
    expected: act('ok', 'refused'),
  },
  close: wsConversationAct('close'),
  accept: wsConversationAct('accept'),
  reopen: wsConversationAct('reopen'),
  transfer: wsConversationAct('transfer'),
};

function statusOutcome(status: number): Outcome {
  if (status >= 200 && status < 300) return 'ok';
  const outcomes: Record<number, Outcome> = {
    400: 'invalid',
    401: 'unauthenticated',
    403: 'forbidden',
    404: 'hidden',
    409: 'refused',
  };
  return outcomes[status] ?? (`status ${status}` as Outcome);
}

async function person(
  username: string,
  options: {
    appIds?: string[];
    workspaceId?: string;
    role?: AgentRole;
    queueIds?: string[];
    capacity?: number;
  },
): Promise<{ agentId: string; username: string; password: string; token: string }> {
  const password = randomAlphanumeric(14);
  const agent = await registerAgent({ username, password, appIds: options.appIds ?? [], ...options });
  const token = await signIn(username, password);
  return { agentId: agent.agentId, username, password, token };
}

async function signIn(username: string, password: string): Promise<string> {
  const response = await system.login(username, password);
  if (response.status !== 200) throw new Error(`${username} cannot sign in: ${response.status}`);
  return ((await response.json()) as { token: string }).token;
}

/** A quick reply of the whole workspace, added by one of its owners: its id. */
async function workspaceQuickReply(ownerToken: string): Promise<string> {
  const answer = await system.request<{ quickReply: { quickReplyId: string } }>(
    ownerToken,
    'POST',
    '/api/quick-replies',
    { scope: { kind: 'workspace' }, title: '问候', text: '您好，{客户}！' },
  );
  if (answer.status !== 201) throw new Error(`cannot add a quick reply: ${answer.status}`);
  return answer.body.quickReply.quickReplyId;
}

/** A customer of app A writes: their conversation's id. */
async function customerConversation(): Promise<string> {
  const customer = system.simulator.customer(f.appA);
  const delivery = await customer.say('你好');
  if (!delivery.acknowledged) throw new Error('the push was not taken');
  const record = await getCustomer(f.appA, customer.openId);
  if (!record) throw new Error('no conversation');
  return record.conversationId;
}

const trio = async (make: () => Promise<string>) => ({
  assignee: await make(),
  admin: await make(),
  owner: await make(),
});

beforeAll(async () => {
  system = await startSystem();
  const appA = (await system.addApp({ format: 'json', workspaceId: 'matrix' })).appId;
  const appB = (await system.addApp({ format: 'json', workspaceId: 'matrix' })).appId;
  const appX = (await system.addApp({ workspaceId: 'matrix' })).appId;
  const appY = (await system.addApp({ workspaceId: 'matrix' })).appId;
  const appW = (await system.addApp({ workspaceId: 'elsewhere' })).appId;
  const appO = (await system.addApp({ type: 'official-account', workspaceId: 'matrix' })).appId;
  for (const queueId of ['vip', 'keep', 'gone-admin', 'gone-owner'])
    await configureQueue({ appId: appA, queueId });

  // Hashing passwords dominates: people are made a few at a time (as many as hash side by side).
  const keep = { appIds: [appA], queueIds: ['keep'] };
  type PersonOptions = Parameters<typeof person>[1];
  const specs = {
    assignee: ['m-assignee', { appIds: [appA], capacity: 50 }],
    otherQueueAgent: ['m-other-queue', { appIds: [appA], queueIds: ['vip'] }],
    otherAppAgent: ['m-other-app', { appIds: [appB] }],
    admin: ['m-admin', { workspaceId: 'matrix', role: 'admin' }],
    owner: ['m-owner', { workspaceId: 'matrix', role: 'owner' }],
    otherWorkspaceAdmin: ['m-elsewhere-admin', { appIds: [appW], role: 'admin' }],
    disabled: ['m-disabled', keep],
    enableTarget: ['m-enable-me', keep],
    login: ['m-login', keep],
    plain: ['m-target', keep],
    resetByAdmin: ['m-reset-by-admin', keep],
    resetByOwner: ['m-reset-by-owner', keep],
    disableByAdmin: ['m-disable-by-admin', keep],
    disableByOwner: ['m-disable-by-owner', keep],
  } satisfies Record<string, [string, PersonOptions]>;
  const made = await inBatches(
    Object.entries(specs).map(([key, [username, options]]) => async () => [
      key,
      await person(username, options),
    ]),
    4,
  );
  const {
    assignee,
    otherQueueAgent,
    otherAppAgent,
    admin,
    owner,
    otherWorkspaceAdmin,
    disabled,
    enableTarget,
    login,
    plain,
    resetByAdmin,
    resetByOwner,
    disableByAdmin,
    disableByOwner,
  } = Object.fromEntries(made) as Record<keyof typeof specs, Awaited<ReturnType<typeof person>>>;
  for (const agentId of [disabled.agentId, enableTarget.agentId]) {
    const answer = await system.request(owner.token, 'POST', `/api/admin/agents/${agentId}/disable`);
    if (answer.status !== 200) throw new Error(`cannot disable: ${answer.status}`);
  }

  const identity = await verifyAgentToken(assignee.token);
  if (!identity) throw new Error('the assignee’s token');
  const expired = await issueAgentToken(identity, Date.now() + 3_600_000, Date.now() - 2 * 3_600_000);
  const wrongKey = await new SignJWT({
    ws: identity.workspaceId,
    usr: identity.username,
    sid: identity.sessionId,
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(identity.agentId)
    .setIssuer('wechat-cs')
    .setAudience('wechat-cs-console')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(new TextEncoder().encode(randomAlphanumeric(48)));

  const tokens: Record<Identity, string | undefined> = {
    none: undefined,
    malformed: 'not.a-jwt',
    wrongKey,
    expired: expired.token,
    otherWorkspaceAdmin: otherWorkspaceAdmin.token,
    otherAppAgent: otherAppAgent.token,
    otherQueueAgent: otherQueueAgent.token,
    assignee: assignee.token,
    admin: admin.token,
    owner: owner.token,
    disabled: disabled.token,
  };
  const people = { otherWorkspaceAdmin, otherAppAgent, otherQueueAgent, assignee, admin, owner };
  const spareTokens: Partial<Record<Identity, string>> = Object.fromEntries(
    await inBatches(
      signed.map((who) => async () => [who, await signIn(people[who].username, people[who].password)]),
      4,
    ),
  );

  f = {
    tokens,
    spareTokens,
    agentIds: {
      otherWorkspaceAdmin: otherWorkspaceAdmin.agentId,
      otherAppAgent: otherAppAgent.agentId,
      otherQueueAgent: otherQueueAgent.agentId,
      assignee: assignee.agentId,
      admin: admin.agentId,
      owner: owner.agentId,
      disabled: disabled.agentId,
    },
    appA,
    appX,
    appY,
    appO,
    conversation: undefined as unknown as Fixtures['conversation'],
    targets: {
      plain: plain.agentId,
      enable: enableTarget.agentId,
      reset: { admin: resetByAdmin.agentId, owner: resetByOwner.agentId },
      disable: { admin: disableByAdmin.agentId, owner: disableByOwner.agentId },
    },
    loginAgent: { username: login.username, password: login.password },
    quickReplies: {
      kept: await workspaceQuickReply(owner.token),
      gone: { admin: await workspaceQuickReply(owner.token), owner: await workspaceQuickReply(owner.token) },
    },
  };

  // Every signed-in caller has a console open (accepting and reopening need one).
  for (const who of signed) sockets.set(who, await system.connect(tokens[who] as string));

  // Customers of app A's default queue, all served by the assignee (its only member at a console).
  const shared = await customerConversation();
  const close = { http: await trio(customerConversation), ws: await trio(customerConversation) };
  const transfer = { http: await trio(customerConversation), ws: await trio(customerConversation) };
  const reopen = { http: await trio(customerConversation), ws: await trio(customerConversation) };
  const closed = await customerConversation();
  for (const id of [closed, ...Object.values(reopen.http), ...Object.values(reopen.ws)]) {
    const answer = await system.request(assignee.token, 'POST', `/api/conversations/${id}/close`);
    if (answer.status !== 200) throw new Error(`cannot close: ${answer.status}`);
  }
  // With the assignee away, later customers wait in line: theirs to accept.
  await system.request(assignee.token, 'PUT', '/api/me/status', { status: 'away' });
  const accept = { http: await trio(customerConversation), ws: await trio(customerConversation) };
  const queued = await customerConversation();
  f.conversation = { shared, queued, closed, own: { close, transfer, reopen, accept } };
  // Reports count the closings the stream consumer has recorded.
  await eventually(async () => {
    const recorded = await readReportFacts('matrix', 0, Date.now());
    if (!recorded.some((facts) => facts.conversationId === closed))
      throw new Error('the closing is not recorded yet');
  });
}, 180_000);

afterAll(async () => {
  for (const socket of sockets.values()) await socket.close();
  await system?.stop();
});

async function callHttp(key: string, spec: HttpCase, who: Identity): Promise<Outcome> {
  const [method] = key.split(' ') as [string];
  const token = spec.token ? spec.token(who) : f.tokens[who];
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  let body: string | Uint8Array<ArrayBuffer> | undefined;
  if (spec.raw) {
    headers['content-type'] = spec.raw.contentType;
    body = new Uint8Array(spec.raw.bytes);
  } else if (spec.body) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(spec.body(who));
  }
  const response = await fetch(`${system.runtime.httpUrl}${spec.path(who)}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {}
  return spec.classify ? spec.classify(response.status, parsed) : statusOutcome(response.status);
}

/** The answer frame to a frame sent (ignoring pushes that arrive meanwhile). */
function answerTo(frame: Record<string, unknown>) {
  return (answer: ServerFrame): answer is ServerFrame => {
    switch (answer.type) {
      case 'pong':
        return frame.action === 'ping';
      case 'error':
        return true;
      case 'send.accepted':
      case 'send.refused':
        return answer.clientMessageId === frame.clientMessageId;
      case 'typing.result':
        return frame.action === 'typing' && answer.conversationId === frame.conversationId;
      case 'action.result':
        return answer.action === frame.action && answer.conversationId === frame.conversationId;
      default:
        return false;
    }
  };
}

function frameOutcome(answer: ServerFrame): Outcome {
  switch (answer.type) {
    case 'pong':
    case 'send.accepted':
      return 'ok';
    case 'error':
      return answer.code === 'bad_frame' ? 'invalid' : 'unauthenticated';
    case 'send.refused':
      return answer.code === 'not_found' ? 'hidden' : answer.code === 'invalid' ? 'invalid' : 'refused';
    case 'typing.result':
      return typingOutcome(answer.reason);
    case 'action.result':
      return answer.conversation ? 'ok' : answer.code === 'not_found' ? 'hidden' : 'refused';
    default:
      return 'invalid';
  }
}

async function connectOutcome(who: Identity): Promise<{ outcome: Outcome; socket?: AgentSocket }> {
  const token = f.tokens[who];
  try {
    const socket = await system.connect(token ?? '');
    return { outcome: 'ok', socket };
  } catch (error) {
    return { outcome: /401/.test(String(error)) ? 'unauthenticated' : 'invalid' };
  }
}

async function callWs(spec: WsCase, who: Identity): Promise<Outcome> {
  if (!spec.frame) {
    const { outcome, socket } = await connectOutcome(who);
    if (socket) {
      await socket.close();
      await socket.closed;
    }
    return outcome;
  }
  const socket = sockets.get(who);
  if (!socket) return (await connectOutcome(who)).outcome;
  const frame = spec.frame(who);
  socket.send(frame);
  return frameOutcome(await socket.next(answerTo(frame), 10_000));
}

/** Runs the tasks `width` at a time. */
async function inBatches<T>(tasks: (() => Promise<T>)[], width: number): Promise<T[]> {
  const results: T[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < tasks.length) {
        const index = next++;
        results[index] = await (tasks[index] as () => Promise<T>)();
      }
    }),
  );
  return results;
}

describe('the authorization matrix', () => {
  it('gives every caller of every route and socket action what the policy promises', async () => {
    const httpRoutes = manifest.httpRoutes.map((route) => `${route.method} ${route.path}`);
    const wsRoutes = manifest.webSocket.routes.map((route) => route.routeKey);
    const missing = [
      ...httpRoutes
        .filter((key) => !(key in httpCases))
        .map((key) => `HTTP route ${key} is not in the matrix`),
      ...wsRoutes.filter((key) => !(key in wsCases)).map((key) => `socket route ${key} is not in the matrix`),
      ...Object.keys(httpCases)
        .filter((key) => !httpRoutes.includes(key))
        .map((key) => `the matrix has ${key}, which the manifest does not route`),
      ...Object.keys(wsCases)
        .filter((key) => !wsRoutes.includes(key))
        .map((key) => `the matrix has socket route ${key}, which the manifest does not route`),
    ];
    expect(missing).toEqual([]);

    const cases = [
      ...httpRoutes.flatMap((key) =>
        identities.map((who) => ({
          name: `${key} as ${who}`,
          expected: (httpCases[key] as HttpCase).expected[who],
          run: () => callHttp(key, httpCases[key] as HttpCase, who),
          socketOf: undefined as Identity | undefined,
        })),
      ),
      ...wsRoutes.flatMap((key) =>
        identities.map((who) => ({
          name: `socket ${key} as ${who}`,
          expected: (wsCases[key] as WsCase).expected[who],
          run: () => callWs(wsCases[key] as WsCase, who),
          socketOf: who,
        })),
      ),
    ];

    // A few at a time: many routes hash a password (sign-in, password checks, new agents), and a
    // loaded machine hashing a dozen at once would run past the function's 10-second timeout.
    const httpResults = await inBatches(
      cases
        .filter((each) => each.socketOf === undefined)
        .map((each) => async () => ({ ...each, got: await each.run() })),
      2,
    );
    // Socket frames of one caller go one after another on that caller's socket; callers side by side.
    const wsResults = (
      await Promise.all(
        identities.map(async (who) => {
          const mine = cases.filter((each) => each.socketOf === who);
          const results = [];
          for (const each of mine) results.push({ ...each, got: await each.run() });
          return results;
        }),
      )
    ).flat();

    const results = [...httpResults, ...wsResults];
    const failures = results
      .filter((result) => result.got !== result.expected)
      .map((result) => `${result.name}: expected ${result.expected}, got ${result.got}`);
    const passed = results.length - failures.length;
    console.log(
      `authorization matrix: ${httpRoutes.length} HTTP routes and ${wsRoutes.length} socket routes × ${identities.length} callers = ${results.length} cases; ${passed} passed`,
    );
    expect(failures).toEqual([]);
  }, 180_000);
});
