import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { frameAlert } from '../alerts.ts';
import { belongsTo } from '../conversations.ts';
import type { AgentRouting } from './agent-routing.ts';
import type { ConsoleContext } from './console-context.ts';
import type { ConversationList } from './conversation-list.ts';
import type { OutboxState } from './outbox-state.ts';
import type { QueueWatcher } from './queue-watcher.ts';
import type { Threads } from './threads.ts';

/** Applies each frame the socket brings to the console, and alerts the agent when it calls for it. */
export class FrameHandler {
  constructor(
    private readonly context: ConsoleContext,
    private readonly list: ConversationList,
    private readonly threads: Threads,
    private readonly outbox: OutboxState,
    private readonly queues: QueueWatcher,
    private readonly routing: AgentRouting,
  ) {}

  handle(frame: ServerFrame): void {
    const { store, isVisible, alerts } = this.context;
    // Decided against the console as it was before the frame: was the conversation new, the message held?
    const alert = frameAlert(frame, store.state, isVisible());
    this.apply(frame);
    if (alert) alerts?.alert(alert);
  }

  private apply(frame: ServerFrame): void {
    const { store } = this.context;
    switch (frame.type) {
      case 'message.created': {
        const { conversation, message } = frame;
        this.list.apply(conversation);
        if (!belongsTo(conversation, store.state.agent.agentId)) return;
        this.threads.addMessages(message.conversationId, [message], 'keep');
        this.threads.loadHistoryIfMissing(message.conversationId);
        return;
      }
      case 'message.updated':
        // A thread the console does not hold reads the update with its history when opened.
        if (store.state.threads[frame.message.conversationId]) {
          this.threads.addMessages(frame.message.conversationId, [frame.message], 'replace');
        }
        return;
      case 'conversation.updated': {
        const { conversation } = frame;
        this.list.apply(conversation);
        // Transferred in or accepted: the conversation may be new to this console.
        if (belongsTo(conversation, store.state.agent.agentId))
          this.threads.loadHistoryIfMissing(conversation.conversationId);
        // Someone's load changed, and maybe a queue's line.
        void this.queues.refresh();
        void this.routing.refresh();
        return;
      }
      // The answers to socket sends; this console sends over HTTP, but a frame is read whoever sent it.
      case 'send.accepted':
        this.threads.addMessages(frame.message.conversationId, [frame.message], 'replace');
        return;
      case 'send.refused':
        this.outbox.refuse(frame.clientMessageId, frame.code, frame.reason);
        return;
      // The answer to an action sent over the socket: this console acts over HTTP, but reads it anyway.
      case 'action.result':
        if (frame.conversation) this.list.apply(frame.conversation);
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
}
