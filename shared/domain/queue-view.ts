/**
 * What agents see of their queues (`GET /api/queues`) and of where a conversation could go
 * (`GET /api/conversations/{id}/transfer-targets`): the contract between the API and the console.
 */
import type { Conversation } from './conversation.ts';
import type { AgentStatus } from './routing.ts';

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
