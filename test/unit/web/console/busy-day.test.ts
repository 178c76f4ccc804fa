import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queuePollMs } from '../../../../web/src/console/queue-watcher.ts';
import { totalUnread, unreadFor } from '../../../../web/src/console-state.ts';
import { conversation, id } from '../fixtures.ts';
import { waiting } from '../queue-fixtures.ts';
import { connectedConsole, lifecycleEvent, say } from './console-harness.ts';

/**
 * What a new user found after a busy day (issue "The agent console, Chinese first, trustworthy after a
 * busy day"): each test fails on the console as it was.
 */

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const closed = (name: string, order: number) => conversation(name, order, { state: 'closed' });
const ids = (list: readonly { conversationId: string }[]) => list.map((item) => item.conversationId);

describe('after 52 customers assigned and closed (bug 1)', () => {
  it('still lists the 4 open conversations, and pages the closed ones on demand', async () => {
    const open = [1, 2, 3, 4].map((order) => conversation(`open-${order}`, order));
    const done = Array.from({ length: 52 }, (_, index) => closed(`closed-${index + 10}`, index + 10));
    const { controller, state, settle, calls } = await connectedConsole(...open, ...done);
    expect(ids(state().conversations.filter((item) => item.state === 'active')).sort()).toEqual(
      ids(open).sort(),
    );
    // The first page of closed ones, newest first, and a way to read further.
    const firstClosed = state().conversations.filter((item) => item.state === 'closed');
    expect(firstClosed).toHaveLength(20);
    expect(firstClosed[0]?.conversationId).toBe('closed-61');
    expect(state().closedList.nextBefore).toBe(id(42));

    await controller.list.loadMoreClosed();
    await controller.list.loadMoreClosed();
    await settle();
    expect(state().conversations.filter((item) => item.state === 'closed')).toHaveLength(52);
    expect(state().closedList.nextBefore).toBeUndefined();
    expect(calls).toContain(`closed after ${id(42).slice(-2)}`);

    // A resync reads the first page again, and neither loses the older pages nor the cursor.
    await controller.resync.run();
    expect(state().conversations).toHaveLength(56);
    expect(state().closedList.nextBefore).toBeUndefined();
    controller.stop();
  });
});

describe('a conversation that comes back (bug 2)', () => {
  it('reads what happened while it was with a colleague: their answer and the transfers', async () => {
    const { controller, messages, push, state, settle } = await connectedConsole(conversation('c1', 2));
    messages.push(say(1), say(2));
    controller.list.select('c1');
    await settle();
    expect(state().threads.c1?.historyLoaded).toBe(true);

    // Handed to Alice: the frame says so, and nothing of c1 comes to this console meanwhile.
    const away = lifecycleEvent(3, 'c1', 'conversation_transferred', { from: 'me', to: 'alice' });
    messages.push(away);
    push({
      type: 'message.created',
      message: away,
      conversation: conversation('c1', 3, { assigneeId: 'alice' }),
    });
    const answer = say(4, 'c1');
    messages.push({ ...answer, direction: 'outbound', author: 'agent', authorId: 'alice' });
    // …and back.
    const back = lifecycleEvent(5, 'c1', 'conversation_transferred', { from: 'alice', to: 'me' });
    messages.push(back);
    push({ type: 'message.created', message: back, conversation: conversation('c1', 5) });
    await settle();
    expect(state().threads.c1?.messages.map((item) => item.messageId)).toEqual([
      id(1),
      id(2),
      id(3),
      id(4),
      id(5),
    ]);
    controller.stop();
  });

  it('keeps the transfers when the colleague’s answer’s status change comes first', async () => {
    // The server sends a status change to whoever has the conversation when it is sent: a late
    // `sent` of the colleague's answer reaches this console just before the frame that hands it back.
    const { controller, messages, push, state, settle } = await connectedConsole(conversation('c1', 2));
    messages.push(say(1), say(2));
    controller.list.select('c1');
    await settle();
    const away = lifecycleEvent(3, 'c1', 'conversation_transferred', { from: 'me', to: 'alice' });
    messages.push(away);
    push({
      type: 'message.created',
      message: away,
      conversation: conversation('c1', 3, { assigneeId: 'alice' }),
    });
    const answer = { ...say(4, 'c1'), direction: 'outbound', author: 'agent', authorId: 'alice' } as const;
    messages.push({ ...answer, status: 'sent' });
    const back = lifecycleEvent(5, 'c1', 'conversation_transferred', { from: 'alice', to: 'me' });
    messages.push(back);
    push({ type: 'message.updated', message: { ...answer, status: 'sent' } });
    push({ type: 'message.created', message: back, conversation: conversation('c1', 5) });
    await settle();
    expect(state().threads.c1?.messages.map((item) => item.messageId)).toEqual([
      id(1),
      id(2),
      id(3),
      id(4),
      id(5),
    ]);
    controller.stop();
  });

  it('catches up even when it never saw the conversation leave', async () => {
    const { controller, messages, push, state, settle, calls } = await connectedConsole(
      conversation('c1', 2),
    );
    messages.push(say(1), say(2));
    controller.list.select('c1');
    await settle();
    messages.push(lifecycleEvent(3, 'c1', 'conversation_transferred', { from: 'me', to: 'alice' }), {
      ...say(4),
      direction: 'outbound',
      author: 'agent',
      authorId: 'alice',
    });
    const back = lifecycleEvent(5, 'c1', 'conversation_transferred', { from: 'alice', to: 'me' });
    messages.push(back);
    push({ type: 'message.created', message: back, conversation: conversation('c1', 5) });
    await settle();
    expect(calls).toContain(`messages c1 after ${id(2).slice(-2)}`);
    expect(state().threads.c1?.messages).toHaveLength(5);
    controller.stop();
  });
});

