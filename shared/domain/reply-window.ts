/**
 * WeChat's rules for writing to a customer (WECHAT.md §6.2): a customer's message opens a window of
 * 48 hours in which 5 messages may be sent; entering a Mini Program's customer-service session grants
 * 2 messages within a minute; following an Official Account, scanning its QR code or clicking its menu
 * 3 within a minute (which action grants what: push-kinds.ts). Every new customer message replaces the
 * window. Sends WeChat would refuse are refused here first, with the reason.
 */
import type { WindowGrant } from './push-kinds.ts';

export type { WindowGrant } from './push-kinds.ts';

export interface ReplyWindow {
  grant: WindowGrant;
  /** When the customer's action opened it (ms since epoch). */
  openedAt: number;
  /** Messages already sent in it. */
  used: number;
}

interface WindowRule {
  limit: number;
  durationMs: number;
}

const minute = 60_000;
const hour = 60 * minute;

const rules: Record<WindowGrant, WindowRule> = {
  message: { limit: 5, durationMs: 48 * hour },
  'session-entry': { limit: 2, durationMs: minute },
  subscribe: { limit: 3, durationMs: minute },
  'qr-scan': { limit: 3, durationMs: minute },
  'menu-click': { limit: 3, durationMs: minute },
};

export function ruleOf(grant: WindowGrant): WindowRule {
  return rules[grant];
}

export type Allowance =
  | { allowed: true; remaining: number; closesAt: number }
  | { allowed: false; reason: 'no_window' | 'window_closed' | 'quota_used_up'; closesAt?: number };

export function allowance(window: ReplyWindow | undefined, now: number): Allowance {
  if (!window) return { allowed: false, reason: 'no_window' };
  const rule = rules[window.grant];
  const closesAt = window.openedAt + rule.durationMs;
  if (now >= closesAt) return { allowed: false, reason: 'window_closed', closesAt };
  if (window.used >= rule.limit) return { allowed: false, reason: 'quota_used_up', closesAt };
  return { allowed: true, remaining: rule.limit - window.used, closesAt };
}

/**
 * The window after a customer's push that grants `grant` (none: the window stays as it is). A short
 * grant (entering the session, following, a scan or a menu click) does not cut short a 48-hour window
 * that still has messages left.
 */
export function windowAfterInbound(
  current: ReplyWindow | undefined,
  grant: WindowGrant | undefined,
  at: number,
): ReplyWindow | undefined {
  if (!grant) return current;
  const opened: ReplyWindow = { grant, openedAt: at, used: 0 };
  if (grant === 'message' || !current) return opened;
  const left = allowance(current, at);
  if (left.allowed && current.grant === 'message') return current;
  return opened;
}

export const allowanceSentences: Record<Exclude<Allowance, { allowed: true }>['reason'], string> = {
  no_window: 'The customer has not written yet, so WeChat does not allow messages to them.',
  window_closed: "WeChat's 48-hour reply window has closed; the customer has to write again first.",
  quota_used_up: 'WeChat allows no more messages until the customer writes again.',
};
