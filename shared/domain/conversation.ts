/** A conversation: one customer (openid) with one WeChat app, from first message to close. */
import type { ReplyWindow } from './reply-window.ts';

export type ConversationState = 'queued' | 'active' | 'closed';

/** Why a conversation waits: agents are busy (`queue`), or nobody of its queue was there (`left_message`, 留言). */
export type WaitingKind = 'queue' | 'left_message';

export interface Conversation {
  conversationId: string;
  workspaceId: string;
  appId: string;
  openId: string;
  /** The desk that serves it (see queue.ts). */
  queueId: string;
  state: ConversationState;
  /** Set while queued. */
  waitingKind?: WaitingKind;
  assigneeId?: string;
  /** Who served the customer last, preferred when this conversation is assigned from the queue. */
  stickyAgentId?: string;
  createdAt: number;
  lastMessageAt: number;
  lastMessageId: string;
  lastMessagePreview: string;
  /** Last time the customer wrote. */
  lastCustomerMessageAt?: number;
  /** Last time an agent wrote to the customer. */
  lastReplyAt?: number;
  /** What WeChat currently allows us to send the customer. */
  replyWindow?: ReplyWindow;
  closedAt?: number;
}

export function stateFor(assigneeId: string | undefined): ConversationState {
  return assigneeId ? 'active' : 'queued';
}
