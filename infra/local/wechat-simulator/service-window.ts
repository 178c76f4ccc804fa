/**
 * Who may be messaged through custom/send, and how often (WECHAT.md §6.2). Each kind of customer action
 * grants its own allowance; a new action of the same kind replaces the previous allowance of that kind
 * ("each new user message refreshes the window/quota"):
 * - a message: 5 sends within 48 hours;
 * - entering a Mini Program customer-service session: 2 sends within 1 minute;
 * - following an Official Account, scanning its QR code, clicking a menu button of type click,
 *   scancode_push or scancode_waitmsg: 3 sends within 1 minute each.
 * Allowances of different kinds add up; a send uses the one that closes first, so a short session
 * allowance is spent before the long message window. Unfollowing withdraws everything.
 * No open allowance → 45015; open ones all used up → 45047.
 */
import { errors } from './wechat-errors.ts';

export type GrantKind = 'message' | 'enter_session' | 'subscribe' | 'scan' | 'menu_click';

const HOUR_MS = 3600_000;

const GRANTS: Record<GrantKind, { quota: number; durationMs: number }> = {
  message: { quota: 5, durationMs: 48 * HOUR_MS },
  enter_session: { quota: 2, durationMs: 60_000 },
  subscribe: { quota: 3, durationMs: 60_000 },
  scan: { quota: 3, durationMs: 60_000 },
  menu_click: { quota: 3, durationMs: 60_000 },
};

interface Allowance {
  closesAt: number;
  remaining: number;
}

export class ServiceWindow {
  readonly #allowances = new Map<GrantKind, Allowance>();

  open(kind: GrantKind, now: number): void {
    const rule = GRANTS[kind];
    this.#allowances.set(kind, { closesAt: now + rule.durationMs, remaining: rule.quota });
  }

  /** The customer unfollowed: nothing may be sent until they act again. */
  withdraw(): void {
    this.#allowances.clear();
  }

  /** Spends one send, or throws 45015 / 45047. */
  consume(now: number): void {
    const open = [...this.#allowances.values()].filter((allowance) => now < allowance.closesAt);
    if (open.length === 0) {
      throw errors.outOfTimeLimit();
    }
    const usable = open
      .filter((allowance) => allowance.remaining > 0)
      .sort((a, b) => a.closesAt - b.closesAt);
    const chosen = usable[0];
    if (!chosen) {
      throw errors.outOfResponseCount();
    }
    chosen.remaining -= 1;
  }
}
