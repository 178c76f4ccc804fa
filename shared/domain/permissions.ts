/**
 * Who may do what: the one place that decides it. Every workflow and handler asks here, with an actor
 * read from the store at the time of the action (never the claims of a token), so a changed role or
 * queue membership applies at once.
 */
import type { AgentRole } from './agent.ts';
import type { QueueRef } from './queue.ts';
import type { QuickReplyScope } from './quick-reply.ts';

/** Who is acting, as far as permissions go: read fresh for every action. */
export interface Actor {
  agentId: string;
  workspaceId: string;
  role: AgentRole;
  /** The queues the agent works in. */
  queues: readonly QueueRef[];
  /** Signed in with a password someone else set: may only change it (or sign out). */
  mustChangePassword?: boolean;
}

export type ConversationAct =
  | 'read'
  | 'note'
  | 'send'
  | 'typing'
  | 'accept'
  | 'close'
  | 'reopen'
  | 'transfer';

/** What the policy needs to know of a conversation. */
export interface ConversationScope {
  workspaceId: string;
  appId: string;
  queueId: string;
  assigneeId?: string;
}

/**
 * Refused as `not_found` when the conversation belongs to another workspace (its existence is not
 * theirs to learn), `forbidden` when the actor may see it but not do this.
 */
export type Decision = { allowed: true } | { allowed: false; refusal: 'not_found' | 'forbidden' };

type Rule = (actor: Actor, conversation: ConversationScope) => boolean;

/** Owners act on conversations exactly as admins do. */
const isAdmin: Rule = (actor) => actor.role === 'admin' || actor.role === 'owner';
const isAssignee: Rule = (actor, conversation) => conversation.assigneeId === actor.agentId;
const servesQueue: Rule = (actor, conversation) =>
  actor.queues.some((queue) => queue.appId === conversation.appId && queue.queueId === conversation.queueId);
const either =
  (...rules: Rule[]): Rule =>
  (actor, conversation) =>
    rules.some((rule) => rule(actor, conversation));

/**
 * Admins act on every conversation of their workspace as if they were its agent, except writing to the
 * customer, which only the assignee does (the customer talks to one person at a time).
 */
const rules: Record<ConversationAct, Rule> = {
  // Colleagues of the queue read along (to take over, or to help); other merchants of the app do not.
  read: either(isAdmin, isAssignee, servesQueue),
  // A note is for colleagues, never the customer: whoever reads along may leave one, open or closed.
  note: either(isAdmin, isAssignee, servesQueue),
  send: isAssignee,
  typing: isAssignee,
  accept: either(isAdmin, servesQueue),
  close: either(isAdmin, isAssignee),
  reopen: either(isAdmin, isAssignee),
  transfer: either(isAdmin, isAssignee),
};

const allowed: Decision = { allowed: true };

export function decide(actor: Actor, act: ConversationAct, conversation: ConversationScope): Decision {
  if (conversation.workspaceId !== actor.workspaceId) return { allowed: false, refusal: 'not_found' };
  return rules[act](actor, conversation) ? allowed : { allowed: false, refusal: 'forbidden' };
}

/** Another workspace's conversation is answered as if it did not exist. */
export function isHidden(decision: Decision): boolean {
  return !decision.allowed && decision.refusal === 'not_found';
}

/**
 * Setting up the workspace's queues and their members, managing its agents (as far as
 * `decideAgentAct` allows) and seeing all of its queues: admins and owners.
 */
export function mayAdminister(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'owner';
}

/**
 * The live floor view (every open conversation of the workspace, its lines, its agents' loads):
 * supervisors, that is admins and owners, who act on every conversation of the workspace anyway.
 */
export function mayWatchFloor(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'owner';
}

/**
 * The workspace's reports (every closed conversation's figures, by queue and by agent): supervisors,
 * that is admins and owners, who read every conversation of the workspace anyway.
 */
export function mayReadReports(actor: Actor): boolean {
  return actor.role === 'admin' || actor.role === 'owner';
}

/** WeChat apps (add, edit, disable, remove, test their credentials): owners only. */
export function mayManageApps(actor: Actor): boolean {
  return actor.role === 'owner';
}

