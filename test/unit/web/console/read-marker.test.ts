import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { totalUnread } from '../../../../web/src/console-state.ts';
import { conversation } from '../fixtures.ts';
import { consoleUnderTest, say } from './console-harness.ts';

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
});
