import type { HistoryResults } from '../../../shared/domain/closed-conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { HistoryQuery } from '../api.ts';
import type { ConsoleContext } from './console-context.ts';

/** The History tab: the workspace's closed conversations, searched, and one of them to read. */
export class HistorySearch {
  constructor(private readonly context: ConsoleContext) {}

  search(query: HistoryQuery): Promise<HistoryResults> {
    return this.context.api.searchHistory(query);
  }

  /** A closed conversation's messages, to read (nothing of it is kept in the console's threads). */
  messages(conversationId: string): Promise<Message[]> {
    return this.context.api.messagesAfter(conversationId);
  }
}
