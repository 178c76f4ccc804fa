import type { Message } from '../../../shared/domain/message.ts';
import { AbortedError, describeError } from '../api.ts';
import { emptyThread, type ThreadState } from '../console-state.ts';
import { catchUpCursor, type MergeMode, mergeMessages } from '../merge.ts';
import type { ConsoleContext } from './console-context.ts';
import type { OutboxState } from './outbox-state.ts';
import type { ReadMarker } from './read-marker.ts';

/**
 * The messages of each conversation the console holds. A thread's history is read once, when it is
 * first needed; from then on frames, HTTP answers and catch-up reads are merged into it (merge.ts).
 */
export class Threads {
  constructor(
    private readonly context: ConsoleContext,
    private readonly outbox: OutboxState,
    private readonly readMarker: ReadMarker,
  ) {}

  /** Reads the whole thread (again, after a failed read: the thread view's Retry). */
  async loadHistory(conversationId: string): Promise<void> {
    this.update(conversationId, (thread) => ({ ...thread, loading: true, error: undefined }));
    try {
      const messages = await this.context.api.messagesAfter(conversationId);
      this.update(conversationId, (thread) => ({
        ...thread,
        messages: mergeMessages(thread.messages, messages, 'replace'),
        historyLoaded: true,
        loading: false,
      }));
      this.outbox.confirm(conversationId, messages);
      this.readMarker.markSelectedRead();
    } catch (error) {
      if (error instanceof AbortedError || this.context.stopped()) return;
      this.update(conversationId, (thread) => ({
        ...thread,
        loading: false,
        error: describeError(error),
      }));
    }
  }

  /**
   * Reads the rest of a thread the console does not hold yet: the unread count becomes exact and the
   * thread opens at once. One request per newly arrived conversation, not per message.
   */
  loadHistoryIfMissing(conversationId: string): void {
    const thread = this.context.store.state.threads[conversationId];
    if (!thread?.historyLoaded && !thread?.loading && !thread?.error) void this.loadHistory(conversationId);
  }

  /**
   * Where a catch-up of a held thread would start now: after its last message (or just before a send
   * still on its way, see catchUpCursor). Undefined when the console holds nothing of the thread.
   */
  cursorOf(conversationId: string): { after: string | undefined } | undefined {
    const thread = this.context.store.state.threads[conversationId];
    if (!thread || (thread.messages.length === 0 && !thread.historyLoaded)) return undefined;
    return { after: catchUpCursor(thread.messages, this.context.now()) };
  }

  /**
   * A conversation came (back) to the agent: while it was elsewhere the console got none of its
   * frames (a colleague's answers, the transfers), so a thread it still holds reads everything after
   * `held` (where the thread stood before the frame that brought it back); one it does not hold is
   * read whole.
   */
  catchUpOnArrival(conversationId: string, held: { after: string | undefined } | undefined): void {
    if (held) void this.catchUp(conversationId, held.after);
    else this.loadHistoryIfMissing(conversationId);
  }

  /** Whether the console holds this message of the thread. */
  holds(conversationId: string, messageId: string): boolean {
    return (
      this.context.store.state.threads[conversationId]?.messages.some(
        (message) => message.messageId === messageId,
      ) ?? false
    );
  }

  /** Reads the messages after `after`; returns those the thread did not hold yet. */
  async catchUp(conversationId: string, after: string | undefined): Promise<readonly Message[]> {
    try {
      const messages = await this.context.api.messagesAfter(conversationId, after);
      const held = new Set(
        this.context.store.state.threads[conversationId]?.messages.map((item) => item.messageId),
      );
      this.addMessages(conversationId, messages, 'replace');
      return messages.filter((message) => !held.has(message.messageId));
    } catch (error) {
      // The next reconnect or the agent opening the thread tries again; the list shows the problem.
      if (!(error instanceof AbortedError)) console.warn(`catching up ${conversationId} failed`, error);
      return [];
    }
  }

  addMessages(conversationId: string, messages: readonly Message[], mode: MergeMode): void {
    this.update(conversationId, (thread) => {
      const merged = mergeMessages(thread.messages, messages, mode);
      return merged === thread.messages ? thread : { ...thread, messages: merged };
    });
    // The server's copy of a send replaces its optimistic bubble, whichever way it arrived.
    this.outbox.confirm(conversationId, messages);
    if (conversationId === this.context.store.state.selectedId) this.readMarker.markSelectedRead();
  }

  private update(conversationId: string, change: (thread: ThreadState) => ThreadState): void {
    this.context.store.update((state) => {
      const thread = state.threads[conversationId] ?? emptyThread;
      const next = change(thread);
      return next === thread ? state : { ...state, threads: { ...state.threads, [conversationId]: next } };
    });
  }
}
