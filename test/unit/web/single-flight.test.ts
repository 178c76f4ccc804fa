import { describe, expect, it } from 'vitest';
import { singleFlight } from '../../../web/src/single-flight.ts';

/** A task whose runs the test finishes by hand. */
function controlledTask() {
  const finishers: (() => void)[] = [];
  const task = () =>
    new Promise<void>((resolve) => {
      finishers.push(resolve);
    });
  return { task, finishers };
}

describe('singleFlight', () => {
  it('runs once more after the run in progress, however often it was asked meanwhile', async () => {
    const { task, finishers } = controlledTask();
    const refresh = singleFlight(task);
    const first = refresh();
    const second = refresh();
    const third = refresh();
    expect(finishers).toHaveLength(1);
    expect(third).toBe(second);
    finishers[0]?.();
    await first;
    await Promise.resolve();
    expect(finishers).toHaveLength(2);
    finishers[1]?.();
    await second;
    refresh();
    expect(finishers).toHaveLength(3);
  });

  it('runs the follow-up even when the run before it failed', async () => {
    let runs = 0;
    let fail = true;
    const refresh = singleFlight(async () => {
      runs++;
      if (fail) {
        fail = false;
        throw new Error('read failed');
      }
    });
    const first = refresh();
    const second = refresh();
    await expect(first).rejects.toThrow('read failed');
    await second;
    expect(runs).toBe(2);
  });
});
