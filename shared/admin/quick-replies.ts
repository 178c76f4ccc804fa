/**
 * Quick replies: what the composer's palette offers an agent, and how they are kept. Admins and owners
 * keep the workspace's and the queues' sets, every agent a personal one (the policy in
 * shared/domain/permissions.ts decides each act). Changes to the shared sets are administration and go
 * on the audit trail; an agent's own set concerns nobody else and does not. Whoever acts comes as an
 * `Administrator` (the actor the policy decides on, and how the trail names them), agents included.
 */
import * as z from 'zod/mini';
import { changesBetween } from '../domain/audit.ts';
import { appIdSchema } from '../domain/id-schema.ts';
import { newId } from '../domain/ids.ts';
import { maxTextBytes, problemWithOutbound } from '../domain/outbound-content.ts';
import {
  type Actor,
  decideQuickReplyAct,
  isHidden,
  mayAdminister,
  mayManageQuickReplies,
} from '../domain/permissions.ts';
import { queueIdSchema } from '../domain/queue-id-schema.ts';
import {
  maxQuickRepliesPerSet,
  maxQuickReplyTitleLength,
  type QuickReply,
  type QuickReplyBook,
  type QuickReplyListing,
  type QuickReplyScope,
} from '../domain/quick-reply.ts';
import { getApp } from '../store/apps-repository.ts';
import { getQueue } from '../store/queues-repository.ts';
import {
  countQuickReplies,
  createQuickReply,
  deleteQuickReply,
  getQuickReply,
  listQuickReplies,
  type QuickReplySet,
  replaceQuickReply,
} from '../store/quick-replies-repository.ts';
import { type Administrator, auditAction } from './audit-trail.ts';
import { NotAllowedError, RegistrationError } from './registration-error.ts';

const quickReplyTitleSchema = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, 'a title, if given, is not empty'),
    z.maxLength(maxQuickReplyTitleLength),
    z.regex(/^\P{Cc}*$/u, 'a title is one line, without control characters'),
  );

/**
 * The text as the agent will send it (placeholders still unfilled): what WeChat takes as one text
 * message, so an inserted reply never has to be cut before it can be sent.
 */
const quickReplyTextSchema = z.string().check(
  z.trim(),
  z.minLength(1, 'the text is empty'),
  z.refine(
    (text) => Buffer.byteLength(text, 'utf8') <= maxTextBytes,
    `the text is over ${maxTextBytes} UTF-8 bytes (about 680 Chinese characters), more than WeChat sends as one message`,
  ),
);

/**
 * A saved menu: its options and closing line (`text` is its question), held to what WeChat takes as a
 * menu message (problemWithOutbound), so an inserted menu can be sent as it is.
 */
const quickReplyMenuSchema = z
  .strictObject({
    options: z
      .array(z.strictObject({ id: z.string().check(z.trim()), text: z.string().check(z.trim()) }))
      .check(z.maxLength(50)),
    tail: z._default(z.string().check(z.trim(), z.maxLength(2048)), ''),
  })
  .check(
    z.superRefine((menu, context) => {
      const problem = problemWithOutbound(
        { type: 'menu', head: 'question', ...menu },
        { type: 'official-account' },
      );
      if (problem) context.addIssue({ code: 'custom', message: problem.sentence, input: menu });
    }),
  );

/** A menu's question is its text: held to a menu message's limit rather than a text's. */
const menuQuestionFits = (value: unknown) => {
  const reply = value as { text: string; menu?: unknown };
  return (
    reply.menu === undefined ||
    problemWithOutbound(
      { type: 'menu', head: reply.text, options: [{ id: 'a', text: 'a' }], tail: '' },
      { type: 'official-account' },
    ) === undefined
  );
};

const menuQuestionRule = z.refine(menuQuestionFits, {
  message: 'the question of a menu is at most 1024 UTF-8 bytes',
  path: ['text'],
});

/** `POST /api/quick-replies`. A personal reply is always the caller's own: it names no agent. */
export const quickReplyCreationSchema = z
  .strictObject({
    scope: z.discriminatedUnion('kind', [
      z.strictObject({ kind: z.literal('workspace') }),
      z.strictObject({ kind: z.literal('queue'), appId: appIdSchema, queueId: queueIdSchema }),
      z.strictObject({ kind: z.literal('personal') }),
    ]),
    title: z.optional(quickReplyTitleSchema),
    text: quickReplyTextSchema,
    menu: z.optional(quickReplyMenuSchema),
  })
  .check(menuQuestionRule);

export type QuickReplyCreation = z.infer<typeof quickReplyCreationSchema>;

/**
 * `PUT /api/quick-replies/{id}`: the new title (none when left out), text and menu (none when left
 * out); the set stays.
 */
export const quickReplyChangeSchema = z
  .strictObject({
    title: z.optional(quickReplyTitleSchema),
    text: quickReplyTextSchema,
    menu: z.optional(quickReplyMenuSchema),
  })
  .check(menuQuestionRule);

export type QuickReplyChange = z.infer<typeof quickReplyChangeSchema>;

const sharedOnly =
  "only an owner or admin of the workspace can change the workspace's and queues' quick replies";

function listing(actor: Actor, reply: QuickReply): QuickReplyListing {
  return { ...reply, editable: decideQuickReplyAct(actor, 'manage', reply).allowed };
}

