/** A conversation: one customer (openid) with one WeChat app, from first message to close. */
import type { ReplyWindow } from './reply-window.ts';

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
  /** Last time the customer wrote. */
  lastCustomerMessageAt?: number;
  /** What WeChat currently allows us to send the customer. */
  replyWindow?: ReplyWindow;
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
