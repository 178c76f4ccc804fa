import { AbortedError, describeError } from '../api.ts';
import { learnFromQueues } from '../names.ts';
import { singleFlight } from '../single-flight.ts';
import type { ConsoleContext } from './console-context.ts';

/** Nobody is told when a customer starts waiting, so an open queue panel reads the queues this often. */
export const queuePollMs = 15_000;

/**
 * Keeps the queue board (queues.ts) fresh: read again after anything that may change a line or a load,
 * and polled while the panel is on screen. Every read also teaches the console names (names.ts).
 */
export class QueueWatcher {
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  /** At most one read at a time, however many reasons to read arrive meanwhile. */
  readonly refresh = singleFlight(() => this.load());

  constructor(private readonly context: ConsoleContext) {}

  /** The queue panel is on screen: read it now and keep it fresh until it is hidden. */
  panelShown(): void {
    void this.refresh();
    clearInterval(this.pollTimer);
    this.pollTimer = setInterval(() => void this.refresh(), queuePollMs);
  }

  panelHidden(): void {
    clearInterval(this.pollTimer);
    this.pollTimer = undefined;
  }

  stop(): void {
    clearInterval(this.pollTimer);
  }

  private async load(): Promise<void> {
    const { store, api, now } = this.context;
    try {
      const queues = await api.queues();
      const receivedAt = now();
      store.update((state) => ({
        ...state,
        queueBoard: { queues, loaded: true, receivedAt },
        names: learnFromQueues(state.names, queues),
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
