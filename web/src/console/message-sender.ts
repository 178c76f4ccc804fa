import type { Message } from '../../../shared/domain/message.ts';
import { AbortedError, ApiError, describeError, NetworkError } from '../api.ts';
import { backoffDelay } from '../backoff.ts';
import type { OutboxEntry } from '../outbox.ts';
import { type OutgoingContent, outgoingContentOf } from '../outgoing-content.ts';
import type { ConsoleContext } from './console-context.ts';
import type { ConversationList } from './conversation-list.ts';
import type { OutboxState } from './outbox-state.ts';
import type { Threads } from './threads.ts';

/** Automatic retries of a send without an answer, before it waits for a reconnect or the agent. */
const maxAutomaticAttempts = 5;
const sendBackoff = { baseMs: 1000, capMs: 16_000 };

/** A send whose outcome is unknown: the same clientMessageId may safely be sent again. */
function isUncertain(error: unknown): boolean {
  return (
    error instanceof NetworkError ||
    (error instanceof ApiError && (error.status >= 500 || error.status === 429 || error.status === 408))
  );
}

/**
 * The agent's sends, from Send pressed to the server's answer. They go over HTTP (see README: a status
 * code per outcome, and it works while the socket reconnects), and each keeps its clientMessageId for
 * every retry, so the server records it at most once.
 */
export class MessageSender {
  /** Sends with a request in flight, by clientMessageId: one request per message at a time. */
  private readonly inFlight = new Set<string>();
  private readonly retryTimers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(
    private readonly context: ConsoleContext,
    private readonly outbox: OutboxState,
    private readonly list: ConversationList,
    private readonly threads: Threads,
    private readonly newClientMessageId: () => string,
  ) {}

  /** Shows the message at once as a bubble "sending…", then sends it. Returns its clientMessageId. */
  send(conversationId: string, content: OutgoingContent, mediaUrl?: string): string {
    const entry: OutboxEntry = {
      clientMessageId: this.newClientMessageId(),
      conversationId,
      content,
      createdAt: this.context.now(),
      status: 'sending',
      attempts: 0,
      ...(mediaUrl ? { mediaUrl } : {}),
    };
    this.outbox.update(conversationId, (entries) => [...entries, entry]);
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

  /** Every send without an answer, again now (after a reconnect or the network coming back). */
  resendUnsure(): void {
    for (const [conversationId, entries] of Object.entries(this.context.store.state.outbox)) {
      for (const entry of entries) {
        if (entry.status === 'unsure') void this.deliver(conversationId, entry.clientMessageId);
      }
    }
  }

  /** Drops a send the server refused (nothing was recorded) from the thread. */
  discard(conversationId: string, clientMessageId: string): void {
    this.clearRetry(clientMessageId);
    this.outbox.update(conversationId, (entries) =>
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

  stop(): void {
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    this.retryTimers.clear();
  }

  private async deliver(conversationId: string, clientMessageId: string): Promise<void> {
    const { api, now, stopped } = this.context;
    const entry = this.outbox.entry(conversationId, clientMessageId);
    if (!entry || entry.status === 'refused' || this.inFlight.has(clientMessageId) || stopped()) return;
    this.clearRetry(clientMessageId);
    this.inFlight.add(clientMessageId);
    const attempts = entry.attempts + 1;
    this.outbox.patch(conversationId, clientMessageId, (current) => ({
      ...current,
      status: 'sending',
      attempts,
      problem: undefined,
      retryAt: undefined,
    }));
    try {
      const answer = await api.sendMessage(conversationId, clientMessageId, entry.content);
      if (answer.conversation) this.list.apply(answer.conversation);
      this.threads.addMessages(conversationId, [answer.message], 'replace');
      // An answer about another message (it should not happen) must not leave a bubble spinning.
      this.outbox.update(conversationId, (entries) =>
        entries.filter((item) => item.clientMessageId !== clientMessageId),
      );
    } catch (error) {
      if (error instanceof AbortedError || stopped()) return;
      if (isUncertain(error)) {
        const automatic = attempts < maxAutomaticAttempts;
        const delay = automatic ? backoffDelay(attempts - 1, sendBackoff, Math.random()) : undefined;
        this.outbox.patch(conversationId, clientMessageId, (current) => ({
          ...current,
          status: 'unsure',
          problem: describeError(error),
          retryAt: delay === undefined ? undefined : now() + delay,
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
      this.outbox.patch(conversationId, clientMessageId, (current) => ({
        ...current,
        status: 'refused',
        code,
        problem: describeError(error),
        retryAt: undefined,
      }));
      // The console's idea of the window or the assignment was out of date: read the truth.
      if (error instanceof ApiError && error.status === 409) void this.list.reload();
    } finally {
      this.inFlight.delete(clientMessageId);
    }
  }

  private clearRetry(clientMessageId: string): void {
    const timer = this.retryTimers.get(clientMessageId);
    if (timer !== undefined) clearTimeout(timer);
    this.retryTimers.delete(clientMessageId);
  }
}