/**
 * An app's published articles (to send one): every agent of the app's workspace, whichever queue they
 * serve, as the articles are the account's public ones. Another workspace's app is `not_found`.
 */
export function decideArticleListing(actor: Actor, app: { workspaceId: string }): Decision {
  return app.workspaceId === actor.workspaceId ? allowed : { allowed: false, refusal: 'not_found' };
}

/** The workspace's audit trail: owners only. */
export function mayReadAudit(actor: Actor): boolean {
  return actor.role === 'owner';
}

/** Giving someone a role (creating them with it, or changing theirs to it). */
export function mayGrantRole(actor: Actor, role: AgentRole): boolean {
  if (actor.role === 'owner') return true;
  return actor.role === 'admin' && role === 'agent';
}

/** What an administrator does to an agent of the workspace. */
export type AgentAct = 'change' | 'reset_password' | 'disable' | 'enable';

/** The agent acted on, as far as the policy needs to know them. */
export interface AgentScope {
  agentId: string;
  workspaceId: string;
  role: AgentRole;
}

/**
 * Owners manage everyone of their workspace (admins and owners included); admins manage agents whose
 * role is `agent` only; agents manage nobody. Nobody disables themselves (they could not undo it).
 * Another workspace's agent is refused as `not_found`: their existence is not the actor's to learn.
 */
export function decideAgentAct(actor: Actor, act: AgentAct, target: AgentScope): Decision {
  if (target.workspaceId !== actor.workspaceId) return { allowed: false, refusal: 'not_found' };
  if (!mayAdminister(actor)) return { allowed: false, refusal: 'forbidden' };
  if (act === 'disable' && target.agentId === actor.agentId) return { allowed: false, refusal: 'forbidden' };
  return mayGrantRole(actor, target.role) ? allowed : { allowed: false, refusal: 'forbidden' };
}

/** `decideAgentAct` for any act, as a yes or no. */
export function mayManageAgent(actor: Actor, target: AgentScope, act: AgentAct = 'change'): boolean {
  return decideAgentAct(actor, act, target).allowed;
}

/** Inserting a quick reply into the composer (`use`), or adding, editing or deleting it (`manage`). */
export type QuickReplyAct = 'use' | 'manage';

/** A quick reply as far as the policy needs to know it: the set it belongs to. */
export interface QuickReplyPlace {
  workspaceId: string;
  scope: QuickReplyScope;
}

/**
 * Workspace replies are used by everyone of the workspace; a queue's by its members and by admins and
 * owners (who act on every conversation). A personal reply is its agent's alone: nobody else sees it,
 * not even an owner. Another workspace's reply, or one the actor may not use, is refused as
 * `not_found`: its existence is not theirs to learn.
 */
export function decideQuickReplyAct(actor: Actor, act: QuickReplyAct, reply: QuickReplyPlace): Decision {
  const { scope } = reply;
  const usable =
    scope.kind === 'workspace' ||
    (scope.kind === 'personal' && scope.agentId === actor.agentId) ||
    (scope.kind === 'queue' &&
      (mayAdminister(actor) ||
        actor.queues.some((queue) => queue.appId === scope.appId && queue.queueId === scope.queueId)));
  if (reply.workspaceId !== actor.workspaceId || !usable) return { allowed: false, refusal: 'not_found' };
  if (act === 'use' || mayManageQuickReplies(actor, scope)) return allowed;
  return { allowed: false, refusal: 'forbidden' };
}

/**
 * Adding to, editing or deleting from a set of quick replies: the workspace's and the queues' sets are
 * administration (admins and owners, like queue settings); every agent keeps a personal set of their
 * own and no one else's.
 */
export function mayManageQuickReplies(actor: Actor, scope: QuickReplyScope): boolean {
  return scope.kind === 'personal' ? scope.agentId === actor.agentId : mayAdminister(actor);
}

/**
 * Why a signed-in agent calls: to change their password, to sign out, or anything else (work). Until
 * an agent who must change their password has done so, only the first two are let through: one rule
 * for every HTTP route and socket.
 */
export type AccountPurpose = 'change_password' | 'sign_out' | 'work';

export function passwordChangeBlocks(actor: Actor, purpose: AccountPurpose): boolean {
  return actor.mustChangePassword === true && purpose === 'work';
}
