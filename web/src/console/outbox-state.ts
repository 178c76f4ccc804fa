import type { Message } from '../../../shared/domain/message.ts';
import type { ConsoleState } from '../console-state.ts';
import { type OutboxEntry, reconcileOutbox, updateEntry } from '../outbox.ts';
import type { Store } from '../store.ts';

/**
 * The agent's unconfirmed sends in the console state (see outbox.ts). Sending adds and updates them;
 * whatever brings the server's copy of a message takes its entry out, however the copy arrived.
 */
export class OutboxState {
  constructor(private readonly store: Store<ConsoleState>) {}

  entry(conversationId: string, clientMessageId: string): OutboxEntry | undefined {
    return this.store.state.outbox[conversationId]?.find(
      (entry) => entry.clientMessageId === clientMessageId,
    );
  }

  /** Drops the entries these messages confirm: the server's copy replaces the optimistic bubble. */
  confirm(conversationId: string, messages: readonly Message[]): void {
    this.update(conversationId, (entries) => reconcileOutbox(entries, messages));
  }

  /** A refusal that names only the send (a `send.refused` frame), wherever the entry is. */
  refuse(clientMessageId: string, code: string, problem: string): void {
    for (const [conversationId, entries] of Object.entries(this.store.state.outbox)) {
      if (!entries.some((entry) => entry.clientMessageId === clientMessageId)) continue;
      this.patch(conversationId, clientMessageId, (entry) => ({
        ...entry,
        status: 'refused',
        code,
        problem,
      }));
    }
  }

  patch(conversationId: string, clientMessageId: string, change: (entry: OutboxEntry) => OutboxEntry): void {
    this.update(conversationId, (entries) => updateEntry(entries, clientMessageId, change));
  }

  update(conversationId: string, change: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[]): void {
    this.store.update((state) => {
      const entries = state.outbox[conversationId] ?? [];
      const next = change(entries);
      if (next === entries) return state;
      const outbox = { ...state.outbox };
      if (next.length === 0) delete outbox[conversationId];
      else outbox[conversationId] = next;
      return { ...state, outbox };
    });
  }
}
