/** A conversation: one customer (openid) with one WeChat app, from first message to close. */

export type ConversationState = 'queued' | 'active' | 'closed';

export interface Conversation {
  conversationId: string;
  workspaceId: string;
  appId: string;
  openId: string;
  state: ConversationState;
  assigneeId?: string;
  createdAt: number;
  lastMessageAt: number;
  lastMessageId: string;
  lastMessagePreview: string;
  /** Last time the customer wrote: WeChat's 48-hour reply window counts from here. */
  lastCustomerMessageAt?: number;
}

export interface AgentCandidate {
  agentId: string;
  online: boolean;
}

/**
 * Until queue routing exists, a conversation goes to an online agent of the app; candidates are
 * taken in the order given so the choice is deterministic.
 */
export function chooseAssignee(candidates: readonly AgentCandidate[]): string | undefined {
  return candidates.find((candidate) => candidate.online)?.agentId;
}

export function stateFor(assigneeId: string | undefined): ConversationState {
  return assigneeId ? 'active' : 'queued';
}
