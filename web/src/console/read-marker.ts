import { type KeyValueStorage, saveReadCursors } from '../read-cursors.ts';
import { advanceCursor } from '../unread.ts';
import type { ConsoleContext } from './console-context.ts';

/**
 * Unread counts come from a read cursor per conversation (unread.ts), moved only while the agent can
 * actually see the thread: a message that arrives on a hidden tab stays unread.
 */
export class ReadMarker {
  constructor(
    private readonly context: ConsoleContext,
    /** Where read cursors persist (localStorage in the browser). */
    private readonly storage: KeyValueStorage | undefined,
  ) {}

  /** The agent is looking at the selected thread: everything in it counts as read. */
  markSelectedRead(): void {
    const { store, alerts, isVisible } = this.context;
    const { selectedId, threads, readCursors, agent } = store.state;
    if (!selectedId || !isVisible()) return;
    alerts?.seen(selectedId);
    const cursor = advanceCursor(readCursors[selectedId], threads[selectedId]?.messages ?? []);
    if (cursor === readCursors[selectedId] || cursor === undefined) return;
    const next = { ...readCursors, [selectedId]: cursor };
    store.update((state) => ({ ...state, readCursors: next }));
    saveReadCursors(this.storage, agent.agentId, next);
  }
}
