import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import type { ApiClient } from '../../../web/src/api.ts';
import { ConsoleController } from '../../../web/src/console-controller.ts';
import { totalUnread } from '../../../web/src/console-state.ts';
import type { SocketHandlers } from '../../../web/src/socket.ts';
import { conversation, id, message } from './fixtures.ts';

/** A backend in memory: what the HTTP API would answer, and the socket the controller opens. */
function setup() {
  const conversations: Conversation[] = [];
  const messages: Message[] = [];
  const calls: string[] = [];
  const sockets: SocketHandlers[] = [];
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
    me: async () => ({}),
  } as unknown as ApiClient;
  let visible = true;
  const controller = new ConsoleController({
    session: {
      token: 't',
      expiresAt: Date.now() + 3_600_000,
      agent: {
        agentId: 'me',
        workspaceId: 'w',
        username: 'me',
        displayName: 'Me',
        appIds: ['wx1'],
        createdAt: 0,
      },
    },
    api,
    socketUrl: 'wss://ws.example',
    openSocket: (_url, handlers) => {
      sockets.push(handlers);
      return { send: () => {}, close: () => {} };
    },
    isVisible: () => visible,
    isOnline: () => true,
  });
  const push = (frame: ServerFrame) => sockets.at(-1)?.onMessage(JSON.stringify(frame));
  const state = () => controller.store.state;
  // Lets pending reads resolve and a reconnect delay (at most 1 s at first) run out.
  const settle = () => vi.advanceTimersByTimeAsync(1000);
  return {
    controller,
    conversations,
    messages,
    calls,
    sockets,
    push,
    state,
    settle,
    hide: () => {
      visible = false;
    },
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
