import type { AgentStatus } from '../../../shared/domain/routing.ts';
import { AbortedError, describeError } from '../api.ts';
import { singleFlight } from '../single-flight.ts';
import type { ConsoleContext } from './console-context.ts';
import type { QueueWatcher } from './queue-watcher.ts';

/**
 * The agent's routing status and load, as `/api/me` tells them and as the agent changes the status;
 * and, read with them, what the agent may administer and the apps the agent serves.
 */
export class AgentRouting {
  /**
   * Raised by every status change, so a `/api/me` read that was already on its way cannot put back
   * the status the agent just left.
   */
  private writes = 0;
  /** At most one read at a time, however many reasons to read arrive meanwhile. */
  readonly refresh = singleFlight(() => this.load());

  constructor(
    private readonly context: ConsoleContext,
    private readonly queues: QueueWatcher,
  ) {}

  /** Sets the agent's routing status; returns why it did not change, or undefined. */
  async changeStatus(status: AgentStatus): Promise<string | undefined> {
    this.writes++;
    try {
      const routing = await this.context.api.setStatus(status);
      this.writes++;
      this.context.store.update((state) => ({ ...state, routing }));
      // Back online, waiting customers may be handed to this agent at once.
      void this.queues.refresh();
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError) return undefined;
      return describeError(error);
    }
  }

  /** Also what tells a failed socket handshake's 401 apart: the client signs the agent out on it. */
  private async load(): Promise<void> {
    const writes = this.writes;
    try {
      const { agent, routing, may, apps } = await this.context.api.me();
      if (writes !== this.writes || this.context.stopped()) return;
      this.context.store.update((state) => ({ ...state, agent, routing, may, apps }));
    } catch {
      // The last known status stays on screen; the next resync or frame reads it again.
    }
  }
}
