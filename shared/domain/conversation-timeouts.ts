/**
 * When an active conversation ends by itself: the customer went quiet after the agent's last reply
 * (inactivity), or WeChat's 48-hour window closed so nobody can write to them any more (expiry).
 */
import type { Conversation } from './conversation.ts';

export const defaultInactivityMs = 30 * 60_000;
export const replyWindowMs = 48 * 60 * 60_000;

export type TimeoutReason = 'inactive' | 'expired';

export function timeoutOf(
  conversation: Conversation,
  now: number,
  inactivityMs: number = defaultInactivityMs,
): TimeoutReason | undefined {
  if (conversation.state !== 'active') return undefined;
  const heard = conversation.lastCustomerMessageAt ?? conversation.createdAt;
  if (now - heard >= replyWindowMs) return 'expired';
  const replied = conversation.lastReplyAt;
  if (replied !== undefined && replied >= heard && now - replied >= inactivityMs) return 'inactive';
  return undefined;
}
