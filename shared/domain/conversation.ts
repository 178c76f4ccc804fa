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
}

export function stateFor(assigneeId: string | undefined): ConversationState {
  return assigneeId ? 'active' : 'queued';
}
