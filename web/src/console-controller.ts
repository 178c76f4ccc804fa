import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { AbortedError, type ApiClient, conversationPageSize, describeError } from './api.ts';
import { type ConsoleState, emptyThread, initialConsoleState, type ThreadState } from './console-state.ts';
import { belongsTo, reconcileConversations, upsertConversation } from './conversations.ts';
import { lastMessageId, type MergeMode, mergeMessages } from './merge.ts';
import { type KeyValueStorage, loadReadCursors, saveReadCursors } from './read-cursors.ts';
import type { Session } from './session.ts';
import type { OpenSocket } from './socket.ts';
import { ReconnectingSocket } from './socket.ts';
import { Store } from './store.ts';
import { advanceCursor } from './unread.ts';

/**
 * The signed-in console's behaviour, apart from how it looks: reads over HTTP, applies frames, and
 * after every (re)connect reads back whatever the socket may have missed. Components only render the
 * store and call `select`.
 */

export interface ConsoleControllerOptions {
  session: Session;
  api: ApiClient;
  socketUrl: string;
  openSocket: OpenSocket;
  /** Where read cursors persist (localStorage in the browser). */
  storage?: KeyValueStorage;
  /** Whether the agent can see the console now; messages arriving unseen stay unread. */
  isVisible: () => boolean;
  isOnline: () => boolean;
}

/**
 * A frame can be lost for good (a push that exhausted its retries goes to the dead letters, not to
 * the agent), so an open console also resyncs on this period, not only after reconnecting.
 */
const periodicResyncMs = 5 * 60_000;

export class ConsoleController {
  readonly store: Store<ConsoleState>;
  private resyncTimer: ReturnType<typeof setInterval> | undefined;
  private readonly socket: ReconnectingSocket;
  /** Conversations touched by frames while a list read is in flight (see reconcileConversations). */
  private readonly listReadsInFlight = new Set<Set<string>>();
  private stopped = false;

  constructor(private readonly options: ConsoleControllerOptions) {
    const { agent } = options.session;
    this.store = new Store(initialConsoleState(agent, loadReadCursors(options.storage, agent.agentId)));
    this.socket = new ReconnectingSocket({
      url: () => options.socketUrl,
      open: options.openSocket,
      isOnline: options.isOnline,
      onFrame: (frame) => this.applyFrame(frame),
      onStatus: (status) => this.store.update((state) => ({ ...state, status })),
      onConnected: () => void this.resync(),
      // The handshake's 401 is invisible to scripts; /api/me tells, and its 401 signs the agent out.
      onAttemptFailed: () => void this.options.api.me().catch(() => {}),
    });
  }

