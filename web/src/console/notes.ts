import { AbortedError, describeError } from '../api.ts';
import type { ConsoleContext } from './console-context.ts';
import type { Threads } from './threads.ts';

/**
 * Notes for colleagues: written over HTTP (never through the outbox: a note waits for no reply
 * window and goes to no customer), shown in the thread at once; colleagues get it from the socket.
 */
export class Notes {
  constructor(
    private readonly context: ConsoleContext,
    private readonly threads: Threads,
    private readonly newClientMessageId: () => string,
  ) {}

  /** Writes the note; answers what went wrong, in words, or undefined when it was written. */
  async write(conversationId: string, text: string): Promise<string | undefined> {
    try {
      const note = await this.context.api.writeNote(conversationId, this.newClientMessageId(), text);
      if (!this.context.stopped()) this.threads.addMessages(conversationId, [note], 'keep');
      return undefined;
    } catch (error) {
      if (error instanceof AbortedError) return undefined;
      return describeError(error);
    }
  }
}
