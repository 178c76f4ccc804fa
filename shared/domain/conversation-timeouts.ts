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

/** Housekeeping looks at an open conversation at least this often, so a queue's changed timeout applies within it. */
export const maxCheckIntervalMs = 15 * 60_000;

/**
 * The earliest time `timeoutOf` could answer for this conversation, from what is known of it at
 * `now`: housekeeping looks at it again then, and not before. New messages only move its timeouts
 * later, except a reply that starts the customer's silence: one not sent yet starts it at `now` at
 * the earliest, so an unanswered conversation is looked at again within one timeout.
 */
export function nextCheckAt(
  conversation: Conversation,
  now: number,
  inactivityMs: number = defaultInactivityMs,
): number {
  const heard = conversation.lastCustomerMessageAt ?? conversation.createdAt;
  const replied = conversation.lastReplyAt;
  const silentFrom = replied !== undefined && replied >= heard ? replied : now;
  return Math.min(heard + replyWindowMs, silentFrom + inactivityMs, now + maxCheckIntervalMs);
}
