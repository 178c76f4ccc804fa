/**
 * Who may do what: the one place that decides it. Every workflow and handler asks here, with an actor
 * read from the store at the time of the action (never the claims of a token), so a changed role or
 * queue membership applies at once.
 */
import type { AgentRole } from './agent.ts';
import type { QueueRef } from './queue.ts';

/** Who is acting, as far as permissions go: read fresh for every action. */
export interface Actor {
  agentId: string;
  workspaceId: string;
  role: AgentRole;
  /** The queues the agent works in. */
  queues: readonly QueueRef[];
}

export type ConversationAct = 'read' | 'send' | 'typing' | 'accept' | 'close' | 'reopen' | 'transfer';

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

const isAdmin: Rule = (actor) => actor.role === 'admin';
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

/** Setting up the workspace (apps, queues, members) and seeing all of its queues. */
export function mayAdminister(actor: Actor): boolean {
  return actor.role === 'admin';
}
