import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openPanelPollMs, queuePollMs } from '../../../../web/src/console/queue-watcher.ts';
import { waiting } from '../queue-fixtures.ts';
import { connectedConsole } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('QueueWatcher', () => {
  it('reads the queues every 20 s while signed in, at once and every 15 s while the panel is shown', async () => {
    const { controller, calls, settle } = await connectedConsole();
    const queueReads = () => calls.filter((call) => call === 'queues').length;
    const atStart = queueReads();
    await vi.advanceTimersByTimeAsync(queuePollMs * 2);
    expect(queueReads()).toBe(atStart + 2);
    controller.queues.panelShown();
    await settle();
    expect(queueReads()).toBe(atStart + 3);
    await vi.advanceTimersByTimeAsync(openPanelPollMs * 2);
    expect(queueReads()).toBe(atStart + 5);
    controller.queues.panelHidden();
    await vi.advanceTimersByTimeAsync(queuePollMs);
    expect(queueReads()).toBe(atStart + 6);
    controller.stop();
    await vi.advanceTimersByTimeAsync(queuePollMs * 2);
    expect(queueReads()).toBe(atStart + 6);
  });

  it('keeps the queue read in the state, with when it arrived', async () => {
    const { controller, queues, state, settle } = await connectedConsole();
    queues[0]?.waiting.push(waiting(5, 2), waiting(4, 1));
    controller.queues.panelShown();
    await settle();
    const board = state().queueBoard;
    expect(board.loaded).toBe(true);
    expect(board.queues[0]?.waiting.map((entry) => entry.position)).toEqual([2, 1]);
    expect(board.receivedAt).toBeGreaterThan(0);
    controller.stop();
  });
});
