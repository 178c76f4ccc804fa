import type { ConsoleAlerts } from '../alerts.ts';
import type { ApiClient } from '../api.ts';
import type { ConsoleState } from '../console-state.ts';
import type { Store } from '../store.ts';

/** What every part of the signed-in console works with: the one store, the API, the clock. */
export interface ConsoleContext {
  readonly store: Store<ConsoleState>;
  readonly api: ApiClient;
  readonly now: () => number;
  /** Whether the agent can see the console now; messages arriving unseen stay unread. */
  readonly isVisible: () => boolean;
  /** Told when something needs an agent who looks elsewhere, and when they look (see alerts.ts). */
  readonly alerts: ConsoleAlerts | undefined;
  /**
   * After sign-out, answers still on their way change nothing and start nothing: the API client
   * aborts what it can, but an answer may already be in.
   */
  readonly stopped: () => boolean;
  /** The server says the session is over (signed out elsewhere, new password, disabled). */
  readonly sessionEnded: () => void;
}
