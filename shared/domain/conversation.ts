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
  /** When it began waiting as a left message (留言); kept once it is taken, for reports. */
  leftMessageAt?: number;
  assigneeId?: string;
  /** Who served the customer last, preferred when this conversation is assigned from the queue. */
  stickyAgentId?: string;
  createdAt: number;
  /** When an agent last took it (from the line, as it opened, or reopening it); a transfer keeps it. */
  assignedAt?: number;
  lastMessageAt: number;
  lastMessageId: string;
  lastMessagePreview: string;
  /** Last time the customer wrote. */
  lastCustomerMessageAt?: number;
  /** Last time an agent wrote to the customer. */
  lastReplyAt?: number;
  /**
   * When the customer's oldest message no agent has answered yet arrived: an agent's message clears
   * it, the bot's lines do not. Absent when nothing waits for an answer.
   */
  unansweredSince?: number;
  /** When it last passed from one agent to another (a transfer, the queue's SLA rule); `assignedAt` stays. */
  transferredAt?: number;
  /** What WeChat currently allows us to send the customer. */
  replyWindow?: ReplyWindow;
  closedAt?: number;
  /** When the satisfaction survey was sent, as the conversation closed (satisfaction-survey.ts). */
  surveyInvitedAt?: number;
  /** The customer's score, 1–5, and when they gave it. */
  rating?: number;
  ratedAt?: number;
  /** What the customer wrote after their typed score (「5 客服很耐心」), if anything. */
  ratingComment?: string;
}

export function stateFor(assigneeId: string | undefined): ConversationState {
  return assigneeId ? 'active' : 'queued';
}
