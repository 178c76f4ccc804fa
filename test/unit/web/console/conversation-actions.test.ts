import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../web/src/api.ts';
import { conversation, id } from '../fixtures.ts';
import { waiting } from '../queue-fixtures.ts';
import { connectedConsole, lifecycleEvent, say } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('ConversationActions', () => {
  it('accepting from the queue adds the conversation with its history and reads the queue again', async () => {
    const { controller, queues, messages, lifecycle, calls, state, settle } = await connectedConsole();
    queues[0]?.waiting.push(waiting(5, 1));
    const accepted = lifecycleEvent(6, 'w5', 'conversation_accepted', { by: 'me' });
    messages.push(say(5, 'w5'), accepted);
    lifecycle.answer = { conversation: conversation('w5', 6), message: accepted };
    const queueReadsBefore = calls.filter((call) => call === 'queues').length;

    expect(await controller.actions.accept('w5')).toBeUndefined();
    await settle();
    expect(lifecycle.calls).toEqual(['accept w5']);
    expect(state().conversations.map((item) => item.conversationId)).toEqual(['w5']);
    expect(state().threads.w5?.messages.map((item) => item.messageId)).toEqual([id(5), id(6)]);
    expect(calls.filter((call) => call === 'queues').length).toBeGreaterThan(queueReadsBefore);
    controller.stop();
  });

  it('a refused accept comes back as a sentence for its code, and the list is read again', async () => {
    const { controller, lifecycle, calls, settle } = await connectedConsole();
    lifecycle.refusal = new ApiError(
      409,
      'conflict',
      'This customer is no longer waiting; someone has taken them.',
    );
    const listReads = calls.filter((call) => call === 'list').length;
    // Said in the agent's language (a known sentence of the server's, else by its code).
    expect(await controller.actions.accept('w5')).toBe(
      'This customer is no longer waiting; someone has taken them.',
    );
    await settle();
    expect(calls.filter((call) => call === 'list').length).toBe(listReads + 1);
    controller.stop();
  });

  it('closing keeps the conversation in the list, closed, with its note in the thread', async () => {
    const { controller, messages, lifecycle, state, settle } = await connectedConsole(conversation('c1', 1));
    messages.push(say(1));
    controller.list.select('c1');
    await settle();
    const closed = lifecycleEvent(2, 'c1', 'conversation_closed', { by: 'me' });
    lifecycle.answer = {
      conversation: conversation('c1', 2, { state: 'closed', closedAt: 2 }),
      message: closed,
    };
    expect(await controller.actions.close('c1')).toBeUndefined();
    expect(state().conversations[0]?.state).toBe('closed');
    expect(state().threads.c1?.messages.at(-1)?.messageId).toBe(closed.messageId);
    expect(state().notices).toEqual([]);
    controller.stop();
  });

  it('transfers with the destination chosen, and the conversation leaves at once', async () => {
    const { controller, lifecycle, state } = await connectedConsole(conversation('c1', 1));
    lifecycle.answer = {
      conversation: conversation('c1', 2, { assigneeId: 'alice' }),
      message: lifecycleEvent(2, 'c1', 'conversation_transferred', { from: 'me', to: 'alice' }),
    };
    expect(await controller.actions.transfer('c1', { toAgentId: 'alice' })).toBeUndefined();
    expect(lifecycle.calls).toEqual(['transfer c1 {"toAgentId":"alice"}']);
    expect(state().conversations).toEqual([]);
    expect(state().notices.map((notice) => notice.text)).toEqual(['Transferred to Alice']);
    controller.stop();
  });

  it('learns the names of the transfer targets, for the notice when the conversation leaves', async () => {
    const { controller, targets, state } = await connectedConsole(conversation('c1', 1));
    targets.agents.push({
      agentId: 'bob',
      displayName: 'Bob',
      status: 'online',
      present: true,
      activeCount: 0,
      capacity: 2,
      available: true,
    });
    targets.queues.push({ queueId: 'vip', name: 'VIP', waitingCount: 0 });
    const answer = await controller.actions.transferTargets('c1');
    expect(answer.agents.map((agent) => agent.agentId)).toEqual(['bob']);
    expect(state().names.agents.bob).toBe('Bob');
    expect(state().names.queues['wx1/vip']).toBe('VIP');
    controller.stop();
  });
});
