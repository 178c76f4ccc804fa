import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { frameAlert } from '../alerts.ts';
import { describeRefusal } from '../api.ts';
import { belongsTo, changesLoad } from '../conversations.ts';
import type { AgentRouting } from './agent-routing.ts';
import type { ConsoleContext } from './console-context.ts';
import type { ConversationList } from './conversation-list.ts';
import type { CustomerProfiles } from './customer-profiles.ts';
import type { FloorWatcher } from './floor-watcher.ts';
import type { OutboxState } from './outbox-state.ts';
import type { QueueWatcher } from './queue-watcher.ts';
import type { ReadMarker } from './read-marker.ts';
import type { Threads } from './threads.ts';

/** Internal events that hand a conversation to someone. */
const handOverEvents: ReadonlySet<string> = new Set([
  'conversation_assigned',
  'conversation_transferred',
  'conversation_accepted',
  'conversation_reopened',
]);

/** Whether the message is the event that gave this agent the conversation. */
function handsOverTo(message: Message, agentId: string): boolean {
  const { content } = message;
  if (message.direction !== 'internal' || content.type !== 'event' || !handOverEvents.has(content.event)) {
    return false;
  }
  const detail = content.detail ?? {};
  return detail.to === agentId || detail.by === agentId;
}

/** Applies each frame the socket brings to the console, and alerts the agent when it calls for it. */
export class FrameHandler {
  constructor(
    private readonly context: ConsoleContext,
    private readonly list: ConversationList,
    private readonly threads: Threads,
    private readonly outbox: OutboxState,
    private readonly queues: QueueWatcher,
    private readonly routing: AgentRouting,
    private readonly readMarker: ReadMarker,
    private readonly profiles: CustomerProfiles,
    private readonly floor: FloorWatcher,
  ) {}

  handle(frame: ServerFrame): void {
    const { store, isVisible, alerts } = this.context;
    // Decided against the console as it was before the frame: was the conversation new, the message held?
    const alert = frameAlert(frame, store.state, isVisible());
    this.apply(frame);
    if (alert) alerts?.alert(alert);
  }

  private known(conversationId: string): Conversation | undefined {
    return this.context.store.state.conversations.find((item) => item.conversationId === conversationId);
  }

  /**
   * A snapshot of one of the agent's conversations, and maybe the message that came with it. A
   * conversation new to the list (a new customer, a transfer in, a return after a transfer away) has
   * its thread read or caught up; a change of the agent's load re-reads it (single-flighted), since a
   * new customer assigned at once brings only their message, no `conversation.updated`.
   */
  private snapshot(conversation: Conversation, message?: Message): void {
    const { store } = this.context;
    const { agentId } = store.state.agent;
    const { conversationId } = conversation;
    const known = this.known(conversationId);
    // Where the thread stood before this frame: what came meanwhile lies between it and the frame.
    const held = this.threads.cursorOf(conversationId);
    this.list.apply(conversation, message);
    if (changesLoad(known, conversation, agentId)) {
      void this.routing.refresh();
      void this.queues.refresh();
    }
    if (!belongsTo(conversation, agentId)) return;
    if (message) this.threads.addMessages(conversationId, [message], 'keep');
    const arrived = known === undefined || (message !== undefined && handsOverTo(message, agentId));
    // A customer new to the list may be one agents named before: their remark name is read with it.
    if (known === undefined) void this.profiles.load(conversation);
    if (arrived) this.threads.catchUpOnArrival(conversationId, held);
    else this.threads.loadHistoryIfMissing(conversationId);
  }

  private apply(frame: ServerFrame): void {
    const { store } = this.context;
    switch (frame.type) {
      case 'message.created':
        // A colleague's note on a conversation that is not this agent's changes nothing of their
        // list; a thread of it on screen shows the note.
        if (
          frame.message.content.type === 'note' &&
          !belongsTo(frame.conversation, store.state.agent.agentId)
        ) {
          if (store.state.threads[frame.message.conversationId]) {
            this.threads.addMessages(frame.message.conversationId, [frame.message], 'keep');
          }
          return;
        }
        this.snapshot(frame.conversation, frame.message);
        return;
      case 'message.updated':
        // Only a message the thread holds. The server sends an update to whoever has the conversation
        // when it goes out: a colleague's answer updated just before the conversation comes back is
        // one this console never had, and taking it in would move the thread's catch-up past what it
        // missed (the transfers). The catch-up, or the history when the thread is opened, brings it.
        if (this.threads.holds(frame.message.conversationId, frame.message.messageId)) {
          this.threads.addMessages(frame.message.conversationId, [frame.message], 'replace');
        }
        return;
      case 'conversation.updated':
        this.snapshot(frame.conversation);
        // Someone's load changed, and maybe a queue's line.
        void this.queues.refresh();
        void this.routing.refresh();
        return;
      // The answers to socket sends; this console sends over HTTP, but a frame is read whoever sent it.
      case 'send.accepted':
        this.threads.addMessages(frame.message.conversationId, [frame.message], 'replace');
        return;
      case 'send.refused':
        this.outbox.refuse(frame.clientMessageId, frame.code, describeRefusal(frame.code, frame.reason));
        return;
      // The answer to an action sent over the socket: this console acts over HTTP, but reads it anyway.
      case 'action.result':
        if (frame.conversation) this.list.apply(frame.conversation);
        return;
      case 'typing.result':
        return;
      // Read, or marked unread, in another console of the agent (or this one's own mark, again).
      case 'read.updated':
        this.readMarker.apply(frame.cursor);
        return;
      case 'customer.updated':
        this.profiles.received(frame.profile);
        return;
      case 'floor.changed':
        this.floor.changed();
        return;
      case 'error':
        // Signed out elsewhere, a new password, a disabled account: nothing works any more.
        if (frame.code === 'session_ended') this.context.sessionEnded();
        else console.warn('the server reported a socket error', frame.code, frame.message);
        return;
      case 'pong':
        return;
    }
  }
}
