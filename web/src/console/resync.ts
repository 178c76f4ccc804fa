import { type CaughtUp, catchUpAlert } from '../alerts.ts';
import { catchUpCursor } from '../merge.ts';
import type { AgentRouting } from './agent-routing.ts';
import type { ConsoleContext } from './console-context.ts';
import type { ConversationList } from './conversation-list.ts';
import type { QueueWatcher } from './queue-watcher.ts';
import type { ReadMarker } from './read-marker.ts';
import type { Threads } from './threads.ts';

/**
 * A frame can be lost for good (a push that exhausted its retries goes to the dead letters, not to
 * the agent), so an open console also resyncs on this period, not only after reconnecting.
 */
const periodicResyncMs = 5 * 60_000;

/**
 * Reads back over HTTP whatever the socket may have missed: the list, the routing status, the queues,
 * the read state, and for every thread the console holds, the messages after its last one.
 */
export class Resync {
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly context: ConsoleContext,
    private readonly list: ConversationList,
    private readonly threads: Threads,
    private readonly queues: QueueWatcher,
    private readonly routing: AgentRouting,
    private readonly readMarker: ReadMarker,
  ) {}

  async run(): Promise<void> {
    const { store, now } = this.context;
    void this.routing.refresh();
    void this.queues.refresh();
    // Marks made in other consoles while this one's socket was away.
    void this.readMarker.reload();
    // Where each thread stood before the list read: a frame arriving during it (a push the stream made
    // only once the new socket was up) must not move a cursor past the messages missed before it.
    const cursors = new Map(
      Object.entries(store.state.threads).map(([conversationId, thread]) => [
        conversationId,
        catchUpCursor(thread.messages, now()),
      ]),
    );
    const arrived = await this.list.reload();
    const { threads, selectedId } = store.state;
    const catchUps = Object.entries(threads).map(([conversationId, thread]) => {
      if (thread.messages.length > 0 || thread.historyLoaded) {
        const after = cursors.has(conversationId)
          ? cursors.get(conversationId)
          : catchUpCursor(thread.messages, now());
        return this.threads.catchUp(conversationId, after);
      }
      if (conversationId === selectedId && !thread.loading) return this.threads.loadHistory(conversationId);
      return Promise.resolve();
    });
    const messages = (await Promise.all(catchUps)).flatMap((fresh) => fresh ?? []);
    // Whatever the socket missed meanwhile: one alert for all of it, not one per message.
    const caughtUp: CaughtUp = { conversations: arrived, messages };
    const alert = this.context.stopped()
      ? undefined
      : catchUpAlert(caughtUp, store.state, this.context.isVisible());
    if (alert) this.context.alerts?.alert(alert);
  }

  /** From now on, every few minutes while connected; while disconnected the reconnect resyncs anyway. */
  startPeriodic(): void {
    this.timer = setInterval(() => {
      if (this.context.store.state.status === 'connected') void this.run();
    }, periodicResyncMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
