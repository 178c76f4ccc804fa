import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { AgentLoad, AgentStatus } from '../../../shared/domain/routing.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import {
  type ApiClient,
  ApiError,
  type LifecycleAnswer,
  type QueueView,
  type TransferDestination,
} from '../../../web/src/api.ts';
import { queuePollMs } from '../../../web/src/console-controller.ts';
import { totalUnread } from '../../../web/src/console-state.ts';
import { controllerUnderTest } from './controller-harness.ts';
import { conversation, id, me, message } from './fixtures.ts';
import { queueView, waiting } from './queue-fixtures.ts';

const load = (overrides: Partial<AgentLoad> = {}): AgentLoad => ({
  agentId: 'me',
  status: 'online',
  presentUntil: Date.now() + 600_000,
  capacity: 2,
  activeCount: 0,
  lastAssignedAt: 0,
  ...overrides,
});

/** An internal event message, as the backend writes one for every lifecycle change. */
const lifecycleEvent = (
  order: number,
  conversationId: string,
  event: string,
  detail: Record<string, string>,
): Message =>
  message(order, {
    conversationId,
    direction: 'internal',
    author: 'agent',
    authorId: 'me',
    content: { type: 'event', event, detail },
  });

/** A backend in memory: what the HTTP API would answer, and the socket the controller opens. */
function setup() {
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  const calls: string[] = [];
  const queues: QueueView[] = [];
  let routing = load();
  /** Set by a test to make the next lifecycle call fail or answer. */
  const lifecycle: { answer?: LifecycleAnswer; refusal?: ApiError; calls: string[] } = { calls: [] };
  const act = async (call: string): Promise<LifecycleAnswer> => {
    lifecycle.calls.push(call);
    if (lifecycle.refusal) throw lifecycle.refusal;
    if (!lifecycle.answer) throw new Error(`no answer set for ${call}`);
    return lifecycle.answer;
  };
  /** Lets a test hold `/api/me` answers back, to race them against a status change. */
  const meGate: { hold?: Promise<void> } = {};
  const api = {
    conversations: async () => {
      calls.push('list');
      return [...conversations];
    },
    messagesAfter: async (conversationId: string, after?: string) => {
      calls.push(`messages ${conversationId} after ${after?.slice(-2) ?? '-'}`);
      return messages.filter(
        (item) => item.conversationId === conversationId && (!after || item.messageId > after),
      );
    },
    me: async () => {
      calls.push('me');
      const answer = { agent: me, routing };
      await meGate.hold;
      return answer;
    },
    setStatus: async (status: AgentStatus) => {
      calls.push(`status ${status}`);
      if (status === 'offline') throw new ApiError(409, 'conflict', 'You cannot go offline now.');
      routing = { ...routing, status };
      return routing;
    },
    queues: async () => {
      calls.push('queues');
      return structuredClone(queues);
    },
    closeConversation: (conversationId: string) => act(`close ${conversationId}`),
    transferConversation: (conversationId: string, destination: TransferDestination) =>
      act(`transfer ${conversationId} ${JSON.stringify(destination)}`),
    acceptConversation: (conversationId: string) => act(`accept ${conversationId}`),
    reopenConversation: (conversationId: string) => act(`reopen ${conversationId}`),
  } as unknown as ApiClient;
  const { controller, sockets, push, settle, setVisible } = controllerUnderTest(api);
  const state = () => controller.store.state;
  return {
    controller,
    conversations,
    messages,
    queues,
    lifecycle,
    meGate,
    calls,
    sockets,
    push,
    state,
    settle,
    hide: () => setVisible(false),
  };
}

