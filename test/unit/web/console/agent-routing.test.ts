import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { closeGate, consoleUnderTest } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('AgentRouting', () => {
  it('shows a change at once, and an older /api/me answer cannot undo it', async () => {
    const { controller, sockets, meGate, state, settle } = consoleUnderTest();
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    expect(state().routing?.status).toBe('online');

    const release = closeGate(meGate);
    const staleRead = controller.routing.refresh();
    expect(await controller.routing.changeStatus('away')).toBeUndefined();
    expect(state().routing?.status).toBe('away');
    release();
    await staleRead;
    expect(state().routing?.status).toBe('away');
    controller.stop();
  });

  it('returns the refusal in words and keeps the status it had', async () => {
    const { controller, sockets, state, settle } = consoleUnderTest();
    controller.start();
    sockets[0]?.onOpen();
    await settle();
    expect(await controller.routing.changeStatus('offline')).toBe('You cannot go offline now.');
    expect(state().routing?.status).toBe('online');
    controller.stop();
  });
});
