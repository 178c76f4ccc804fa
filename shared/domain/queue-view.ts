/**
 * What agents see of their queues (`GET /api/queues`), of where a conversation could go
 * (`GET /api/conversations/{id}/transfer-targets`) and, for admins, of the queues' settings
 * (`GET /api/admin/queues`): the contract between the API and the console.
 */
import type { AppType } from './app.ts';
import type { Conversation } from './conversation.ts';
import type { Queue } from './queue.ts';
import type { AgentStatus } from './routing.ts';
import type { ResponseTargets } from './sla.ts';

/** A member as colleagues see them: enough to pick whom to hand a customer to. */
export interface MemberView {
  agentId: string;
  displayName: string;
  status: AgentStatus;
  /** A console of theirs is connected. */
  present: boolean;
  activeCount: number;
  capacity: number;
}

export interface WaitingView {
  conversation: Conversation;
  /** 1 is the next to be served. */
  position: number;
  waitedMs: number;
}

/** One queue the agent belongs to (admins: every queue of the workspace). */
export interface QueueView {
  queueId: string;
  appId: string;
  name: string;
  withinBusinessHours: boolean;
  /** The response-time targets its conversations are held to; absent: none. */
  responseTargets?: ResponseTargets;
  members: MemberView[];
  waiting: WaitingView[];
}

/** A colleague the conversation could be handed to; `unavailableBecause` is a sentence naming them. */
export interface TransferAgent extends MemberView {
  available: boolean;
  unavailableBecause?: string;
}

export interface TransferTargets {
  /** Everyone else serving the app. */
  agents: TransferAgent[];
  queues: { queueId: string; name: string; waitingCount: number }[];
}

export interface AdministeredQueue extends Queue {
  memberIds: string[];
}

/** An agent an admin can put in a queue of the app. */
export interface AppAgent {
  agentId: string;
  username: string;
  displayName: string;
}

export interface AdministeredApp {
  appId: string;
  name: string;
  type: AppType;
  queues: AdministeredQueue[];
  agents: AppAgent[];
}
