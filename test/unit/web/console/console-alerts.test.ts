import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Conversation } from '../../../../shared/domain/conversation.ts';
import type { Message } from '../../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../../shared/realtime/frames.ts';
import { conversation, message } from '../fixtures.ts';
import { closeGate, consoleUnderTest } from './console-harness.ts';

/**
 * The console's side of alerts: which frames reach `ConsoleAlerts`, that a resync after a
 * reconnect gives at most one alert, and that looking at a conversation is reported as seen.
 */

const said = (order: number, conversationId: string) => message(order, { conversationId });
const created = (item: Message, snapshot: Conversation): ServerFrame => ({
  type: 'message.created',
  message: item,
  conversation: snapshot,
});

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConsoleController alerts', () => {
  it('reads the list and history at start without a single alert', async () => {
    const { controller, conversations, messages, sockets, alerts, settle } = consoleUnderTest();
    conversations.push(conversation('c1', 2), conversation('c2', 4));
    messages.push(said(1, 'c1'), said(2, 'c1'), said(3, 'c2'), said(4, 'c2'));
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    controller.list.select('c2');
    await settle();
    expect(alerts).toEqual([]);
    controller.stop();
  });

  it('alerts for a new conversation and a message elsewhere, not for the open one or the agent’s own', async () => {
    const { controller, conversations, messages, sockets, alerts, seen, push, settle } = consoleUnderTest();
    conversations.push(conversation('c1', 1));
    messages.push(said(1, 'c1'));
    controller.start();
    sockets[0]?.onOpen();
    controller.list.select('c1');
    await settle();
    expect(seen).toContain('c1');

    push(created(said(5, 'c2'), conversation('c2', 5)));
    messages.push(said(5, 'c2'));
    await settle();
    push(created(said(6, 'c1'), conversation('c1', 6)));
    controller.sender.send('c1', { type: 'text', text: 'hello' });
    await settle();
    push({
      type: 'message.updated',
      message: message(50, { conversationId: 'c1', direction: 'outbound', author: 'agent', authorId: 'me' }),
    });
    push(created(said(7, 'c2'), conversation('c2', 7)));
    // A second delivery of the same frame.
    push(created(said(7, 'c2'), conversation('c2', 7)));
    expect(alerts.map((alert) => `${alert.kind} ${alert.conversationId}`)).toEqual([
      'conversation c2',
      'message c2',
    ]);
    controller.stop();
  });

  it('alerts for the open conversation while the tab is hidden, and reports it seen on return', async () => {
    const { controller, conversations, sockets, alerts, seen, push, settle, setVisible } = consoleUnderTest();
    conversations.push(conversation('c1', 1));
    controller.start();
    sockets[0]?.onOpen();
    controller.list.select('c1');
    await settle();
    seen.length = 0;
    setVisible(false);
    push(created(said(5, 'c1'), conversation('c1', 5)));
    expect(alerts.map((alert) => alert.kind)).toEqual(['message']);
    expect(seen).toEqual([]);
    setVisible(true);
    controller.becameVisible();
    expect(seen).toEqual(['c1']);
    controller.stop();
  });

  it('after a reconnect gives one alert for everything the socket missed, not one per message', async () => {
    const { controller, conversations, messages, sockets, alerts, push, settle } = consoleUnderTest();
    conversations.push(conversation('c1', 1), conversation('c2', 2));
    messages.push(said(1, 'c1'), said(2, 'c2'));
    controller.start();
    sockets[0]?.onOpen();
    controller.list.select('c1');
    await settle();
    push(created(said(3, 'c2'), conversation('c2', 3)));
    messages.push(said(3, 'c2'));
    expect(alerts).toHaveLength(1);

    sockets[0]?.onClose(1006);
    // Meanwhile: three messages from c2's customer, and a new customer handed to the agent.
    messages.push(said(4, 'c2'), said(5, 'c2'), said(6, 'c2'), said(7, 'c3'));
    conversations.splice(1, 1, conversation('c2', 6));
    conversations.push(conversation('c3', 7));
    await settle();
    sockets[1]?.onOpen();
    await settle();
    expect(alerts.slice(1)).toEqual([
      {
        kind: 'summary',
        title: '1 new conversation and 3 new messages',
        body: 'Customer o-c3, Customer o-c2',
      },
    ]);

    // The periodic resync finds nothing new: no alert.
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(alerts).toHaveLength(2);
    controller.stop();
  });

  it('reads back the messages missed before a frame that arrives during the resync’s list read', async () => {
    const { controller, conversations, messages, sockets, alerts, listGate, push, settle } =
      consoleUnderTest();
    conversations.push(conversation('c1', 1), conversation('c2', 2));
    messages.push(said(1, 'c1'), said(2, 'c2'));
    controller.start();
    sockets[0]?.onOpen();
    controller.list.select('c1');
    await settle();
    push(created(said(3, 'c2'), conversation('c2', 3)));
    messages.push(said(3, 'c2'));

    sockets[0]?.onClose(1006);
    messages.push(said(4, 'c2'), said(5, 'c2'), said(6, 'c2'));
    conversations.splice(1, 1, conversation('c2', 6));
    const release = closeGate(listGate);
    await settle();
    sockets[1]?.onOpen();
    // The stream pushed the last one only once the new socket was up: it arrives before the catch-up.
    push(created(said(6, 'c2'), conversation('c2', 6)));
    release();
    await settle();
    expect(controller.store.state.threads.c2?.messages.map((item) => item.messageId)).toEqual(
      [2, 3, 4, 5, 6].map((order) => said(order, 'c2').messageId),
    );
    // The live one alerted; the two read back join it rather than alerting each.
    expect(alerts.map((alert) => `${alert.kind} ${alert.conversationId} ${alert.body}`)).toEqual([
      'message c2 message 3',
      'message c2 message 6',
      'message c2 2 new messages',
    ]);
    controller.stop();
  });
});
