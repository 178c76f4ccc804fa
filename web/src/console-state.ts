import type { Abilities } from '../../shared/domain/admin-view.ts';
import type { Agent } from '../../shared/domain/agent.ts';
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { CustomerProfile } from '../../shared/domain/customer-profile.ts';
import type { Message } from '../../shared/domain/message.ts';
import type { AgentLoad } from '../../shared/domain/routing.ts';
import type { ServedApp } from '../../shared/domain/served-app.ts';
import type { CustomerNames } from './customer-names.ts';
import { type Names, noNames } from './names.ts';
import type { OutboxEntry } from './outbox.ts';
import { emptyQueueBoard, type QueueBoard } from './queues.ts';
import type { ReadCursors } from './read-cursors.ts';
import type { ConnectionStatus } from './socket.ts';
import { type Unread, unreadOf } from './unread.ts';
import { waitingSince } from './waiting-time.ts';

/** Everything the signed-in console shows, in one immutable object. */

export interface ThreadState {
  messages: readonly Message[];
  /** The history was read from the first message on; otherwise only frames and catch-ups are known. */
  historyLoaded: boolean;
  loading: boolean;
  error?: string;
}

/** A short message about something that happened out of view, e.g. a conversation handed over. */
export interface ConsoleNotice {
  id: number;
  text: string;
  /** Which customer it is about. */
  subject?: string;
}

export interface ConsoleState {
  agent: Agent;
  status: ConnectionStatus;
  conversations: readonly Conversation[];
  /** The first list read finished (successfully or not): until then the list shows a loading state. */
  listLoaded: boolean;
  listError?: string;
  threads: Readonly<Record<string, ThreadState>>;
  selectedId?: string;
  /** How far the agent has read each conversation, as the server keeps it (see read-cursors.ts). */
  readCursors: ReadCursors;
  /** Per conversation, the agent's sends the server has not confirmed yet (see outbox.ts). */
  outbox: Readonly<Record<string, readonly OutboxEntry[]>>;
  /** The agent's status and load as routing sees them; unknown until `/api/me` answered. */
  routing?: AgentLoad;
  /** What the agent may administer, as the server's policy says; nothing until `/api/me` answered. */
  may?: Abilities;
  /** The apps the agent answers for, as `/api/me` describes them (the composer's card tools need them). */
  apps?: readonly ServedApp[];
  queueBoard: QueueBoard;
  names: Names;
  /** The remark names agents gave customers (see customer-names.ts). */
  customerNames: CustomerNames;
  /** Customer profiles read for the side panel, by customer (customerKey). */
  profiles: Readonly<Record<string, ProfileState>>;
  notices: readonly ConsoleNotice[];
  /** Why a conversation left the list ("Transferred to Alice"), for the thread it was open in. */
  departures: Readonly<Record<string, string>>;
  /** Paging through closed conversations, beyond the first page every list read brings. */
  closedList: ClosedListState;
}

export interface ClosedListState {
  /** Where the next page of closed conversations starts; undefined when there is none. */
  nextBefore?: string;
  /** The agent read further than the first page: a list read must not move the cursor back. */
  extended: boolean;
  loading: boolean;
  error?: string;
}

export interface ProfileState {
  profile?: CustomerProfile;
  /** The workspace's tags, to suggest. */
  suggestedTags: readonly string[];
  loading: boolean;
  error?: string;
}

export const emptyThread: ThreadState = { messages: [], historyLoaded: false, loading: false };

export function initialConsoleState(agent: Agent): ConsoleState {
  return {
    agent,
    status: 'connecting',
    conversations: [],
    listLoaded: false,
    threads: {},
    readCursors: {},
    outbox: {},
    queueBoard: emptyQueueBoard,
    names: noNames,
    customerNames: {},
    profiles: {},
    notices: [],
    departures: {},
    closedList: { extended: false, loading: false },
  };
}

export function unreadFor(state: ConsoleState, conversation: Conversation): Unread {
  const thread = state.threads[conversation.conversationId];
  return unreadOf(
    conversation,
    thread?.messages,
    thread?.historyLoaded ?? false,
    state.readCursors[conversation.conversationId],
  );
}

/** For the tab title: every unread customer message, counting a conversation of unknown count as one. */
export function totalUnread(state: ConsoleState): number {
  return state.conversations.reduce((total, conversation) => total + unreadFor(state, conversation).count, 0);
}

/** Since when the customer's oldest unanswered message has waited (see waiting-time.ts). */
export function waitingSinceFor(state: ConsoleState, conversation: Conversation): number | undefined {
  const thread = state.threads[conversation.conversationId];
  return waitingSince(conversation, thread?.messages, thread?.historyLoaded ?? false);
}
