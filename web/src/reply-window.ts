import type { Allowance, ReplyWindow, WindowGrant } from '../../shared/domain/reply-window.ts';
import { type MessageKey, t } from './i18n.ts';

/**
 * What WeChat still lets the agent send (WECHAT.md §6.2, the rules of shared/domain/reply-window.ts):
 * a customer's message opens a window of 48 hours with 5 messages; entering a Mini Program's chat
 * grants 2 messages within a minute; following an Official Account, scanning its QR code or clicking its
 * menu 3 within a minute. The console
 * imports no runtime code from shared/, so `allowance` is mirrored here; the unit test checks the
 * mirror against the original.
 */

const minute = 60_000;
const hour = 60 * minute;

const windowRules: Record<WindowGrant, { limit: number; durationMs: number }> = {
  message: { limit: 5, durationMs: 48 * hour },
  'session-entry': { limit: 2, durationMs: minute },
  subscribe: { limit: 3, durationMs: minute },
  'qr-scan': { limit: 3, durationMs: minute },
  'menu-click': { limit: 3, durationMs: minute },
};

/** The mirror of `allowance(window, now)` in shared/domain/reply-window.ts. */
export function allowance(window: ReplyWindow | undefined, now: number): Allowance {
  if (!window) return { allowed: false, reason: 'no_window' };
  const rule = windowRules[window.grant];
  const closesAt = window.openedAt + rule.durationMs;
  if (now >= closesAt) return { allowed: false, reason: 'window_closed', closesAt };
  if (window.used >= rule.limit) return { allowed: false, reason: 'quota_used_up', closesAt };
  return { allowed: true, remaining: rule.limit - window.used, closesAt };
}

/** What the server says for each refusal (`allowanceSentences`), in the agent's language. */
const refusalSentences: Record<Exclude<Allowance, { allowed: true }>['reason'], MessageKey> = {
  no_window: 'window.noWindow',
  window_closed: 'window.closed',
  quota_used_up: 'window.quotaUsedUp',
};

const shortWindowClosed: Record<Exclude<WindowGrant, 'message'>, MessageKey> = {
  'session-entry': 'window.sessionEntryClosed',
  subscribe: 'window.subscribeClosed',
  'qr-scan': 'window.scanClosed',
  'menu-click': 'window.menuClickClosed',
};

export type ReplyWindowView =
  | {
      canSend: true;
      /** Replies left once the sends still on their way are counted. */
      remaining: number;
      limit: number;
      closesAt: number;
      /** "4 of 5 replies left · window closes in 47 h" or "2 replies left in the next 40 s". */
      summary: string;
      /** Few replies or little time left. */
      low: boolean;
    }
  | { canSend: false; summary: string; reason: string; closesAt?: number };

/**
 * The header's sentence and whether the composer may send. `inFlight` are the agent's sends not yet
 * recorded: each will take one reply, so they count before the server confirms them.
 */
export function describeReplyWindow(
  window: ReplyWindow | undefined,
  now: number,
  inFlight = 0,
): ReplyWindowView {
  const allowed = allowance(window, now);
  if (!allowed.allowed || !window) {
    const reason = allowed.allowed ? 'no_window' : allowed.reason;
    const sentence =
      reason === 'window_closed' && window && window.grant !== 'message'
        ? t(shortWindowClosed[window.grant])
        : t(refusalSentences[reason]);
    return {
      canSend: false,
      summary: t('window.mustWriteAgain'),
      reason: sentence,
      closesAt: allowed.closesAt,
    };
  }
  const remaining = allowed.remaining - inFlight;
  if (remaining <= 0) {
    return {
      canSend: false,
      summary: t('window.mustWriteAgain'),
      reason: t(refusalSentences.quota_used_up),
      closesAt: allowed.closesAt,
    };
  }
  const { limit } = windowRules[window.grant];
  const left = allowed.closesAt - now;
  const summary =
    window.grant === 'message'
      ? t('window.summary', { remaining, limit, duration: durationText(left) })
      : t('window.shortSummary', { count: remaining, duration: durationText(left) });
  return {
    canSend: true,
    remaining,
    limit,
    closesAt: allowed.closesAt,
    summary,
    low: remaining === 1 || left < 10 * minute,
  };
}

/** "47 h", "1 h 20 min", "35 min", "40 s": never more precise than the agent needs. */
function durationText(ms: number): string {
  if (ms >= 2 * hour) return t('duration.hours', { hours: Math.floor(ms / hour) });
  if (ms >= hour) {
    const minutes = Math.floor((ms - hour) / minute);
    return minutes === 0
      ? t('duration.hours', { hours: 1 })
      : t('duration.hoursMinutes', { hours: 1, minutes });
  }
  if (ms >= minute) return t('duration.minutes', { minutes: Math.floor(ms / minute) });
  return t('duration.seconds', { seconds: Math.max(1, Math.ceil(ms / 1000)) });
}

/** How often the header must be redrawn: every second in the last two minutes, else twice a minute. */
export function refreshEveryMs(closesAt: number | undefined, now: number): number {
  return closesAt !== undefined && closesAt > now && closesAt - now <= 2 * minute ? 1000 : 30_000;
}
