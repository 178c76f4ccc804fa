import type { ConsoleAlerts } from '../alerts.ts';
import { type ApiClient, describeError } from '../api.ts';
import { type ConsoleState, initialConsoleState } from '../console-state.ts';
import { newClientMessageId } from '../outbox.ts';
import type { Session } from '../session.ts';
import { type OpenSocket, ReconnectingSocket } from '../socket.ts';
import { Store } from '../store.ts';
import { AgentRouting } from './agent-routing.ts';
import { ComposerSupport } from './composer-support.ts';
import type { ConsoleContext } from './console-context.ts';
import { ConversationActions } from './conversation-actions.ts';
import { ConversationList } from './conversation-list.ts';
import { CustomerProfiles } from './customer-profiles.ts';
import { FloorWatcher } from './floor-watcher.ts';
import { FrameHandler } from './frame-handler.ts';
import { HistorySearch } from './history-search.ts';
import { MessageSender } from './message-sender.ts';
import { Notes } from './notes.ts';
import { Notices } from './notices.ts';
import { OutboxState } from './outbox-state.ts';
import { QueueWatcher } from './queue-watcher.ts';
import { QuickReplies } from './quick-replies.ts';
import { ReadMarker } from './read-marker.ts';
import { Resync } from './resync.ts';
import { Threads } from './threads.ts';

export interface ConsoleControllerOptions {
  session: Session;
  api: ApiClient;
  /** Asked before every connection attempt, so a renewed token is used. */
  socketUrl: string | (() => string);
  openSocket: OpenSocket;
  /** Whether the agent can see the console now; messages arriving unseen stay unread. */
  isVisible: () => boolean;
  isOnline: () => boolean;
  /** Told when something needs an agent who looks elsewhere, and when they look (see alerts.ts). */
  alerts?: ConsoleAlerts;
  /** The server ended the session (a 401 is the API client's to report; this is the socket's). */
  onSessionEnded?: () => void;
  /** Tests replace the id generator and the clock. */
  newClientMessageId?: () => string;
  now?: () => number;
}

/**
 * The signed-in console's behaviour, apart from how it looks: one store, the parts that change it
 * (one per feature, each in its own file here), and the socket whose frames and reconnects drive
 * them. Components render the store and call the parts.
 */
export class ConsoleController {
  readonly store: Store<ConsoleState>;
  readonly list: ConversationList;
  readonly threads: Threads;
  readonly sender: MessageSender;
  readonly composer: ComposerSupport;
  readonly quickReplies: QuickReplies;
  readonly actions: ConversationActions;
  readonly queues: QueueWatcher;
  readonly routing: AgentRouting;
  readonly notices: Notices;
  readonly resync: Resync;
  readonly readMarker: ReadMarker;
  readonly profiles: CustomerProfiles;
  readonly notes: Notes;
  readonly history: HistorySearch;
  readonly floor: FloorWatcher;
  private readonly socket: ReconnectingSocket;
  private stopped = false;
  private readonly context: ConsoleContext;

