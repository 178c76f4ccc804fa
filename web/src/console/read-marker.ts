import type { ReadCursor } from '../../../shared/domain/read-cursor.ts';
import { AbortedError } from '../api.ts';
import { withCursor, withCursors } from '../read-cursors.ts';
import { advanceCursor } from '../unread.ts';
import type { ConsoleContext } from './console-context.ts';

/**
 * Read state, kept by the server per agent and conversation (read-cursors.ts, unread.ts): the cursor
 * moves only while the agent can actually see the thread (a message that arrives on a hidden tab stays
 * unread), at once here and then on the server, which tells the agent's other consoles.
 */
export class ReadMarker {
  constructor(private readonly context: ConsoleContext) {}

  /** The agent is looking at the selected thread: everything in it counts as read. */
  markSelectedRead(): void {
    const { store, alerts, isVisible } = this.context;
    const { selectedId, threads, readCursors } = store.state;
    if (!selectedId || !isVisible()) return;
    alerts?.seen(selectedId);
    const held = readCursors[selectedId];
    const through = advanceCursor(held?.readThrough, threads[selectedId]?.messages ?? []);
    if (through === undefined || (through === held?.readThrough && !held.markedUnread)) return;
    // Later than the mark it lifts, even if this machine's clock is behind the server's.
    const updatedAt = Math.max(this.context.now(), (held?.updatedAt ?? 0) + 1);
    this.apply({ conversationId: selectedId, readThrough: through, markedUnread: false, updatedAt });
    void this.tellServer(() => this.context.api.markRead(selectedId, through));
  }

  /** "Mark as unread": the thread closes, so that looking at it does not read it again at once. */
  markUnread(conversationId: string): void {
    const { store, now } = this.context;
    const held = store.state.readCursors[conversationId];
    store.update((state) => ({
      ...state,
      selectedId: state.selectedId === conversationId ? undefined : state.selectedId,
      readCursors: withCursor(state.readCursors, {
        conversationId,
        ...(held?.readThrough ? { readThrough: held.readThrough } : {}),
        markedUnread: true,
        updatedAt: Math.max(now(), (held?.updatedAt ?? 0) + 1),
      }),
    }));
    void this.tellServer(() => this.context.api.markUnread(conversationId));
  }

  /** A cursor from the server: the answer to a mark, or a frame about another console's. */
  apply(cursor: ReadCursor): void {
    this.context.store.update((state) => {
      const readCursors = withCursor(state.readCursors, cursor);
      return readCursors === state.readCursors ? state : { ...state, readCursors };
    });
  }

  /** Every cursor the server keeps for the agent: on start and after every reconnect. */
  async reload(): Promise<void> {
    try {
      const cursors = await this.context.api.readCursors();
      this.context.store.update((state) => {
        const readCursors = withCursors(state.readCursors, cursors);
        return readCursors === state.readCursors ? state : { ...state, readCursors };
      });
    } catch (error) {
      // Unread counts then rest on what this console saw; the next resync tries again.
      if (!(error instanceof AbortedError)) console.warn('reading the read state failed', error);
    }
  }

  private async tellServer(mark: () => Promise<ReadCursor | undefined>): Promise<void> {
    try {
      const cursor = await mark();
      if (cursor && !this.context.stopped()) this.apply(cursor);
    } catch (error) {
      // Kept here; the server learns it when the agent next reads the thread.
      if (!(error instanceof AbortedError)) console.warn('saving the read state failed', error);
    }
  }
}
