import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { queuePollMs } from '../../../../web/src/console/queue-watcher.ts';
import { waiting } from '../queue-fixtures.ts';
import { connectedConsole } from './console-harness.ts';

beforeEach(() => {
  vi.useFakeTimers();
});

afterEach(() => {
  vi.useRealTimers();
});

describe('QueueWatcher', () => {
  it('reads the queues when the panel is shown, every 15 s while it is, and stops when hidden', async () => {
    const { controller, calls, settle } = await connectedConsole();
    const queueReads = () => calls.filter((call) => call === 'queues').length;
    const atStart = queueReads();
    controller.queues.panelShown();
    await settle();
    expect(queueReads()).toBe(atStart + 1);
    await vi.advanceTimersByTimeAsync(queuePollMs * 2);
    expect(queueReads()).toBe(atStart + 3);
    controller.queues.panelHidden();
    await vi.advanceTimersByTimeAsync(queuePollMs * 2);
    expect(queueReads()).toBe(atStart + 3);
    controller.stop();
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