const say = (order: number, conversationId = 'c1') => message(order, { conversationId });

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConsoleController', () => {
  it('reads the list at start and again once the socket is open', async () => {
    const { controller, conversations, calls, sockets, state, settle } = setup();
    conversations.push(conversation('c1', 1));
    controller.start();
    await settle();
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c1']);
    sockets[0]?.onOpen();
    await settle();
    expect(calls.filter((call) => call === 'list')).toHaveLength(2);
    expect(state().status).toBe('connected');
    controller.stop();
  });

  it('creates the list entry from a frame and dedupes a second delivery', async () => {
    const { controller, sockets, push, state, settle } = setup();
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    const frame: ServerFrame = {
      type: 'message.created',
      message: say(1),
      conversation: conversation('c1', 1),
    };
    push(frame);
    push(frame);
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c1']);
    expect(state().threads.c1?.messages).toHaveLength(1);
    expect(totalUnread(state())).toBe(1);
    controller.stop();
  });

  it('loads the history when a conversation is opened, and marks it read', async () => {
    const { controller, conversations, messages, sockets, state, settle } = setup();
    conversations.push(conversation('c1', 3));
    messages.push(say(1), say(2), say(3));
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    expect(totalUnread(state())).toBe(1);
    controller.select('c1');
    await settle();
    expect(state().threads.c1?.messages.map((item) => item.messageId)).toEqual([id(1), id(2), id(3)]);
    expect(state().readCursors.c1).toBe(id(3));
    expect(totalUnread(state())).toBe(0);
    controller.stop();
  });

  it('keeps messages that arrive while the tab is hidden unread', async () => {
    const { controller, conversations, messages, sockets, push, state, settle, hide } = setup();
    conversations.push(conversation('c1', 1));
    messages.push(say(1));
    controller.start();
    sockets[0]?.onOpen();
    controller.select('c1');
    await settle();
    hide();
    push({ type: 'message.created', message: say(2), conversation: conversation('c1', 2) });
    expect(totalUnread(state())).toBe(1);
    controller.stop();
  });

  it('after a reconnect reads what the socket missed, after the last message it holds', async () => {
    const { controller, conversations, messages, calls, sockets, push, state, settle } = setup();
    conversations.push(conversation('c1', 2));
    messages.push(say(1), say(2));
    controller.start();
    sockets[0]?.onOpen();
    controller.select('c1');
    await settle();
    push({ type: 'message.created', message: say(3), conversation: conversation('c1', 3) });
    messages.push(say(3));

    sockets[0]?.onClose(1006);
    // Written while the console had no socket: no frame will ever bring it.
    messages.push(say(4));
    conversations[0] = conversation('c1', 4);
    await settle();
    expect(sockets).toHaveLength(2);
    sockets[1]?.onOpen();
    await settle();
    expect(calls.at(-1)).toBe('messages c1 after 03');
    expect(state().threads.c1?.messages.map((item) => item.messageId)).toEqual([id(1), id(2), id(3), id(4)]);
    expect(state().conversations[0]?.lastMessageId).toBe(id(4));
    controller.stop();
  });

  it('resyncs every 5 minutes while connected, so a frame lost for good still shows up', async () => {
    const { controller, conversations, sockets, state, settle } = setup();
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    // Stored, but its frame never came (dead-lettered after its retries).
    conversations.push(conversation('lost', 1));
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['lost']);
    controller.stop();
  });

  it('applies message.updated in place and ignores updates for threads it does not hold', async () => {
    const { controller, conversations, messages, sockets, push, state, settle } = setup();
    conversations.push(conversation('c1', 1));
    messages.push(say(1));
    controller.start();
    sockets[0]?.onOpen();
    controller.select('c1');
    await settle();
    push({ type: 'message.updated', message: { ...say(1), content: { type: 'text', text: 'edited' } } });
    push({ type: 'message.updated', message: say(9, 'elsewhere') });
    expect(state().threads.c1?.messages[0]?.content).toEqual({ type: 'text', text: 'edited' });
    expect(state().threads.elsewhere).toBeUndefined();
    controller.stop();
  });
});

