import { AbortedError, describeError } from '../api.ts';
import { withListedNames } from '../customer-names.ts';
import { learnFromQueues } from '../names.ts';
import { singleFlight } from '../single-flight.ts';
import type { ConsoleContext } from './console-context.ts';

/**
 * Nobody is told when a customer starts waiting (frames go to assignees), so the console reads the
 * queues this often while the agent is signed in: the Queue tab's count is how an agent at capacity
 * learns that customers wait. An open queue panel reads them more often.
 */
export const queuePollMs = 20_000;
export const openPanelPollMs = 15_000;

/**
 * Keeps the queue board (queues.ts) fresh: read again after anything that may change a line or a load,
 * and polled all the time (faster while the panel is on screen). Every read also teaches the console
 * names (names.ts).
 */
export class QueueWatcher {
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  /** At most one read at a time, however many reasons to read arrive meanwhile. */
  readonly refresh = singleFlight(() => this.load());

  constructor(private readonly context: ConsoleContext) {}

  /** Signed in: the waiting count stays fresh from now on. */
  start(): void {
    this.running = true;
    this.poll(queuePollMs);
  }

  /** The queue panel is on screen: read it now and keep it fresher until it is hidden. */
  panelShown(): void {
    void this.refresh();
    this.poll(openPanelPollMs);
  }

  panelHidden(): void {
    if (this.running) this.poll(queuePollMs);
    else this.clear();
  }

  stop(): void {
    this.running = false;
    this.clear();
  }

  private poll(everyMs: number): void {
    this.clear();
    this.pollTimer = setInterval(() => void this.refresh(), everyMs);
  }

  private clear(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  private async load(): Promise<void> {
    const { store, api, now } = this.context;
    try {
      const { queues, customers } = await api.queues();
      const receivedAt = now();
      const waiting = queues.flatMap((queue) => queue.waiting.map((entry) => entry.conversation));
      store.update((state) => ({
        ...state,
        queueBoard: { queues, loaded: true, receivedAt },
        names: learnFromQueues(state.names, queues),
        customerNames: withListedNames(state.customerNames, waiting, customers),
      }));
    } catch (error) {
      if (error instanceof AbortedError || this.context.stopped()) return;
      store.update((state) => ({
        ...state,
        queueBoard: { ...state.queueBoard, loaded: true, error: describeError(error) },
      }));
    }
  }
}
