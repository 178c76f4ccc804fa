import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../../../../web/src/api.ts';
import { conversation, message } from '../fixtures.ts';
import { closeGate, connectedConsole } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
  // The retry delays without jitter: 0.5 s, 1 s, 2 s, 4 s.
  vi.spyOn(Math, 'random').mockReturnValue(0);
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.useRealTimers();
});

const hello = { type: 'text', text: 'hello' } as const;
const unreachable = 'Cannot reach the server. Check your connection and try again.';

describe('MessageSender', () => {
  it('shows a send at once, and the server’s message replaces its bubble', async () => {
    const { controller, sent, state, settle } = await connectedConsole(conversation('c1', 1));
    const clientMessageId = controller.sender.send('c1', hello);
    expect(state().outbox.c1).toEqual([
      expect.objectContaining({ clientMessageId, conversationId: 'c1', content: hello, status: 'sending' }),
    ]);
    expect(state().outbox.c1?.[0]?.attempts).toBe(1);
    await settle();
    expect(sent).toEqual([{ conversationId: 'c1', clientMessageId, content: hello }]);
    expect(state().outbox.c1).toBeUndefined();
    expect(state().threads.c1?.messages.map((item) => item.clientMessageId)).toEqual([clientMessageId]);
    controller.stop();
  });

  it('keeps the picture’s preview link with a send', async () => {
    const { controller, sendGate, state } = await connectedConsole(conversation('c1', 1));
    closeGate(sendGate);
    controller.sender.send('c1', { type: 'image', storageKey: 'media/1' }, 'https://media.example/1');
    expect(state().outbox.c1?.[0]?.mediaUrl).toBe('https://media.example/1');
    controller.stop();
  });

  it('retries a send without an answer under the same id, five attempts at most', async () => {
    const { controller, sent, sendFailures, state } = await connectedConsole(conversation('c1', 1));
    sendFailures.push(...Array.from({ length: 5 }, () => new NetworkError('offline')));
    const clientMessageId = controller.sender.send('c1', hello);
    await vi.advanceTimersByTimeAsync(0);
    expect(state().outbox.c1?.[0]).toMatchObject({
      status: 'unsure',
      attempts: 1,
      problem: unreachable,
      retryAt: Date.now() + 500,
    });
    for (const delay of [500, 1000, 2000, 4000]) await vi.advanceTimersByTimeAsync(delay);
    expect(sent.map((send) => send.clientMessageId)).toEqual(Array(5).fill(clientMessageId));
    expect(state().outbox.c1?.[0]).toMatchObject({ status: 'unsure', attempts: 5, retryAt: undefined });
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(5);
    controller.stop();
  });

  it('sends what is unsure again once the socket reconnects, and when the network comes back', async () => {
    const { controller, sent, sendFailures, sockets, state, settle } = await connectedConsole(
      conversation('c1', 1),
    );
    sendFailures.push(...Array.from({ length: 6 }, () => new NetworkError('offline')));
    controller.sender.send('c1', hello);
    await vi.advanceTimersByTimeAsync(7500);
    expect(sent).toHaveLength(5);

    sockets[0]?.onClose(1006);
    await settle();
    sockets[1]?.onOpen();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(6);
    expect(state().outbox.c1?.[0]?.status).toBe('unsure');

    controller.networkOnline();
    await vi.advanceTimersByTimeAsync(0);
    expect(sent).toHaveLength(7);
    expect(state().outbox.c1).toBeUndefined();
    controller.stop();
  });

  it('says why a send was refused, reads the list again on a 409, and drops it when discarded', async () => {
    const { controller, sent, sendFailures, calls, state, settle } = await connectedConsole(
      conversation('c1', 1),
    );
    sendFailures.push(new ApiError(409, 'window_closed', 'The customer has not written for 48 hours.'));
    const listReads = calls.filter((call) => call === 'list').length;
    const clientMessageId = controller.sender.send('c1', hello);
    await settle();
    expect(state().outbox.c1?.[0]).toMatchObject({
      status: 'refused',
      code: 'window_closed',
      problem: "WeChat's 48-hour reply window has closed; the customer has to write again first.",
      retryAt: undefined,
    });
    expect(calls.filter((call) => call === 'list').length).toBe(listReads + 1);

    // Nothing was recorded, and the same id would only be refused again.
    controller.sender.resend('c1', clientMessageId);
    await settle();
    expect(sent).toHaveLength(1);

    controller.sender.discard('c1', clientMessageId);
    expect(state().outbox.c1).toBeUndefined();
    controller.stop();
  });

  it('discards only refused sends', async () => {
    const { controller, sendFailures, state } = await connectedConsole(conversation('c1', 1));
    sendFailures.push(new NetworkError('offline'));
    const clientMessageId = controller.sender.send('c1', hello);
    await vi.advanceTimersByTimeAsync(0);
    controller.sender.discard('c1', clientMessageId);
    expect(state().outbox.c1?.map((entry) => entry.status)).toEqual(['unsure']);
    controller.stop();
  });

  it('sends one request per message at a time', async () => {
    const { controller, sent, sendGate, state, settle } = await connectedConsole(conversation('c1', 1));
    const release = closeGate(sendGate);
    const clientMessageId = controller.sender.send('c1', hello);
    controller.sender.resend('c1', clientMessageId);
    controller.networkOnline();
    release();
    await settle();
    expect(sent).toHaveLength(1);
    expect(state().outbox.c1).toBeUndefined();
    controller.stop();
  });

  it('marks a send refused when a send.refused frame says so', async () => {
    const { controller, sendGate, push, state } = await connectedConsole(conversation('c1', 1));
    closeGate(sendGate);
    const clientMessageId = controller.sender.send('c1', hello);
    push({ type: 'send.refused', clientMessageId, code: 'quota_used_up', reason: 'No replies are left.' });
    expect(state().outbox.c1?.[0]).toMatchObject({
      status: 'refused',
      code: 'quota_used_up',
      problem: 'WeChat allows no more messages until the customer writes again.',
    });
    controller.stop();
  });

  it('sends a message WeChat refused again as a new message, and nothing it cannot send', async () => {
    const { controller, sent, state, settle } = await connectedConsole(conversation('c1', 1));
    const failed = message(9, {
      direction: 'outbound',
      author: 'agent',
      authorId: 'me',
      status: 'failed',
      clientMessageId: 'first-try',
      content: { type: 'text', text: 'hi' },
    });
    const clientMessageId = controller.sender.sendAgain(failed);
    expect(clientMessageId).toBeDefined();
    expect(clientMessageId).not.toBe('first-try');
    await settle();
    expect(sent).toEqual([{ conversationId: 'c1', clientMessageId, content: { type: 'text', text: 'hi' } }]);
    expect(state().outbox.c1).toBeUndefined();

    const event = message(10, { content: { type: 'event', event: 'conversation_closed', detail: {} } });
    expect(controller.sender.sendAgain(event)).toBeUndefined();
    expect(sent).toHaveLength(1);
    controller.stop();
  });

  it('stops retrying once the console stopped', async () => {
    const { controller, sent, sendFailures } = await connectedConsole(conversation('c1', 1));
    sendFailures.push(new NetworkError('offline'));
    controller.sender.send('c1', hello);
    await vi.advanceTimersByTimeAsync(0);
    controller.stop();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(sent).toHaveLength(1);
  });
});
