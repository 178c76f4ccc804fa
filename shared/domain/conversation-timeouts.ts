/**
 * When an active conversation ends by itself: the customer went quiet after the agent's last reply
 * (inactivity), or WeChat's 48-hour window closed so nobody can write to them any more (expiry).
 */
import type { Conversation } from './conversation.ts';
import { reassignmentDueAt, reassignRetryMs } from './sla-reassignment.ts';

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
  const replied = silenceStart(conversation);
  if (replied !== undefined && now - replied >= inactivityMs) return 'inactive';
  return undefined;
}

/**
 * The agents' last answer when the customer has been silent since it. An answer WeChat refused
 * reached nobody: the customer's wait it had cleared is back (`unansweredSince`), so it starts no
 * silence.
 */
function silenceStart(conversation: Conversation): number | undefined {
  const heard = conversation.lastCustomerMessageAt ?? conversation.createdAt;
  const replied = conversation.lastReplyAt;
  if (replied === undefined || replied < heard || conversation.unansweredSince !== undefined)
    return undefined;
  return replied;
}

/** Housekeeping looks at an open conversation at least this often, so a queue's changed timeout applies within it. */
export const maxCheckIntervalMs = 15 * 60_000;

/**
 * The earliest time `timeoutOf` could answer for this conversation, from what is known of it at
 * `now`: housekeeping looks at it again then, and not before. New messages only move its timeouts
 * later, except a reply that starts the customer's silence: one not sent yet starts it at `now` at
 * the earliest, so an unanswered conversation is looked at again within one timeout.
 *
 * With the queue's SLA rule (`reassignAfterMs`, sla-reassignment.ts) also no later than the rule is
 * due: when the agent's time to answer runs out, or, with nothing waiting for an answer, N minutes
 * from `now` (a customer's message arriving meanwhile is due N minutes after it, and does not touch
 * the index). Overdue but still with its agent (nobody else could take it), again a minute later.
 */
export function nextCheckAt(
  conversation: Conversation,
  now: number,
  inactivityMs: number = defaultInactivityMs,
  reassignAfterMs?: number,
): number {
  const heard = conversation.lastCustomerMessageAt ?? conversation.createdAt;
  const silentFrom = silenceStart(conversation) ?? now;
  return Math.min(
    heard + replyWindowMs,
    silentFrom + inactivityMs,
    now + maxCheckIntervalMs,
    reassignCheckAt(conversation, now, reassignAfterMs),
  );
}

function reassignCheckAt(conversation: Conversation, now: number, afterMs: number | undefined): number {
  if (afterMs === undefined) return Number.POSITIVE_INFINITY;
  const due = reassignmentDueAt(conversation, afterMs);
  if (due === undefined) return now + afterMs;
  return due > now ? due : now + reassignRetryMs;
}
