import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { totalUnread, unreadFor } from '../../../../web/src/console-state.ts';
import { conversation, id } from '../fixtures.ts';
import { connectedConsole, consoleUnderTest, say } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ReadMarker', () => {
  it('keeps messages that arrive while the tab is hidden unread', async () => {
    const { controller, conversations, messages, sockets, push, state, settle, setVisible } =
      consoleUnderTest();
    conversations.push(conversation('c1', 1));
    messages.push(say(1));
    controller.start();
    sockets[0]?.onOpen();
    controller.list.select('c1');
    await settle();
    setVisible(false);
    push({ type: 'message.created', message: say(2), conversation: conversation('c1', 2) });
    expect(totalUnread(state())).toBe(1);
    controller.stop();
  });

  it('tells the server how far the agent read the thread on screen', async () => {
    const { controller, messages, readState, settle } = await connectedConsole(conversation('c1', 2));
    messages.push(say(1, 'c1'), say(2, 'c1'));
    controller.list.select('c1');
    await settle();
    expect(readState.marks).toEqual([`read c1 ${id(2).slice(-2)}`]);
    controller.stop();
  });

  it('starts from the read state the server keeps, so a fresh tab is not all unread', async () => {
    const harness = consoleUnderTest();
    harness.conversations.push(conversation('c1', 3));
    harness.messages.push(say(1), say(2), say(3));
    harness.readState.cursors.push({
      conversationId: 'c1',
      readThrough: id(3),
      markedUnread: false,
      updatedAt: 1,
    });
    harness.controller.start();
    harness.sockets[0]?.onOpen();
    await harness.settle();
    expect(totalUnread(harness.state())).toBe(0);
    harness.controller.stop();
  });

  it('clears a badge when another console of the agent reads the thread', async () => {
    const { controller, push, state } = await connectedConsole(conversation('c1', 3));
    expect(totalUnread(state())).toBe(1);
    push({
      type: 'read.updated',
      cursor: { conversationId: 'c1', readThrough: id(3), markedUnread: false, updatedAt: Date.now() },
    });
    expect(totalUnread(state())).toBe(0);
    controller.stop();
  });

  it('marks a thread unread: it closes, counts one, and opening it reads it again', async () => {
    const { controller, messages, readState, state, settle } = await connectedConsole(conversation('c1', 2));
    messages.push(say(1, 'c1'), say(2, 'c1'));
    controller.list.select('c1');
    await settle();
    controller.readMarker.markUnread('c1');
    await settle();
    expect(state().selectedId).toBeUndefined();
    const c1 = state().conversations[0];
    expect(c1 && unreadFor(state(), c1)).toEqual({ count: 1, exact: false });
    controller.list.select('c1');
    await settle();
    expect(totalUnread(state())).toBe(0);
    expect(readState.marks).toEqual([
      `read c1 ${id(2).slice(-2)}`,
      'unread c1',
      `read c1 ${id(2).slice(-2)}`,
    ]);
    controller.stop();
  });
});
