import type { QuickReplyListing } from '../../../shared/domain/quick-reply.ts';
import { AbortedError, describeError, type QuickReplyBody, type QuickReplyCreationBody } from '../api.ts';
import { singleFlight } from '../single-flight.ts';
import { Store } from '../store.ts';
import type { ConsoleContext } from './console-context.ts';

/** A queue an admin may add quick replies to, with a name to show. */
export interface QueueChoice {
  appId: string;
  queueId: string;
  name: string;
}

export interface QuickReplyState {
  replies: readonly QuickReplyListing[];
  /** Workspace and queue replies may be added (admins and owners). */
  mayManageShared: boolean;
  /** The list was read at least once. */
  loaded: boolean;
  /** Why the last read failed, in words. */
  error?: string;
}

/**
 * The quick replies the agent may use, for the composer's palette and the management dialog. Read
 * when either opens (so what a colleague changed shows), and changed here: each change puts the
 * server's answer in the list at once, without another read.
 */
export class QuickReplies {
  readonly store = new Store<QuickReplyState>({ replies: [], mayManageShared: false, loaded: false });
  /** At most one read at a time, however often the palette opens meanwhile. */
  readonly refresh = singleFlight(() => this.load());
  /** Changes answered so far: a read that started before one is older than the list. */
  private changes = 0;

  constructor(private readonly context: ConsoleContext) {}

  private async load(): Promise<void> {
    const changesBefore = this.changes;
    try {
      const book = await this.context.api.quickReplies();
      if (this.context.stopped()) return;
      if (this.changes !== changesBefore) {
        void this.refresh();
        return;
      }
      this.store.update(() => ({
        replies: book.quickReplies,
        mayManageShared: book.mayManageShared,
        loaded: true,
      }));
    } catch (error) {
      if (error instanceof AbortedError || this.context.stopped()) return;
      this.store.update((state) => ({ ...state, error: describeError(error) }));
    }
  }

  /** Every queue of the workspace, for an admin choosing where a reply goes (403 for others). */
  async queueChoices(): Promise<QueueChoice[]> {
    const apps = await this.context.api.administeredApps();
    return apps.flatMap((app) =>
      app.queues.map((queue) => ({
        appId: app.appId,
        queueId: queue.queueId,
        // With one app, the queue's name says it; with several, the app's goes first.
        name: apps.length > 1 ? `${app.name} · ${queue.name}` : queue.name,
      })),
    );
  }

  /** Adds a reply; undefined when done, else why not, in words. */
  add(body: QuickReplyCreationBody): Promise<string | undefined> {
    return this.change(async () => {
      const added = await this.context.api.addQuickReply(body);
      return (replies) => [...replies, added];
    });
  }

  edit(quickReplyId: string, body: QuickReplyBody): Promise<string | undefined> {
    return this.change(async () => {
      const edited = await this.context.api.changeQuickReply(quickReplyId, body);
      return (replies) => replies.map((reply) => (reply.quickReplyId === quickReplyId ? edited : reply));
    });
  }

  remove(quickReplyId: string): Promise<string | undefined> {
    return this.change(async () => {
      await this.context.api.deleteQuickReply(quickReplyId);
      return (replies) => replies.filter((reply) => reply.quickReplyId !== quickReplyId);
    });
  }

  private async change(
    call: () => Promise<(replies: readonly QuickReplyListing[]) => readonly QuickReplyListing[]>,
  ): Promise<string | undefined> {
    try {
      const apply = await call();
      this.changes += 1;
      this.store.update((state) => ({ ...state, replies: apply(state.replies) }));
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError) return undefined;
      return describeError(error);
    }
  }
}
