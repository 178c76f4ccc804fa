import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import type { AgentStatus } from '../../shared/domain/routing.ts';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { type CaughtUp, type ConsoleAlerts, catchUpAlert, frameAlert } from './alerts.ts';
import {
  AbortedError,
  type ApiClient,
  ApiError,
  conversationPageSize,
  describeError,
  type LifecycleAnswer,
  NetworkError,
  type TransferDestination,
  type TransferTargets,
  type UploadedMedia,
} from './api.ts';
import { backoffDelay } from './backoff.ts';
import { type ConsoleState, emptyThread, initialConsoleState, type ThreadState } from './console-state.ts';
import { belongsTo, reconcileConversations, upsertConversation } from './conversations.ts';
import { shortenId } from './format-ids.ts';
import { departureText } from './lifecycle-text.ts';
import { catchUpCursor, type MergeMode, mergeMessages } from './merge.ts';
import { learnFromQueues, learnFromTargets } from './names.ts';
import { newClientMessageId, type OutboxEntry, reconcileOutbox, updateEntry } from './outbox.ts';
import { type OutgoingContent, outgoingContentOf } from './outgoing-content.ts';
import { type KeyValueStorage, loadReadCursors, saveReadCursors } from './read-cursors.ts';
import type { Session } from './session.ts';
import { singleFlight } from './single-flight.ts';
import type { OpenSocket } from './socket.ts';
import { ReconnectingSocket } from './socket.ts';
import { Store } from './store.ts';
import { shouldSignalTyping } from './typing.ts';
import { advanceCursor } from './unread.ts';

/**
 * The signed-in console's behaviour, apart from how it looks: reads over HTTP, applies frames, and
 * after every (re)connect reads back whatever the socket may have missed. Components only render the
 * store and call `select`.
 */

export interface ConsoleControllerOptions {
  session: Session;
  api: ApiClient;
  /** Asked before every connection attempt, so a renewed token is used. */
  socketUrl: string | (() => string);
  openSocket: OpenSocket;
  /** Where read cursors persist (localStorage in the browser). */
  storage?: KeyValueStorage;
  /** Whether the agent can see the console now; messages arriving unseen stay unread. */
  isVisible: () => boolean;
  isOnline: () => boolean;
  /** Told when something needs an agent who looks elsewhere, and when they look (see alerts.ts). */
  alerts?: ConsoleAlerts;
  /** Tests replace the id generator and the clock. */
  newClientMessageId?: () => string;
  now?: () => number;
}

/** Automatic retries of a send without an answer, before it waits for a reconnect or the agent. */
const maxAutomaticAttempts = 5;
const sendBackoff = { baseMs: 1000, capMs: 16_000 };

/** Pictures the server takes (shared/domain/image-upload.ts): JPEG, PNG, GIF up to 4 MB. */
export const uploadTypes = ['image/jpeg', 'image/png', 'image/gif'] as const;
export const maxUploadBytes = 4 * 1024 * 1024;

/** Why a file cannot be uploaded, checked before its bytes travel; the server checks again. */
export function problemWithImage(file: { size: number; type: string }): string | undefined {
  if (file.size === 0) return 'The picture is empty.';
  if (file.type && !(uploadTypes as readonly string[]).includes(file.type)) {
    return 'Only JPEG, PNG and GIF pictures can be sent.';
  }
  if (file.size > maxUploadBytes) {
    return `The picture is ${(file.size / 1048576).toFixed(1)} MB; at most 4 MB are accepted.`;
  }
  return undefined;
}

/** A send whose outcome is unknown: the same clientMessageId may safely be sent again. */
function isUncertain(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    (error instanceof ApiError && (error.status >= 500 || error.status === 429 || error.status === 408))
  );
}

/**
 * A frame can be lost for good (a push that exhausted its retries goes to the dead letters, not to
 * the agent), so an open console also resyncs on this period, not only after reconnecting.
 */
const periodicResyncMs = 5 * 60_000;

/** Nobody is told when a customer starts waiting, so an open queue panel reads the queues this often. */
export const queuePollMs = 15_000;