  start(): void {
    // The list is read at once rather than after the socket opens, so a slow socket does not mean an
    // empty screen; the resync on connect reads it again and catches up whatever happened between.
    void this.resync();
    this.socket.start();
    this.resyncTimer = setInterval(() => {
      // While disconnected the reconnect resyncs anyway.
      if (this.store.state.status === 'connected') void this.resync();
    }, periodicResyncMs);
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.resyncTimer);
    this.socket.stop();
  }

  /** The browser's online/offline and visibility events, forwarded by the screen. */
  networkOnline(): void {
    this.socket.reconnectNow();
  }

  networkOffline(): void {
    this.socket.wentOffline();
  }

  becameVisible(): void {
    // After a sleep the socket may be dead without knowing it; a ping finds out within seconds.
    this.socket.checkAlive();
    this.markSelectedRead();
  }

  select(conversationId: string): void {
    this.store.update((state) => ({ ...state, selectedId: conversationId }));
    const thread = this.store.state.threads[conversationId];
    if (!thread?.historyLoaded && !thread?.loading) void this.loadHistory(conversationId);
    this.markSelectedRead();
  }

  retryThread(conversationId: string): void {
    void this.loadHistory(conversationId);
  }

  retryList(): void {
    void this.resync();
  }

  /** Reads the list again and, for every thread the console holds, the messages after its last one. */
  async resync(): Promise<void> {
    await this.reloadList();
    const { threads, selectedId } = this.store.state;
    const catchUps = Object.entries(threads).map(([conversationId, thread]) => {
      if (thread.messages.length > 0 || thread.historyLoaded) return this.catchUp(conversationId);
      if (conversationId === selectedId && !thread.loading) return this.loadHistory(conversationId);
      return Promise.resolve();
    });
    await Promise.all(catchUps);
  }

  private async reloadList(): Promise<void> {
    const touched = new Set<string>();
    this.listReadsInFlight.add(touched);
    try {
      const page = await this.options.api.conversations(conversationPageSize);
      this.store.update((state) => ({
        ...state,
        conversations: reconcileConversations(state.conversations, page, {
          limit: conversationPageSize,
          agentId: state.agent.agentId,
          touchedMeanwhile: touched,
        }),
        listLoaded: true,
        listError: undefined,
      }));
    } catch (error) {
      if (error instanceof AbortedError || this.stopped) return;
      this.store.update((state) => ({ ...state, listLoaded: true, listError: describeError(error) }));
    } finally {
      this.listReadsInFlight.delete(touched);
    }
  }

  private async loadHistory(conversationId: string): Promise<void> {
    this.updateThread(conversationId, (thread) => ({ ...thread, loading: true, error: undefined }));
    try {
      const messages = await this.options.api.messagesAfter(conversationId);
      this.updateThread(conversationId, (thread) => ({
        ...thread,
        messages: mergeMessages(thread.messages, messages, 'replace'),
        historyLoaded: true,
        loading: false,
      }));
      this.markSelectedRead();
    } catch (error) {
      if (error instanceof AbortedError || this.stopped) return;
      this.updateThread(conversationId, (thread) => ({
        ...thread,
        loading: false,
        error: describeError(error),
      }));
    }
  }

  private async catchUp(conversationId: string): Promise<void> {
    const after = lastMessageId(this.store.state.threads[conversationId]?.messages ?? []);
    try {
      const messages = await this.options.api.messagesAfter(conversationId, after);
      this.addMessages(conversationId, messages, 'replace');
    } catch (error) {
      // The next reconnect or the agent opening the thread tries again; the list shows the problem.
      if (!(error instanceof AbortedError)) console.warn(`catching up ${conversationId} failed`, error);
    }
  }

  private applyFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'message.created': {
        const { conversation, message } = frame;
        this.touched(conversation.conversationId);
        this.store.update((state) => ({
          ...state,
          conversations: upsertConversation(state.conversations, conversation, state.agent.agentId),
        }));
        if (!belongsTo(conversation, this.store.state.agent.agentId)) return;
        this.addMessages(message.conversationId, [message], 'keep');
        // Read the rest of a thread the console has not loaded yet: the unread count becomes exact and
        // the thread opens at once. One request per newly active conversation, not per message.
        const thread = this.store.state.threads[message.conversationId];
        if (thread && !thread.historyLoaded && !thread.loading && !thread.error)
          void this.loadHistory(message.conversationId);
        return;
      }
      case 'message.updated':
        // A thread the console does not hold reads the update with its history when opened.
        if (this.store.state.threads[frame.message.conversationId]) {
          this.addMessages(frame.message.conversationId, [frame.message], 'replace');
        }
        return;
      case 'conversation.updated':
        this.touched(frame.conversation.conversationId);
        this.store.update((state) => ({
          ...state,
          conversations: upsertConversation(state.conversations, frame.conversation, state.agent.agentId),
        }));
        return;
      case 'error':
        console.warn('the server reported a socket error', frame.code, frame.message);
        return;
      case 'pong':
        return;
    }
  }

  private addMessages(
    conversationId: string,
    messages: Parameters<typeof mergeMessages>[1],
    mode: MergeMode,
  ) {
    this.updateThread(conversationId, (thread) => {
      const merged = mergeMessages(thread.messages, messages, mode);
      return merged === thread.messages ? thread : { ...thread, messages: merged };
    });
    if (conversationId === this.store.state.selectedId) this.markSelectedRead();
  }

  private touched(conversationId: string): void {
    for (const touched of this.listReadsInFlight) touched.add(conversationId);
  }

  private updateThread(conversationId: string, change: (thread: ThreadState) => ThreadState): void {
    this.store.update((state) => {
      const thread = state.threads[conversationId] ?? emptyThread;
      const next = change(thread);
      return next === thread ? state : { ...state, threads: { ...state.threads, [conversationId]: next } };
    });
  }

  /** The agent is looking at the selected thread: everything in it counts as read. */
  private markSelectedRead(): void {
    const { selectedId, threads, readCursors, agent } = this.store.state;
    if (!selectedId || !this.options.isVisible()) return;
    const cursor = advanceCursor(readCursors[selectedId], threads[selectedId]?.messages ?? []);
    if (cursor === readCursors[selectedId] || cursor === undefined) return;
    const next = { ...readCursors, [selectedId]: cursor };
    this.store.update((state) => ({ ...state, readCursors: next }));
    saveReadCursors(this.options.storage, agent.agentId, next);
  }
}