describe('ConsoleController: conversation lifecycle', () => {
  const mine = (conversationId: string, order: number, overrides: Partial<Conversation> = {}) =>
    conversation(conversationId, order, overrides);

  /** A console connected, with Alice known from the queue read and the given conversations listed. */
  async function connected(...listed: Conversation[]) {
    const harness = setup();
    harness.queues.push(
      queueView({
        queueId: 'shop-12',
        name: 'Shop 12',
        members: [{ agentId: 'alice', displayName: 'Alice' }],
      }),
    );
    harness.conversations.push(...listed);
    harness.controller.start();
    harness.sockets[0]?.onOpen();
    await harness.settle();
    return harness;
  }

  it('takes a conversation transferred to a colleague out of the list, with one notice naming them', async () => {
    const { controller, push, state, settle } = await connected(mine('c1', 2), mine('c2', 1));
    controller.select('c1');
    await settle();
    const event = lifecycleEvent(3, 'c1', 'conversation_transferred', { from: 'me', to: 'alice' });
    const handedOver = mine('c1', 3, { assigneeId: 'alice' });
    push({ type: 'message.created', message: event, conversation: handedOver });
    push({ type: 'conversation.updated', conversation: handedOver });
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c2']);
    expect(state().notices.map((notice) => notice.text)).toEqual(['Transferred to Alice']);
    expect(state().notices[0]?.subject).toBe('Customer o-c1');
    expect(state().departures.c1).toBe('Transferred to Alice');
    expect(state().threads.c1?.messages.map((item) => item.messageId)).not.toContain(event.messageId);

    controller.dismissNotice(state().notices[0]?.id ?? -1);
    expect(state().notices).toEqual([]);
    controller.stop();
  });

  it('takes a conversation moved back to a queue out of the list, naming the queue', async () => {
    const { controller, push, state } = await connected(mine('c1', 2));
    push({
      type: 'conversation.updated',
      conversation: mine('c1', 3, {
        state: 'queued',
        assigneeId: undefined,
        queueId: 'shop-12',
        waitingKind: 'queue',
      }),
    });
    expect(state().conversations).toEqual([]);
    expect(state().notices.map((notice) => notice.text)).toEqual(['Moved to queue Shop 12']);
    controller.stop();
  });

  it('ignores a late frame about a conversation it already saw handed back to it', async () => {
    const { controller, push, state } = await connected(mine('c1', 5));
    push({ type: 'conversation.updated', conversation: mine('c1', 4, { assigneeId: 'alice' }) });
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c1']);
    expect(state().notices).toEqual([]);
    controller.stop();
  });

  it('adds a conversation transferred in that it never saw, and reads its history', async () => {
    const { controller, messages, calls, push, state, settle } = await connected();
    messages.push(
      say(1, 'c9'),
      say(2, 'c9'),
      lifecycleEvent(3, 'c9', 'conversation_transferred', { from: 'alice', to: 'me' }),
    );
    push({ type: 'conversation.updated', conversation: mine('c9', 3) });
    await settle();
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c9']);
    expect(calls).toContain('messages c9 after -');
    expect(state().threads.c9?.historyLoaded).toBe(true);
    expect(state().threads.c9?.messages.map((item) => item.messageId)).toEqual([id(1), id(2), id(3)]);
    // Two customer messages it has not seen; the event itself is nothing to read.
    expect(totalUnread(state())).toBe(2);
    controller.stop();
  });

  it('reads the queues and its own load again on every conversation.updated', async () => {
    const { controller, calls, push, settle } = await connected(mine('c1', 1));
    const before = { queues: calls.filter((call) => call === 'queues').length };
    push({ type: 'conversation.updated', conversation: mine('c1', 2, { state: 'closed' }) });
    push({ type: 'conversation.updated', conversation: mine('c1', 2, { state: 'closed' }) });
    await settle();
    const queueReads = calls.filter((call) => call === 'queues').length - before.queues;
    // Two frames at once: one read, then one more after it, never one per frame in parallel.
    expect(queueReads).toBeGreaterThanOrEqual(1);
    expect(queueReads).toBeLessThanOrEqual(2);
    expect(calls.at(-1)).toBe('me');
    controller.stop();
  });

  it('accepting from the queue adds the conversation with its history and reads the queue again', async () => {
    const { controller, queues, messages, lifecycle, calls, state, settle } = await connected();
    queues[0]?.waiting.push(waiting(5, 1));
    const accepted = lifecycleEvent(6, 'w5', 'conversation_accepted', { by: 'me' });
    messages.push(say(5, 'w5'), accepted);
    lifecycle.answer = { conversation: mine('w5', 6), message: accepted };
    const queueReadsBefore = calls.filter((call) => call === 'queues').length;

    expect(await controller.accept('w5')).toBeUndefined();
    await settle();
    expect(lifecycle.calls).toEqual(['accept w5']);
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['w5']);
    expect(state().threads.w5?.messages.map((item) => item.messageId)).toEqual([id(5), id(6)]);
    expect(calls.filter((call) => call === 'queues').length).toBeGreaterThan(queueReadsBefore);
    controller.stop();
  });

  it('a refused accept comes back as the sentence, and the list is read again', async () => {
    const { controller, lifecycle, calls, settle } = await connected();
    lifecycle.refusal = new ApiError(
      409,
      'conflict',
      'This customer is no longer waiting; someone has taken them.',
    );
    const listReads = calls.filter((call) => call === 'list').length;
    expect(await controller.accept('w5')).toBe('This customer is no longer waiting; someone has taken them.');
    await settle();
    expect(calls.filter((call) => call === 'list').length).toBe(listReads + 1);
    controller.stop();
  });

  it('closing keeps the conversation in the list, closed, with its note in the thread', async () => {
    const { controller, messages, lifecycle, state, settle } = await connected(mine('c1', 1));
    messages.push(say(1));
    controller.select('c1');
    await settle();
    const closed = lifecycleEvent(2, 'c1', 'conversation_closed', { by: 'me' });
    lifecycle.answer = { conversation: mine('c1', 2, { state: 'closed', closedAt: 2 }), message: closed };
    expect(await controller.closeConversation('c1')).toBeUndefined();
    expect(state().conversations[0]?.state).toBe('closed');
    expect(state().threads.c1?.messages.at(-1)?.messageId).toBe(closed.messageId);
    expect(state().notices).toEqual([]);
    controller.stop();
  });

  it('transfers with the destination chosen, and the conversation leaves at once', async () => {
    const { controller, lifecycle, state } = await connected(mine('c1', 1));
    lifecycle.answer = {
      conversation: mine('c1', 2, { assigneeId: 'alice' }),
      message: lifecycleEvent(2, 'c1', 'conversation_transferred', { from: 'me', to: 'alice' }),
    };
    expect(await controller.transfer('c1', { toAgentId: 'alice' })).toBeUndefined();
    expect(lifecycle.calls).toEqual(['transfer c1 {"toAgentId":"alice"}']);
    expect(state().conversations).toEqual([]);
    expect(state().notices.map((notice) => notice.text)).toEqual(['Transferred to Alice']);
    controller.stop();
  });

  it('reads the queues when the panel is shown, every 15 s while it is, and stops when hidden', async () => {
    const { controller, calls, settle } = await connected();
    const queueReads = () => calls.filter((call) => call === 'queues').length;
    const atStart = queueReads();
    controller.queuePanelShown();
    await settle();
    expect(queueReads()).toBe(atStart + 1);
    await vi.advanceTimersByTimeAsync(queuePollMs * 2);
    expect(queueReads()).toBe(atStart + 3);
    controller.queuePanelHidden();
    await vi.advanceTimersByTimeAsync(queuePollMs * 2);
    expect(queueReads()).toBe(atStart + 3);
    controller.stop();
  });

  it('keeps the queue read in the state, with when it arrived', async () => {
    const { controller, queues, state, settle } = await connected();
    queues[0]?.waiting.push(waiting(5, 2), waiting(4, 1));
    controller.queuePanelShown();
    await settle();
    const board = state().queueBoard;
    expect(board.loaded).toBe(true);
    expect(board.queues[0]?.waiting.map((entry) => entry.position)).toEqual([2, 1]);
    expect(board.receivedAt).toBeGreaterThan(0);
    controller.stop();
  });
});

describe('ConsoleController: routing status', () => {
  it('shows a change at once, and an older /api/me answer cannot undo it', async () => {
    const { controller, sockets, meGate, state, settle } = setup();
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    expect(state().routing?.status).toBe('online');

    let release = () => {};
    meGate.hold = new Promise((resolve) => {
      release = resolve;
    });
    const staleRead = controller.refreshRouting();
    expect(await controller.changeStatus('away')).toBeUndefined();
    expect(state().routing?.status).toBe('away');
    release();
    await staleRead;
    expect(state().routing?.status).toBe('away');
    controller.stop();
  });

  it('returns the refusal in words and keeps the status it had', async () => {
    const { controller, sockets, state, settle } = setup();
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    expect(await controller.changeStatus('offline')).toBe('You cannot go offline now.');
    expect(state().routing?.status).toBe('online');
    controller.stop();
  });
});