describe('the load in the top bar (bug 3)', () => {
  it('is read again when a new customer is assigned at once (a message.created alone)', async () => {
    const { controller, push, calls, settle } = await connectedConsole();
    const before = calls.filter((call) => call === 'me').length;
    push({ type: 'message.created', message: say(1, 'c7'), conversation: conversation('c7', 1) });
    await settle();
    expect(calls.filter((call) => call === 'me').length).toBeGreaterThan(before);
    // A further message in the same conversation changes no load: no read for it.
    const after = calls.filter((call) => call === 'me').length;
    push({ type: 'message.created', message: say(2, 'c7'), conversation: conversation('c7', 2) });
    await settle();
    expect(calls.filter((call) => call === 'me').length).toBe(after);
    controller.stop();
  });
});

describe('the waiting count on the Queue tab (bug 4)', () => {
  it('is kept fresh while signed in, without the queue panel ever being opened', async () => {
    const { controller, queues, state } = await connectedConsole();
    expect(state().queueBoard.queues[0]?.waiting).toHaveLength(0);
    queues[0]?.waiting.push(waiting(5, 1));
    await vi.advanceTimersByTimeAsync(queuePollMs);
    expect(state().queueBoard.queues[0]?.waiting).toHaveLength(1);
    controller.stop();
  });
});

describe('a fresh browser (bug 7)', () => {
  it('shows no closed conversation as unread', async () => {
    const { controller, state } = await connectedConsole(closed('done', 3), conversation('open', 2));
    const byId = (name: string) => state().conversations.find((item) => item.conversationId === name);
    expect(unreadFor(state(), byId('done') ?? closed('done', 3)).count).toBe(0);
    expect(unreadFor(state(), byId('open') ?? conversation('open', 2)).count).toBe(1);
    expect(totalUnread(state())).toBe(1);
    controller.stop();
  });
});

describe('signing out (bug 6)', () => {
  it('hands each open conversation back to its own queue, then ends the session as offline', async () => {
    const harness = await connectedConsole(
      conversation('a', 2, { queueId: 'shop-12' }),
      conversation('b', 1),
      closed('c', 0),
    );
    const { controller, lifecycle, session, calls } = harness;
    lifecycle.answer = {
      conversation: conversation('a', 3, { state: 'queued', assigneeId: undefined }),
      message: lifecycleEvent(3, 'a', 'conversation_transferred', { from: 'me', toQueue: 'shop-12' }),
    };
    expect(controller.openConversations()).toBe(2);
    expect(await controller.signOut('handBack')).toBeUndefined();
    expect(lifecycle.calls.sort()).toEqual([
      'transfer a {"toQueueId":"shop-12"}',
      'transfer b {"toQueueId":"default"}',
    ]);
    expect(session.logouts).toEqual(['offline']);
    // Away before handing back, or routing would give them straight back to this agent.
    expect(calls.filter((call) => call.startsWith('status') || call.startsWith('logout'))).toEqual([
      'status away',
      'logout offline',
    ]);
    controller.stop();
  });

  it('keeps them assigned as away, and does not sign out when a hand-back was refused', async () => {
    const kept = await connectedConsole(conversation('a', 1));
    expect(await kept.controller.signOut('keep')).toBeUndefined();
    expect(kept.lifecycle.calls).toEqual([]);
    expect(kept.session.logouts).toEqual(['away']);
    kept.controller.stop();

    const refused = await connectedConsole(conversation('a', 1));
    refused.lifecycle.refusal = new (await import('../../../../web/src/api.ts')).ApiError(
      409,
      'unavailable',
      'The app has no queue "default".',
    );
    expect(await refused.controller.signOut('handBack')).toMatchObject({ failed: 1 });
    expect(refused.session.logouts).toEqual([]);
    refused.controller.stop();
  });

  it('goes to the sign-in screen when the socket says the session ended', async () => {
    const { controller, push, sessionEnded } = await connectedConsole();
    push({ type: 'error', code: 'session_ended', message: 'the session has ended; sign in again' });
    expect(sessionEnded()).toBe(1);
    controller.stop();
  });
});