/** Everything the agent may use, and whether they may add to the shared sets. */
export async function quickReplyBookOf(actor: Actor): Promise<QuickReplyBook> {
  // The sets the policy could let them use (admins use every queue's); the policy decides each reply.
  const sets: QuickReplySet[] = [
    { kind: 'workspace' },
    ...(mayAdminister(actor)
      ? [{ kind: 'queue' } as const]
      : actor.queues.map((queue) => ({ kind: 'queue', ...queue }) as const)),
    { kind: 'personal', agentId: actor.agentId },
  ];
  const replies = await listQuickReplies(actor.workspaceId, sets);
  return {
    quickReplies: replies
      .filter((reply) => decideQuickReplyAct(actor, 'use', reply).allowed)
      .map((reply) => listing(actor, reply)),
    mayManageShared: mayManageQuickReplies(actor, { kind: 'workspace' }),
  };
}

/** A queue of the actor's workspace (another workspace's app is as unknown as a missing one). */
async function requireQueue(actor: Actor, { appId, queueId }: { appId: string; queueId: string }) {
  const app = await getApp(appId);
  if (!app || app.workspaceId !== actor.workspaceId) {
    throw new RegistrationError(`no such app: ${appId}`, 'missing');
  }
  if (!(await getQueue(app, queueId)))
    throw new RegistrationError(`no queue ${queueId} in ${appId}`, 'missing');
}

function describeSet(scope: QuickReplyScope): string {
  switch (scope.kind) {
    case 'workspace':
      return "the workspace's quick replies";
    case 'queue':
      return `the quick replies of queue ${scope.queueId} of ${scope.appId}`;
    case 'personal':
      return `the personal quick replies of ${scope.agentId}`;
  }
}

function nameOf(reply: QuickReply): string {
  return reply.title ?? (reply.text.length > 24 ? `${reply.text.slice(0, 24)}…` : reply.text);
}

/** The shared sets' changes are administration, on the trail; a personal set's are not. */
async function auditShared(
  keeper: Administrator,
  kind: 'quick_reply.added' | 'quick_reply.changed' | 'quick_reply.removed',
  reply: QuickReply,
  summary: string,
  before?: QuickReply,
): Promise<void> {
  if (reply.scope.kind === 'personal') return;
  const content = (of: QuickReply | undefined) => ({
    title: of?.title ?? null,
    text: of?.text ?? null,
    menu: of?.menu ? of.menu.options.map((option) => `${option.id}=${option.text}`).join(' / ') : null,
  });
  await auditAction(keeper, {
    kind,
    target: { type: 'quick_reply', id: reply.quickReplyId, name: nameOf(reply) },
    summary,
    ...(kind === 'quick_reply.removed' ? {} : { changes: changesBetween(content(before), content(reply)) }),
  });
}

export async function addQuickReply(
  keeper: Administrator,
  creation: QuickReplyCreation,
  now = Date.now(),
): Promise<QuickReplyListing> {
  const { actor } = keeper;
  const scope: QuickReplyScope =
    creation.scope.kind === 'personal' ? { kind: 'personal', agentId: actor.agentId } : creation.scope;
  if (!mayManageQuickReplies(actor, scope)) {
    throw new NotAllowedError(sharedOnly);
  }
  if (scope.kind === 'queue') await requireQueue(actor, scope);
  // A limit rather than an exact quota: two additions at the same moment may both pass it.
  if ((await countQuickReplies(actor.workspaceId, scope)) >= maxQuickRepliesPerSet) {
    throw new RegistrationError(
      `${describeSet(scope)} are full (${maxQuickRepliesPerSet}): delete one first`,
      'conflict',
      'quick_replies_full',
    );
  }
  const reply: QuickReply = {
    quickReplyId: newId(now),
    workspaceId: actor.workspaceId,
    scope,
    ...(creation.title === undefined ? {} : { title: creation.title }),
    text: creation.text,
    ...(creation.menu === undefined ? {} : { menu: creation.menu }),
    createdAt: now,
    updatedAt: now,
  };
  await createQuickReply(reply);
  await auditShared(keeper, 'quick_reply.added', reply, `added "${nameOf(reply)}" to ${describeSet(scope)}`);
  return listing(actor, reply);
}

/** The reply, if the actor may change it: missing (404) when hidden from them, else not allowed (403). */
async function replyFor(actor: Actor, quickReplyId: string): Promise<QuickReply> {
  const reply = await getQuickReply(quickReplyId);
  const decision = reply ? decideQuickReplyAct(actor, 'manage', reply) : undefined;
  if (!reply || !decision || isHidden(decision)) {
    throw new RegistrationError(`no quick reply ${quickReplyId}`, 'missing');
  }
  if (!decision.allowed) {
    throw new NotAllowedError(sharedOnly);
  }
  return reply;
}

export async function changeQuickReply(
  keeper: Administrator,
  quickReplyId: string,
  change: QuickReplyChange,
  now = Date.now(),
): Promise<QuickReplyListing> {
  const before = await replyFor(keeper.actor, quickReplyId);
  const { title: _previous, menu: _previousMenu, ...rest } = before;
  const reply: QuickReply = {
    ...rest,
    ...(change.title === undefined ? {} : { title: change.title }),
    text: change.text,
    ...(change.menu === undefined ? {} : { menu: change.menu }),
    updatedAt: now,
  };
  if (!(await replaceQuickReply(reply)))
    throw new RegistrationError(`no quick reply ${quickReplyId}`, 'missing');
  await auditShared(
    keeper,
    'quick_reply.changed',
    reply,
    `changed "${nameOf(reply)}" of ${describeSet(reply.scope)}`,
    before,
  );
  return listing(keeper.actor, reply);
}

export async function removeQuickReply(
  keeper: Administrator,
  quickReplyId: string,
): Promise<{ deleted: string }> {
  const reply = await replyFor(keeper.actor, quickReplyId);
  await deleteQuickReply(quickReplyId);
  await auditShared(
    keeper,
    'quick_reply.removed',
    reply,
    `removed "${nameOf(reply)}" from ${describeSet(reply.scope)}`,
  );
  return { deleted: quickReplyId };
}
