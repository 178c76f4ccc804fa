import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AbortedError, NetworkError } from '../../../../web/src/api.ts';
import { conversation } from '../fixtures.ts';
import { connectedConsole } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

const typingCalls = (calls: readonly string[]) => calls.filter((call) => call.startsWith('typing'));

describe('ComposerSupport', () => {
  it('keeps a draft per conversation', async () => {
    const { controller } = await connectedConsole();
    controller.composer.drafts.set('c1', 'half a sentence');
    expect(controller.composer.drafts.get('c1')).toBe('half a sentence');
    expect(controller.composer.drafts.get('c2')).toBeUndefined();
    controller.stop();
  });

  it('signals typing while the customer’s message is under 30 s old, at most once per 15 s', async () => {
    const { controller, calls, settle } = await connectedConsole(
      conversation('c1', 1, { lastCustomerMessageAt: Date.now() + 1000 }),
    );
    controller.composer.agentTyping('c1');
    controller.composer.agentTyping('c1');
    expect(typingCalls(calls)).toEqual(['typing c1']);
    await vi.advanceTimersByTimeAsync(15_000);
    controller.composer.agentTyping('c1');
    expect(typingCalls(calls)).toHaveLength(2);
    // 31 s after the customer wrote.
    await vi.advanceTimersByTimeAsync(16_000);
    controller.composer.agentTyping('c1');
    expect(typingCalls(calls)).toHaveLength(2);
    await settle();
    controller.stop();
  });

  it('signals nothing for a closed conversation or one it does not hold', async () => {
    const { controller, calls } = await connectedConsole(
      conversation('c1', 1, { state: 'closed', lastCustomerMessageAt: Date.now() }),
    );
    controller.composer.agentTyping('c1');
    controller.composer.agentTyping('elsewhere');
    expect(typingCalls(calls)).toEqual([]);
    controller.stop();
  });

  it('lets a refused typing signal pass unnoticed', async () => {
    const { controller, calls, typing, settle } = await connectedConsole(
      conversation('c1', 1, { lastCustomerMessageAt: Date.now() }),
    );
    typing.refusal = new NetworkError('offline');
    controller.composer.agentTyping('c1');
    await settle();
    expect(typingCalls(calls)).toEqual(['typing c1']);
    controller.stop();
  });

  it('uploads a picture with its type, and says what is wrong with one it cannot take', async () => {
    const { controller, calls, upload } = await connectedConsole();
    const png = new Blob([new Uint8Array(10)], { type: 'image/png' });
    expect(await controller.composer.uploadImage(png)).toMatchObject({ storageKey: 'media/1', size: 10 });
    expect(calls.at(-1)).toBe('upload image/png 10');
    await expect(controller.composer.uploadImage(new Blob([new Uint8Array(10)]))).resolves.toBeDefined();
    expect(calls.at(-1)).toBe('upload application/octet-stream 10');

    await expect(controller.composer.uploadImage(new Blob([], { type: 'image/png' }))).rejects.toThrow(
      'The picture is empty.',
    );
    await expect(
      controller.composer.uploadImage(new Blob([new Uint8Array(10)], { type: 'application/pdf' })),
    ).rejects.toThrow('Only JPEG, PNG and GIF pictures can be sent.');
    expect(calls.filter((call) => call.startsWith('upload'))).toHaveLength(2);

    upload.failure = new NetworkError('offline');
    await expect(controller.composer.uploadImage(png)).rejects.toThrow(
      'The picture could not be uploaded. Cannot reach the server. Check your connection and try again.',
    );
    const aborted = new AbortedError();
    upload.failure = aborted;
    await expect(controller.composer.uploadImage(png)).rejects.toBe(aborted);
    controller.stop();
  });
});
