/**
 * The supervisors' live floor view (现场, `GET /api/floor`): every open conversation of a workspace,
 * each queue's line and each agent's status and load, with the clocks a supervisor watches. Pure
 * figures from what the store holds; the contract between the API and the console.
 */
import type { Conversation, WaitingKind } from './conversation.ts';
import type { MemberView } from './queue-view.ts';
import type { AgentLoad, AgentStatus } from './routing.ts';
import type { ResponseTargets } from './sla.ts';

/** An open conversation on the floor. */
export interface FloorConversation {
  conversationId: string;
  appId: string;
  queueId: string;
  openId: string;
  /** Served by `assigneeId`, or waiting in line (`waitingKind` says whether as a left message). */
  state: 'queued' | 'active';
  assigneeId?: string;
  waitingKind?: WaitingKind;
  createdAt: number;
  openForMs: number;
  /**
   * An agent's reply was recorded in it (its first-response clock has stopped); a reply that failed
   * afterwards still counts here, as the conversation's own times cannot tell.
   */
  answered: boolean;
  /**
   * When the customer's oldest message no agent has answered yet arrived (an answer WeChat refused for
   * good answered nothing); absent when none waits.
   */
  unansweredSince?: number;
  unansweredMs?: number;
  lastMessagePreview: string;
}

/** A queue's line. */
export interface FloorQueue {
  appId: string;
  queueId: string;
  name: string;
  /** The queue's response-time targets (sla.ts); absent: none. */
  responseTargets?: ResponseTargets;
  waitingCount: number;
  /** How long the first in line has waited; absent when nobody waits. */
  oldestWaitMs?: number;
}

export interface FloorAgent extends MemberView {
  /** Their latest answer among the conversations they hold now; absent when they hold none answered. */
  lastReplyAt?: number;
  sinceLastReplyMs?: number;
}

export interface FloorView {
  /** The server's clock when the figures were taken: the console counts on from it. */
  takenAt: number;
  apps: { appId: string; name: string }[];
  conversations: FloorConversation[];
  queues: FloorQueue[];
  agents: FloorAgent[];
  /**
   * Not every open conversation was read: more were open than one view shows (`floorLimits`), or an
   * agent's were not all found within the bound of the read.
   */
  truncated: boolean;
}

/**
 * What one floor read may cost at most: the open conversations it reads (a workspace has a few
 * hundred at most). Their messages are not read: each conversation carries its customer's wait.
 */
export const floorLimits = { conversations: 500 } as const;

export interface FloorInput {
  now: number;
  apps: readonly { appId: string; name: string }[];
  queues: readonly { appId: string; queueId: string; name: string; responseTargets?: ResponseTargets }[];
  /** The open conversations: those served and those in line. */
  conversations: readonly Conversation[];
  agents: readonly { agentId: string; displayName: string; load: AgentLoad }[];
  truncated: boolean;
}

const elapsed = (since: number, now: number) => Math.max(0, now - since);

const statusOrder: Record<AgentStatus, number> = { online: 0, away: 1, offline: 2 };

/** Who is taking customers first, then who keeps theirs, then who has left; by name within each. */
function byAvailability(left: FloorAgent, right: FloorAgent): number {
  const status = statusOrder[left.status] - statusOrder[right.status];
  return status !== 0 ? status : left.displayName.localeCompare(right.displayName);
}

/** Longest unanswered first, then the longest open: who needs a supervisor's eye comes first. */
function byUrgency(left: FloorConversation, right: FloorConversation): number {
  const unanswered = (right.unansweredMs ?? -1) - (left.unansweredMs ?? -1);
  return unanswered !== 0 ? unanswered : right.openForMs - left.openForMs;
}

export function floorView(input: FloorInput): FloorView {
  const { now } = input;
  const open = input.conversations.filter(
    (conversation): conversation is Conversation & { state: 'queued' | 'active' } =>
      conversation.state !== 'closed',
  );
  const conversations = open
    .map((conversation): FloorConversation => {
      const { unansweredSince } = conversation;
      return {
        conversationId: conversation.conversationId,
        appId: conversation.appId,
        queueId: conversation.queueId,
        openId: conversation.openId,
        state: conversation.state,
        ...(conversation.state === 'active' && conversation.assigneeId
          ? { assigneeId: conversation.assigneeId }
          : { waitingKind: conversation.waitingKind ?? 'queue' }),
        createdAt: conversation.createdAt,
        openForMs: elapsed(conversation.createdAt, now),
        answered: conversation.lastReplyAt !== undefined,
        ...(unansweredSince === undefined
          ? {}
          : { unansweredSince, unansweredMs: elapsed(unansweredSince, now) }),
        lastMessagePreview: conversation.lastMessagePreview,
      };
    })
    .sort(byUrgency);
  const queues = input.queues.map((queue): FloorQueue => {
    const line = open.filter(
      (conversation) =>
        conversation.state === 'queued' &&
        conversation.appId === queue.appId &&
        conversation.queueId === queue.queueId,
    );
    const firstArrival = Math.min(...line.map((conversation) => conversation.createdAt));
    return {
      appId: queue.appId,
      queueId: queue.queueId,
      name: queue.name,
      ...(queue.responseTargets ? { responseTargets: queue.responseTargets } : {}),
      waitingCount: line.length,
      ...(line.length > 0 ? { oldestWaitMs: elapsed(firstArrival, now) } : {}),
    };
  });
  const agents = input.agents
    .map(({ agentId, displayName, load }): FloorAgent => {
      const replies = open
        .filter((conversation) => conversation.assigneeId === agentId && conversation.state === 'active')
        .flatMap((conversation) =>
          conversation.lastReplyAt === undefined ? [] : [conversation.lastReplyAt],
        );
      const lastReplyAt = replies.length > 0 ? Math.max(...replies) : undefined;
      return {
        agentId,
        displayName,
        status: load.status,
        present: load.presentUntil > now,
        activeCount: load.activeCount,
        capacity: load.capacity,
        ...(lastReplyAt === undefined ? {} : { lastReplyAt, sinceLastReplyMs: elapsed(lastReplyAt, now) }),
      };
    })
    .sort(byAvailability);
  return {
    takenAt: now,
    apps: input.apps.map(({ appId, name }) => ({ appId, name })),
    conversations,
    queues,
    agents,
    truncated: input.truncated,
  };
}
