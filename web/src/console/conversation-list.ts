import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { AbortedError, closedPageSize, describeError } from '../api.ts';
import { appendClosedPage, reconcileConversations, upsertConversation } from '../conversations.ts';
import { customerLabel, withListedNames } from '../customer-names.ts';
import { t } from '../i18n.ts';
import { departureText } from '../lifecycle-text.ts';
import type { ConsoleContext } from './console-context.ts';
import type { Notices } from './notices.ts';
import type { ReadMarker } from './read-marker.ts';
import type { Threads } from './threads.ts';

/**
 * The agent's conversations (conversations.ts decides what is in the list and in which order) and the
 * one they have open. Snapshots arrive from frames, action answers and list reads; a conversation that
 * leaves the list says where it went.
 */
export class ConversationList {
  /** Conversations touched by snapshots while a list read is in flight (see reconcileConversations). */
  private readonly readsInFlight = new Set<Set<string>>();

  constructor(
    private readonly context: ConsoleContext,
    private readonly notices: Notices,
    private readonly threads: Threads,
    private readonly readMarker: ReadMarker,
  ) {}

  select(conversationId: string): void {
    const { store } = this.context;
    store.update((state) => ({ ...state, selectedId: conversationId }));
    const thread = store.state.threads[conversationId];
    if (!thread?.historyLoaded && !thread?.loading) void this.threads.loadHistory(conversationId);
    this.readMarker.markSelectedRead();
  }

  /** Back to the list: what a phone shows instead of the thread. */
  deselect(): void {
    this.context.store.update((state) => ({ ...state, selectedId: undefined }));
  }

  /** One conversation as the server sees it now, and the change that brought it, if one did. */
  apply(conversation: Conversation, change?: Message): void {
    const { conversationId } = conversation;
    for (const touched of this.readsInFlight) touched.add(conversationId);
    this.context.store.update((state) => {
      const conversations = upsertConversation(state.conversations, conversation, state.agent.agentId);
      const left =
        conversations.length < state.conversations.length &&
        !conversations.some((item) => item.conversationId === conversationId);
      if (!left) return { ...state, conversations };
      // Handed to a colleague or a queue, by this agent or anyone else: say where it went.
      const text = departureText(conversation, state.names, change);
      return {
        ...state,
        conversations,
        notices: this.notices.with(
          state.notices,
          text,
          t('notice.customer', { customer: customerLabel(state.customerNames, conversation) }),
        ),
        departures: { ...state.departures, [conversationId]: text },
      };
    });
  }

  /**
   * Reads the list: every open conversation, and the first page of closed ones. Returns the
   * conversations the read added to a list that had been read before.
   */
  async reload(): Promise<readonly Conversation[]> {
    const { store, api } = this.context;
    const touched = new Set<string>();
    this.readsInFlight.add(touched);
    let arrived: readonly Conversation[] = [];
    try {
      const [active, closed] = await Promise.all([
        api.activeConversations(),
        api.closedConversations(undefined, closedPageSize),
      ]);
      store.update((state) => {
        const conversations = reconcileConversations(
          state.conversations,
          {
            active: active.conversations,
            closed: closed.conversations,
            closedMore: closed.nextBefore !== undefined,
          },
          { agentId: state.agent.agentId, touchedMeanwhile: touched },
        );
        if (state.listLoaded) {
          const known = new Set(state.conversations.map((item) => item.conversationId));
          arrived = conversations.filter((item) => !known.has(item.conversationId));
        }
        // Once the agent has read further back, the cursor stays where they got to.
        const closedList = state.closedList.extended
          ? state.closedList
          : { extended: false, loading: false, nextBefore: closed.nextBefore };
        const customerNames = withListedNames(
          state.customerNames,
          [...active.conversations, ...closed.conversations],
          [...(active.customers ?? []), ...(closed.customers ?? [])],
        );
        return { ...state, conversations, customerNames, closedList, listLoaded: true, listError: undefined };
      });
    } catch (error) {
      if (error instanceof AbortedError || this.context.stopped()) return arrived;
      store.update((state) => ({ ...state, listLoaded: true, listError: describeError(error) }));
    } finally {
      this.readsInFlight.delete(touched);
    }
    return arrived;
  }

  /** "More closed conversations": the next page of closed ones, added at the end of the list. */
  async loadMoreClosed(): Promise<void> {
    const { store, api, stopped } = this.context;
    const { closedList } = store.state;
    if (closedList.loading || closedList.nextBefore === undefined) return;
    store.update((state) => ({
      ...state,
      closedList: { ...state.closedList, loading: true, error: undefined },
    }));
    try {
      const page = await api.closedConversations(closedList.nextBefore, closedPageSize);
      store.update((state) => ({
        ...state,
        conversations: appendClosedPage(state.conversations, page.conversations, state.agent.agentId),
        customerNames: withListedNames(state.customerNames, page.conversations, page.customers),
        closedList: { extended: true, loading: false, nextBefore: page.nextBefore },
      }));
    } catch (error) {
      if (error instanceof AbortedError || stopped()) return;
      store.update((state) => ({
        ...state,
        closedList: { ...state.closedList, loading: false, error: describeError(error) },
      }));
    }
  }
}
