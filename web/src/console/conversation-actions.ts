import type { FollowUpOutlook } from '../../../shared/domain/follow-up.ts';
import {
  AbortedError,
  ApiError,
  describeError,
  type LifecycleAnswer,
  type TransferDestination,
  type TransferTargets,
} from '../api.ts';
import { belongsTo } from '../conversations.ts';
import { learnFromTargets } from '../names.ts';
import type { AgentRouting } from './agent-routing.ts';
import type { ConsoleContext } from './console-context.ts';
import type { ConversationList } from './conversation-list.ts';
import type { QueueWatcher } from './queue-watcher.ts';
import type { Threads } from './threads.ts';

/**
 * What the agent does to a conversation: accept one from the queue, close, reopen, transfer. The
 * server's answer is shown at once (the conversation, and the event in its thread), without waiting
 * for the frame that reports it too.
 */
export class ConversationActions {
  constructor(
    private readonly context: ConsoleContext,
    private readonly list: ConversationList,
    private readonly threads: Threads,
    private readonly queues: QueueWatcher,
    private readonly routing: AgentRouting,
  ) {}

  /** Whether an answer written now would reach the customer as a subscribe message (follow-up.ts). */
  followUpOutlook(conversationId: string): Promise<FollowUpOutlook> {
    return this.context.api.followUpOutlook(conversationId);
  }

  /** Who and where a conversation can be handed to now; throws an Error with a sentence. */
  async transferTargets(conversationId: string): Promise<TransferTargets> {
    const { store, api } = this.context;
    try {
      const targets = await api.transferTargets(conversationId);
      const appId = store.state.conversations.find((item) => item.conversationId === conversationId)?.appId;
      if (appId) {
        store.update((state) => {
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
  close(conversationId: string): Promise<string | undefined> {
    return this.act(() => this.context.api.closeConversation(conversationId));
  }

  transfer(conversationId: string, destination: TransferDestination): Promise<string | undefined> {
    return this.act(() => this.context.api.transferConversation(conversationId, destination));
  }

  accept(conversationId: string): Promise<string | undefined> {
    return this.act(() => this.context.api.acceptConversation(conversationId));
  }

  reopen(conversationId: string): Promise<string | undefined> {
    return this.act(() => this.context.api.reopenConversation(conversationId));
  }

  private async act(call: () => Promise<LifecycleAnswer>): Promise<string | undefined> {
    const { store, stopped } = this.context;
    try {
      const { conversation, message } = await call();
      this.list.apply(conversation);
      if (belongsTo(conversation, store.state.agent.agentId)) {
        this.threads.addMessages(conversation.conversationId, [message], 'replace');
        this.threads.loadHistoryIfMissing(conversation.conversationId);
      }
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError || stopped()) return undefined;
      // Refused because the console's picture was out of date (someone else was faster): read the truth.
      if (error instanceof ApiError && error.status === 409) void this.list.reload();
      return describeError(error);
    } finally {
      if (!stopped()) {
        void this.queues.refresh();
        void this.routing.refresh();
      }
    }
  }
}
