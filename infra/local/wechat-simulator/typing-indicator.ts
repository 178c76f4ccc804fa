/**
 * The "typing…" state of custom/typing (WECHAT.md §7): `Typing` is only allowed within 30 s of the
 * customer's last interaction (else 45080); the state lasts 15 s and cannot be set again while it lasts
 * (45081); `CancelTyping` or any custom/send ends it.
 */
import { errors } from './wechat-errors.ts';

const TYPING_NEEDS_INTERACTION_WITHIN_MS = 30_000;
const TYPING_LASTS_MS = 15_000;

export class TypingIndicator {
  #since: number | undefined;

  start(now: number, lastInteractionAt: number | undefined): void {
    if (lastInteractionAt === undefined || now - lastInteractionAt > TYPING_NEEDS_INTERACTION_WITHIN_MS) {
      throw errors.typingNoRecentInteraction();
    }
    if (this.isActive(now)) {
      throw errors.typingAlready();
    }
    this.#since = now;
  }

  /** CancelTyping, or a message was sent. */
  stop(): void {
    this.#since = undefined;
  }

  isActive(now: number): boolean {
    return this.#since !== undefined && now - this.#since < TYPING_LASTS_MS;
  }
}
