import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { totalUnread } from '../../../../web/src/console-state.ts';
import { conversation, id } from '../fixtures.ts';
import { connectedConsole, consoleUnderTest, lifecycleEvent, say } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConversationList', () => {
  it('loads the history when a conversation is opened, and marks it read', async () => {
    const { controller, conversations, messages, sockets, state, settle } = consoleUnderTest();
    conversations.push(conversation('c1', 3));
    messages.push(say(1), say(2), say(3));
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    expect(totalUnread(state())).toBe(1);
    controller.list.select('c1');
    await settle();
    expect(state().threads.c1?.messages.map((item) => item.messageId)).toEqual([id(1), id(2), id(3)]);
    expect(state().readCursors.c1?.readThrough).toBe(id(3));
    expect(totalUnread(state())).toBe(0);
    controller.stop();
  });

  it('takes a conversation transferred to a colleague out of the list, with one notice naming them', async () => {
    const { controller, push, state, settle } = await connectedConsole(
      conversation('c1', 2),
      conversation('c2', 1),
    );
    controller.list.select('c1');
    await settle();
    const event = lifecycleEvent(3, 'c1', 'conversation_transferred', { from: 'me', to: 'alice' });
    const handedOver = conversation('c1', 3, { assigneeId: 'alice' });
    push({ type: 'message.created', message: event, conversation: handedOver });
    push({ type: 'conversation.updated', conversation: handedOver });
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c2']);
    expect(state().notices.map((notice) => notice.text)).toEqual(['Transferred to Alice']);
    expect(state().notices[0]?.subject).toBe('Customer o-c1');
    expect(state().departures.c1).toBe('Transferred to Alice');
    expect(state().threads.c1?.messages.map((item) => item.messageId)).not.toContain(event.messageId);

    controller.notices.dismiss(state().notices[0]?.id ?? -1);
    expect(state().notices).toEqual([]);
    controller.stop();
  });

  it('tells the agent a conversation the SLA rule gave to a colleague left them for not answering', async () => {
    const { controller, push, state } = await connectedConsole(conversation('c1', 2));
    const detail = { from: 'me', to: 'alice', reason: 'unanswered', afterMinutes: '2' };
    const event = lifecycleEvent(3, 'c1', 'conversation_transferred', detail);
    const handedOver = conversation('c1', 3, { assigneeId: 'alice' });
    push({ type: 'message.created', message: event, conversation: handedOver });
    push({ type: 'conversation.updated', conversation: handedOver });
    const why = 'No answer from you within 2 minutes; reassigned to Alice';
    expect(state().notices.map((notice) => notice.text)).toEqual([why]);
    expect(state().departures.c1).toBe(why);
    controller.stop();
  });

  it('takes a conversation moved back to a queue out of the list, naming the queue', async () => {
    const { controller, push, state } = await connectedConsole(conversation('c1', 2));
    push({
      type: 'conversation.updated',
      conversation: conversation('c1', 3, {
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
    const { controller, push, state } = await connectedConsole(conversation('c1', 5));
    push({ type: 'conversation.updated', conversation: conversation('c1', 4, { assigneeId: 'alice' }) });
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c1']);
    expect(state().notices).toEqual([]);
    controller.stop();
  });
});