  constructor(options: ConsoleControllerOptions) {
    const { agent } = options.session;
    this.store = new Store(initialConsoleState(agent));
    const context: ConsoleContext = {
      store: this.store,
      api: options.api,
      now: options.now ?? Date.now,
      isVisible: options.isVisible,
      alerts: options.alerts,
      stopped: () => this.stopped,
      sessionEnded: () => {
        if (!this.stopped) options.onSessionEnded?.();
      },
    };
    this.context = context;
    const outbox = new OutboxState(this.store);
    this.readMarker = new ReadMarker(context);
    this.profiles = new CustomerProfiles(context);
    this.notices = new Notices(this.store);
    this.threads = new Threads(context, outbox, this.readMarker);
    this.list = new ConversationList(context, this.notices, this.threads, this.readMarker);
    this.queues = new QueueWatcher(context);
    this.routing = new AgentRouting(context, this.queues);
    this.resync = new Resync(context, this.list, this.threads, this.queues, this.routing, this.readMarker);
    this.sender = new MessageSender(
      context,
      outbox,
      this.list,
      this.threads,
      options.newClientMessageId ?? newClientMessageId,
    );
    this.composer = new ComposerSupport(context);
    this.notes = new Notes(context, this.threads, options.newClientMessageId ?? newClientMessageId);
    this.history = new HistorySearch(context);
    this.quickReplies = new QuickReplies(context);
    this.actions = new ConversationActions(context, this.list, this.threads, this.queues, this.routing);
    this.floor = new FloorWatcher(context);
    const frames = new FrameHandler(
      context,
      this.list,
      this.threads,
      outbox,
      this.queues,
      this.routing,
      this.readMarker,
      this.profiles,
      this.floor,
    );

    const socketUrl = options.socketUrl;
    this.socket = new ReconnectingSocket({
      url: typeof socketUrl === 'string' ? () => socketUrl : socketUrl,
      open: options.openSocket,
      isOnline: options.isOnline,
      onFrame: (frame) => frames.handle(frame),
      onStatus: (status) => this.store.update((state) => ({ ...state, status })),
      onConnected: () => {
        void this.resync.run();
        // Back online: whatever did not get an answer goes again, under the same clientMessageId.
        this.sender.resendUnsure();
      },
      // The handshake's 401 is invisible to scripts; /api/me tells, and its 401 signs the agent out.
      onAttemptFailed: () => void this.routing.refresh(),
    });
  }

  start(): void {
    // The list is read at once rather than after the socket opens, so a slow socket does not mean an
    // empty screen; the resync on connect reads it again and catches up whatever happened between.
    void this.resync.run();
    this.socket.start();
    this.resync.startPeriodic();
    this.queues.start();
  }

  /**
   * Signing out with open conversations: `keep` leaves them assigned (the agent becomes away, so they
   * wait for them and no new ones come); `handBack` first transfers each to its own queue, and signs
   * out only if every one went (otherwise it answers how many stayed and why). Then the session ends
   * on the server (its sockets too). A sign-out the server did not hear about still signs out here.
   */
  async signOut(
    choice: 'keep' | 'handBack',
    /** Called just before the session ends: what the ending session answers from then on is expected. */
    leaving: () => void = () => {},
  ): Promise<{ failed: number; problem: string } | undefined> {
    const { store, api } = this.context;
    const open = store.state.conversations.filter(
      (item) => item.state === 'active' && item.assigneeId === store.state.agent.agentId,
    );
    if (choice === 'handBack' && open.length > 0) {
      // Away first: routing would hand a conversation put back in the queue straight back to an
      // agent who is still online with room.
      const refusal = await this.routing.changeStatus('away');
      if (refusal) return { failed: open.length, problem: refusal };
      const problems: string[] = [];
      // One at a time: each transfer also lowers the agent's load.
      for (const item of open) {
        const problem = await this.actions
          .transfer(item.conversationId, { toQueueId: item.queueId })
          .catch((error: unknown) => describeError(error));
        if (problem) problems.push(problem);
      }
      if (problems.length > 0) return { failed: problems.length, problem: problems[0] as string };
    }
    leaving();
    try {
      await api.logout(choice === 'keep' ? 'away' : 'offline');
    } catch {
      // Offline or already ended: the agent still leaves this console.
    }
    return undefined;
  }

  /** The agent's open conversations, which signing out has to decide about. */
  openConversations(): number {
    const { conversations, agent } = this.context.store.state;
    return conversations.filter((item) => item.state === 'active' && item.assigneeId === agent.agentId)
      .length;
  }

  stop(): void {
    this.stopped = true;
    this.resync.stop();
    this.queues.stop();
    this.floor.hide();
    this.sender.stop();
    this.socket.stop();
  }

  /** The browser's online/offline and visibility events, forwarded by the screen. */
  networkOnline(): void {
    this.socket.reconnectNow();
    this.sender.resendUnsure();
  }

  networkOffline(): void {
    this.socket.wentOffline();
  }

  becameVisible(): void {
    // After a sleep the socket may be dead without knowing it; a ping finds out within seconds.
    this.socket.checkAlive();
    this.readMarker.markSelectedRead();
  }
}
