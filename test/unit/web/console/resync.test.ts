import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { conversation, id } from '../fixtures.ts';
import { consoleUnderTest, say } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Resync', () => {
  it('reads the list at start and again once the socket is open', async () => {
    const { controller, conversations, calls, sockets, state, settle } = consoleUnderTest();
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

  it('after a reconnect reads what the socket missed, after the last message it holds', async () => {
    const { controller, conversations, messages, calls, sockets, push, state, settle } = consoleUnderTest();
    conversations.push(conversation('c1', 2));
    messages.push(say(1), say(2));
    controller.start();
    sockets[0]?.onOpen();
    controller.list.select('c1');
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
    const { controller, conversations, sockets, state, settle } = consoleUnderTest();
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    // Stored, but its frame never came (dead-lettered after its retries).
    conversations.push(conversation('lost', 1));
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['lost']);
    controller.stop();
  });
});
