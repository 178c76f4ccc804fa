import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ServerFrame } from '../../../../shared/realtime/frames.ts';
import { totalUnread } from '../../../../web/src/console-state.ts';
import { customerLabel } from '../../../../web/src/customer-names.ts';
import { conversation, id, message } from '../fixtures.ts';
import { connectedConsole, consoleUnderTest, lifecycleEvent, say } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('FrameHandler', () => {
  it("shows a colleague's note in a thread it holds, without taking the conversation in", async () => {
    const { controller, push, state, settle } = await connectedConsole(conversation('c1', 1));
    controller.list.select('c1');
    await settle();
    const note = (conversationId: string) =>
      message(5, {
        conversationId,
        direction: 'internal',
        author: 'agent',
        authorId: 'colleague',
        content: { type: 'note', text: '已登记上门取件', authorName: '小李' },
      });
    // A closed conversation of the agent's (no longer theirs to hold): its thread shows the note.
    push({
      type: 'message.created',
      message: note('c1'),
      conversation: conversation('c1', 1, { state: 'closed', assigneeId: 'colleague' }),
    });
    push({
      type: 'message.created',
      message: note('c7'),
      conversation: conversation('c7', 5, { assigneeId: 'colleague' }),
    });
    expect(state().threads.c1?.messages.map((held) => held.content.type)).toContain('note');
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['c1']);
    expect(state().threads.c7).toBeUndefined();
    controller.stop();
  });

  it('renames a customer everywhere when a colleague changes their remark name', async () => {
    const { controller, push, state } = await connectedConsole(conversation('c1', 1));
    push({
      type: 'customer.updated',
      profile: { appId: 'wx1', openId: 'o-c1', remarkName: '王女士', tags: ['VIP'] },
    });
    expect(customerLabel(state().customerNames, { appId: 'wx1', openId: 'o-c1' })).toBe('王女士');
    controller.stop();
  });

  it('creates the list entry from a frame and dedupes a second delivery', async () => {
    const { controller, sockets, push, state, settle } = consoleUnderTest();
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

  it('applies message.updated in place and ignores updates for threads it does not hold', async () => {
    const { controller, conversations, messages, sockets, push, state, settle } = consoleUnderTest();
    conversations.push(conversation('c1', 1));
    messages.push(say(1));
    controller.start();
    sockets[0]?.onOpen();
    controller.list.select('c1');
    await settle();
    push({ type: 'message.updated', message: { ...say(1), content: { type: 'text', text: 'edited' } } });
    push({ type: 'message.updated', message: say(9, 'elsewhere') });
    expect(state().threads.c1?.messages[0]?.content).toEqual({ type: 'text', text: 'edited' });
    expect(state().threads.elsewhere).toBeUndefined();
    controller.stop();
  });

  it('adds a conversation transferred in that it never saw, and reads its history', async () => {
    const { controller, messages, calls, push, state, settle } = await connectedConsole();
    messages.push(
      say(1, 'c9'),
      say(2, 'c9'),
      lifecycleEvent(3, 'c9', 'conversation_transferred', { from: 'alice', to: 'me' }),
    );
    push({ type: 'conversation.updated', conversation: conversation('c9', 3) });
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
    const { controller, calls, push, settle } = await connectedConsole(conversation('c1', 1));
    const before = { queues: calls.filter((call) => call === 'queues').length };
    push({ type: 'conversation.updated', conversation: conversation('c1', 2, { state: 'closed' }) });
    push({ type: 'conversation.updated', conversation: conversation('c1', 2, { state: 'closed' }) });
    await settle();
    const queueReads = calls.filter((call) => call === 'queues').length - before.queues;
    // Two frames at once: one read, then one more after it, never one per frame in parallel.
    expect(queueReads).toBeGreaterThanOrEqual(1);
    expect(queueReads).toBeLessThanOrEqual(2);
    expect(calls.at(-1)).toBe('me');
    controller.stop();
  });
});