export class ConsoleController {
  readonly store: Store<ConsoleState>;
  private resyncTimer: ReturnType<typeof setInterval> | undefined;
  private readonly socket: ReconnectingSocket;
  /** Conversations touched by frames while a list read is in flight (see reconcileConversations). */
  private readonly listReadsInFlight = new Set<Set<string>>();
  private stopped = false;
  /** Sends with a request in flight, by clientMessageId: one request per message at a time. */
  private readonly sending = new Set<string>();
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly lastTypingAt = new Map<string, number>();
  private readonly now: () => number;
  private readonly newClientMessageId: () => string;
  /** Unsent text per conversation, kept while the agent looks at another one (not persisted). */
  readonly drafts = new Map<string, string>();
  private queuePollTimer: ReturnType<typeof setInterval> | undefined;
  private lastNoticeId = 0;
  /**
   * Raised by every status change, so a `/api/me` read that was already on its way cannot put back
   * the status the agent just left.
   */
  private routingWrites = 0;
  /** The agent's queues, read again (at most one read at a time) whenever they may have changed. */
  readonly refreshQueues = singleFlight(() => this.loadQueues());
  readonly refreshRouting = singleFlight(() => this.loadRouting());

  constructor(private readonly options: ConsoleControllerOptions) {
    const { agent } = options.session;
    this.now = options.now ?? Date.now;
    this.newClientMessageId = options.newClientMessageId ?? newClientMessageId;
    const socketUrl = options.socketUrl;
    this.store = new Store(initialConsoleState(agent, loadReadCursors(options.storage, agent.agentId)));
    this.socket = new ReconnectingSocket({
      url: typeof socketUrl === 'string' ? () => socketUrl : socketUrl,
      open: options.openSocket,
      isOnline: options.isOnline,
      onFrame: (frame) => this.applyFrame(frame),
      onStatus: (status) => this.store.update((state) => ({ ...state, status })),
      onConnected: () => {
        void this.resync();
        // Back online: whatever did not get an answer goes again, under the same clientMessageId.
        this.resendUnsure();
      },
      // The handshake's 401 is invisible to scripts; /api/me tells, and its 401 signs the agent out.
      onAttemptFailed: () => void this.refreshRouting(),
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
    clearInterval(this.queuePollTimer);
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
    this.socket.stop();
  }

  /** The browser's online/offline and visibility events, forwarded by the screen. */
  networkOnline(): void {
    this.socket.reconnectNow();
    this.resendUnsure();
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

  /**
   * Sends a message: it shows at once as a bubble "sending…" and goes to the server over HTTP (see
   * README: a status code per outcome, and it works while the socket reconnects). Returns its id.
   */
  send(conversationId: string, content: OutgoingContent, mediaUrl?: string): string {
    const entry: OutboxEntry = {
      clientMessageId: this.newClientMessageId(),
      conversationId,
      content,
      createdAt: this.now(),
      status: 'sending',
      attempts: 0,
      ...(mediaUrl ? { mediaUrl } : {}),
    };
    this.updateOutbox(conversationId, (entries) => [...entries, entry]);
    void this.deliver(conversationId, entry.clientMessageId);
    return entry.clientMessageId;
  }

  /**
   * Tries an unanswered send again under the same clientMessageId: if the first attempt was recorded,
   * the server answers with that message and nothing is sent twice.
   */
  resend(conversationId: string, clientMessageId: string): void {
    void this.deliver(conversationId, clientMessageId);
  }

  /** Drops a send the server refused (nothing was recorded) from the thread. */
  discard(conversationId: string, clientMessageId: string): void {
    this.clearRetry(clientMessageId);
    this.updateOutbox(conversationId, (entries) =>
      entries.filter((entry) => entry.clientMessageId !== clientMessageId || entry.status !== 'refused'),
    );
  }

  /**
   * Sends the content of a message WeChat refused again, as a NEW message (a new clientMessageId: the
   * old one is recorded as failed and would only be answered with itself). The agent confirms first,
   * because the reason WeChat refused may still hold.
   */
  sendAgain(message: Message): string | undefined {
    const content = outgoingContentOf(message.content);
    if (!content) return undefined;
    return this.send(message.conversationId, content, message.mediaUrl);
  }

  /** The agent typed in a conversation's composer: show it to the customer if WeChat allows. */
  agentTyping(conversationId: string): void {
    const conversation = this.store.state.conversations.find(
      (item) => item.conversationId === conversationId,
    );
    const now = this.now();
    if (
      conversation?.state !== 'active' ||
      !shouldSignalTyping({
        lastSignalAt: this.lastTypingAt.get(conversationId),
        lastCustomerMessageAt: conversation.lastCustomerMessageAt,
        now,
      })
    ) {
      return;
    }
    this.lastTypingAt.set(conversationId, now);
    // A hint, nothing more: a refusal (the server's 30 s and 15 s rules) or a failure changes nothing.
    void this.options.api.typing(conversationId).catch(() => {});
  }

  /** Uploads a picture for an image message or a card cover; throws an Error with a sentence. */
  async uploadImage(file: Blob): Promise<UploadedMedia> {
    const problem = problemWithImage(file);
    if (problem) throw new Error(problem);
    try {
      return await this.options.api.uploadMedia(file, file.type || 'application/octet-stream');
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      throw new Error(`The picture could not be uploaded. ${describeError(error)}`);
    }
  }

  /** Sets the agent's routing status; returns why it did not change, or undefined. */
  async changeStatus(status: AgentStatus): Promise<string | undefined> {
    this.routingWrites++;
    try {
      const routing = await this.options.api.setStatus(status);
      this.routingWrites++;
      this.store.update((state) => ({ ...state, routing }));
      // Back online, waiting customers may be handed to this agent at once.
      void this.refreshQueues();
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError) return undefined;
      return describeError(error);
    }
  }

  /** Who and where a conversation can be handed to now; throws an Error with a sentence. */
  async transferTargets(conversationId: string): Promise<TransferTargets> {
    try {
      const targets = await this.options.api.transferTargets(conversationId);
      const appId = this.store.state.conversations.find(
        (item) => item.conversationId === conversationId,
      )?.appId;
      if (appId) {
        this.store.update((state) => {
          const names = learnFromTargets(state.names, appId, targets);
          return names === state.names ? state : { ...state, names };
        });
      }
      return targets;
    } catch (error) {
      if (error instanceof AbortedError) throw error;
      throw new Error(describeError(error));
    }
  }

  /** Each returns why the server refused, or undefined once the change is shown. */
  closeConversation(conversationId: string): Promise<string | undefined> {
    return this.lifecycle(() => this.options.api.closeConversation(conversationId));
  }

  transfer(conversationId: string, destination: TransferDestination): Promise<string | undefined> {
    return this.lifecycle(() => this.options.api.transferConversation(conversationId, destination));
  }

  accept(conversationId: string): Promise<string | undefined> {
    return this.lifecycle(() => this.options.api.acceptConversation(conversationId));
  }

  reopen(conversationId: string): Promise<string | undefined> {
    return this.lifecycle(() => this.options.api.reopenConversation(conversationId));
  }

  /** The queue panel is on screen: read it now and keep it fresh until it is hidden. */
  queuePanelShown(): void {
    void this.refreshQueues();
    clearInterval(this.queuePollTimer);
    this.queuePollTimer = setInterval(() => void this.refreshQueues(), queuePollMs);
  }

  queuePanelHidden(): void {
    clearInterval(this.queuePollTimer);
    this.queuePollTimer = undefined;
  }

  dismissNotice(id: number): void {
    this.store.update((state) =>
      state.notices.some((notice) => notice.id === id)
        ? { ...state, notices: state.notices.filter((notice) => notice.id !== id) }
        : state,
    );
  }

  private async lifecycle(call: () => Promise<LifecycleAnswer>): Promise<string | undefined> {
    try {
      const { conversation, message } = await call();
      this.applyConversation(conversation);
      if (belongsTo(conversation, this.store.state.agent.agentId)) {
        this.addMessages(conversation.conversationId, [message], 'replace');
        this.loadHistoryIfMissing(conversation.conversationId);
      }
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError || this.stopped) return undefined;
      // Refused because the console's picture was out of date (someone else was faster): read the truth.
      if (error instanceof ApiError && error.status === 409) void this.reloadList();
      return describeError(error);
    } finally {
      if (!this.stopped) {
        void this.refreshQueues();
        void this.refreshRouting();
      }
    }
  }

  private async loadQueues(): Promise<void> {
    try {
      const queues = await this.options.api.queues();
      const receivedAt = this.now();
      this.store.update((state) => ({
        ...state,
        queueBoard: { queues, loaded: true, receivedAt },
        names: learnFromQueues(state.names, queues),
      }));
    } catch (error) {
      if (error instanceof AbortedError || this.stopped) return;
      this.store.update((state) => ({
        ...state,
        queueBoard: { ...state.queueBoard, loaded: true, error: describeError(error) },
      }));
    }
  }

  /** Also what tells a failed socket handshake's 401 apart: the client signs the agent out on it. */
  private async loadRouting(): Promise<void> {
    const writes = this.routingWrites;
    try {
      const { agent, routing } = await this.options.api.me();
      if (writes !== this.routingWrites || this.stopped) return;
      this.store.update((state) => ({ ...state, agent, routing }));
    } catch {
      // The last known status stays on screen; the next resync or frame reads it again.
    }
  }

  private async deliver(conversationId: string, clientMessageId: string): Promise<void> {
    const entry = this.outboxEntry(conversationId, clientMessageId);
    if (!entry || entry.status === 'refused' || this.sending.has(clientMessageId) || this.stopped) return;
    this.clearRetry(clientMessageId);
    this.sending.add(clientMessageId);
    const attempts = entry.attempts + 1;
    this.patchEntry(conversationId, clientMessageId, (current) => ({
      ...current,
      status: 'sending',
      attempts,
      problem: undefined,
      retryAt: undefined,
    }));
    try {
      const answer = await this.options.api.sendMessage(conversationId, clientMessageId, entry.content);
      if (answer.conversation) this.applyConversation(answer.conversation);
      this.addMessages(conversationId, [answer.message], 'replace');
      // An answer about another message (it should not happen) must not leave a bubble spinning.
      this.updateOutbox(conversationId, (entries) =>
        entries.filter((item) => item.clientMessageId !== clientMessageId),
      );
    } catch (error) {
      if (error instanceof AbortedError || this.stopped) return;
      if (isUncertain(error)) {
        const automatic = attempts < maxAutomaticAttempts;
        const delay = automatic ? backoffDelay(attempts - 1, sendBackoff, Math.random()) : undefined;
        this.patchEntry(conversationId, clientMessageId, (current) => ({
          ...current,
          status: 'unsure',
          problem: describeError(error),
          retryAt: delay === undefined ? undefined : this.now() + delay,
        }));
        if (delay !== undefined) {
          this.retryTimers.set(
            clientMessageId,
            setTimeout(() => {
              this.retryTimers.delete(clientMessageId);
              void this.deliver(conversationId, clientMessageId);
            }, delay),
          );
        }
        return;
      }
      // A 401 signs the agent out (ApiClient's onUnauthorized); anything else is a refusal.
      const code = error instanceof ApiError ? error.code : 'unknown';
      this.patchEntry(conversationId, clientMessageId, (current) => ({
        ...current,
        status: 'refused',
        code,
        problem: describeError(error),
        retryAt: undefined,
      }));
      // The console's idea of the window or the assignment was out of date: read the truth.
      if (error instanceof ApiError && error.status === 409) void this.reloadList();
    } finally {
      this.sending.delete(clientMessageId);
    }
  }

  /** Every send without an answer, again now (after a reconnect or the network coming back). */
  private resendUnsure(): void {
    for (const [conversationId, entries] of Object.entries(this.store.state.outbox)) {
      for (const entry of entries) {
        if (entry.status === 'unsure') void this.deliver(conversationId, entry.clientMessageId);
      }
    }
  }

  private clearRetry(clientMessageId: string): void {
    const timer = this.retryTimers.get(clientMessageId);
    if (timer !== undefined) clearTimeout(timer);
    this.retryTimers.delete(clientMessageId);
  }

  private outboxEntry(conversationId: string, clientMessageId: string): OutboxEntry | undefined {
    return this.store.state.outbox[conversationId]?.find(
      (entry) => entry.clientMessageId === clientMessageId,
    );
  }

  private patchEntry(
    conversationId: string,
    clientMessageId: string,
    change: (entry: OutboxEntry) => OutboxEntry,
  ): void {
    this.updateOutbox(conversationId, (entries) => updateEntry(entries, clientMessageId, change));
  }

  private updateOutbox(
    conversationId: string,
    change: (entries: readonly OutboxEntry[]) => readonly OutboxEntry[],
  ): void {
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

  private applyConversation(conversation: Conversation): void {
    const { conversationId } = conversation;
    this.touched(conversationId);
    this.store.update((state) => {
      const conversations = upsertConversation(state.conversations, conversation, state.agent.agentId);
      const left =
        conversations.length < state.conversations.length &&
        !conversations.some((item) => item.conversationId === conversationId);
      if (!left) return { ...state, conversations };
      // Handed to a colleague or a queue, by this agent or anyone else: say where it went.
      const text = departureText(conversation, state.names);
      const notice = { id: ++this.lastNoticeId, text, subject: `Customer ${shortenId(conversation.openId)}` };
      return {
        ...state,
        conversations,
        notices: [...state.notices, notice],
        departures: { ...state.departures, [conversationId]: text },
      };
    });
  }

  /** Reads the list again and, for every thread the console holds, the messages after its last one. */
  async resync(): Promise<void> {
    void this.refreshRouting();
    void this.refreshQueues();
    // Where each thread stood before the list read: a frame arriving during it (a push the stream made
    // only once the new socket was up) must not move a cursor past the messages missed before it.
    const cursors = new Map(
      Object.entries(this.store.state.threads).map(([conversationId, thread]) => [
        conversationId,
        catchUpCursor(thread.messages, this.now()),
      ]),
    );
    const arrived = await this.reloadList();
    const { threads, selectedId } = this.store.state;
    const catchUps = Object.entries(threads).map(([conversationId, thread]) => {
      if (thread.messages.length > 0 || thread.historyLoaded) {
        const after = cursors.has(conversationId)
          ? cursors.get(conversationId)
          : catchUpCursor(thread.messages, this.now());
        return this.catchUp(conversationId, after);
      }
      if (conversationId === selectedId && !thread.loading) return this.loadHistory(conversationId);
      return Promise.resolve();
    });
    const messages = (await Promise.all(catchUps)).flatMap((fresh) => fresh ?? []);
    // Whatever the socket missed meanwhile: one alert for all of it, not one per message.
    const caughtUp: CaughtUp = { conversations: arrived, messages };
    const alert = this.stopped
      ? undefined
      : catchUpAlert(caughtUp, this.store.state, this.options.isVisible());
    if (alert) this.options.alerts?.alert(alert);
  }

  /** Returns the conversations the read added to a list that had been read before. */
  private async reloadList(): Promise<readonly Conversation[]> {
    const touched = new Set<string>();
    this.listReadsInFlight.add(touched);
    let arrived: readonly Conversation[] = [];
    try {
      const page = await this.options.api.conversations(conversationPageSize);
      this.store.update((state) => {
        const conversations = reconcileConversations(state.conversations, page, {
          limit: conversationPageSize,
          agentId: state.agent.agentId,
          touchedMeanwhile: touched,
        });
        if (state.listLoaded) {
          const known = new Set(state.conversations.map((item) => item.conversationId));
          arrived = conversations.filter((item) => !known.has(item.conversationId));
        }
        return { ...state, conversations, listLoaded: true, listError: undefined };
      });
    } catch (error) {
      if (error instanceof AbortedError || this.stopped) return arrived;
      this.store.update((state) => ({ ...state, listLoaded: true, listError: describeError(error) }));
    } finally {
      this.listReadsInFlight.delete(touched);
    }
    return arrived;
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
      this.updateOutbox(conversationId, (entries) => reconcileOutbox(entries, messages));
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

  /** Returns the messages read that the thread did not hold yet. */
  private async catchUp(conversationId: string, after: string | undefined): Promise<readonly Message[]> {
    try {
      const messages = await this.options.api.messagesAfter(conversationId, after);
      const held = new Set(this.store.state.threads[conversationId]?.messages.map((item) => item.messageId));
      this.addMessages(conversationId, messages, 'replace');
      return messages.filter((message) => !held.has(message.messageId));
    } catch (error) {
      // The next reconnect or the agent opening the thread tries again; the list shows the problem.
      if (!(error instanceof AbortedError)) console.warn(`catching up ${conversationId} failed`, error);
      return [];
    }
  }

  private applyFrame(frame: ServerFrame): void {
    // Decided against the console as it was before the frame: was the conversation new, the message held?
    const alert = frameAlert(frame, this.store.state, this.options.isVisible());
    this.applyFrameToState(frame);
    if (alert) this.options.alerts?.alert(alert);
  }

  private applyFrameToState(frame: ServerFrame): void {
    switch (frame.type) {
      case 'message.created': {
        const { conversation, message } = frame;
        this.applyConversation(conversation);
        if (!belongsTo(conversation, this.store.state.agent.agentId)) return;
        this.addMessages(message.conversationId, [message], 'keep');
        this.loadHistoryIfMissing(message.conversationId);
        return;
      }
      case 'message.updated':
        // A thread the console does not hold reads the update with its history when opened.
        if (this.store.state.threads[frame.message.conversationId]) {
          this.addMessages(frame.message.conversationId, [frame.message], 'replace');
        }
        return;
      case 'conversation.updated': {
        const { conversation } = frame;
        this.applyConversation(conversation);
        // Transferred in or accepted: the conversation may be new to this console.
        if (belongsTo(conversation, this.store.state.agent.agentId))
          this.loadHistoryIfMissing(conversation.conversationId);
        // Someone's load changed, and maybe a queue's line.
        void this.refreshQueues();
        void this.refreshRouting();
        return;
      }
      // The answers to socket sends; this console sends over HTTP, but a frame is read whoever sent it.
      case 'send.accepted':
        this.addMessages(frame.message.conversationId, [frame.message], 'replace');
        return;
      case 'send.refused':
        for (const [conversationId, entries] of Object.entries(this.store.state.outbox)) {
          if (!entries.some((entry) => entry.clientMessageId === frame.clientMessageId)) continue;
          this.patchEntry(conversationId, frame.clientMessageId, (entry) => ({
            ...entry,
            status: 'refused',
            code: frame.code,
            problem: frame.reason,
          }));
        }
        return;
      // The answer to an action sent over the socket: this console acts over HTTP, but reads it anyway.
      case 'action.result':
        if (frame.conversation) this.applyConversation(frame.conversation);
        return;
      case 'typing.result':
        return;
      case 'error':
        console.warn('the server reported a socket error', frame.code, frame.message);
        return;
      case 'pong':
        return;
    }
  }

  /**
   * Reads the rest of a thread the console does not hold yet: the unread count becomes exact and the
   * thread opens at once. One request per newly arrived conversation, not per message.
   */
  private loadHistoryIfMissing(conversationId: string): void {
    const thread = this.store.state.threads[conversationId];
    if (!thread?.historyLoaded && !thread?.loading && !thread?.error) void this.loadHistory(conversationId);
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
    // The server's copy of a send replaces its optimistic bubble, whichever way it arrived.
    this.updateOutbox(conversationId, (entries) => reconcileOutbox(entries, messages));
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
    this.options.alerts?.seen(selectedId);
    const cursor = advanceCursor(readCursors[selectedId], threads[selectedId]?.messages ?? []);
    if (cursor === readCursors[selectedId] || cursor === undefined) return;
    const next = { ...readCursors, [selectedId]: cursor };
    this.store.update((state) => ({ ...state, readCursors: next }));
    saveReadCursors(this.options.storage, agent.agentId, next);
  }
}
