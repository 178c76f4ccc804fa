import { describe, expect, it } from 'vitest';
import { handleInKeyOrder } from '../../../shared/realtime/handle-in-key-order.ts';

interface Item {
  key: string;
  name: string;
}

const item = (key: string, name: string): Item => ({ key, name });

/** A handler whose calls finish only when the test says so, recording what started when. */
function controlledHandler() {
  const started: string[] = [];
  const finishers = new Map<string, { resolve: () => void; reject: (error: Error) => void }>();
  const waiters: (() => void)[] = [];
  const handle = (record: Item) =>
    new Promise<void>((resolve, reject) => {
      started.push(record.name);
      finishers.set(record.name, { resolve, reject });
      for (const wake of waiters.splice(0)) wake();
    });
  /** Resolves once `name` has started. */
  const whenStarted = (name: string): Promise<void> =>
    started.includes(name)
      ? Promise.resolve()
      : new Promise((resolve) => waiters.push(() => resolve(whenStarted(name))));
  const finish = (name: string, error?: Error) => {
    const finisher = finishers.get(name);
    if (!finisher) throw new Error(`${name} has not started`);
    if (error) finisher.reject(error);
    else finisher.resolve();
  };
  return { started, handle, whenStarted, finish };
}

describe('handleInKeyOrder', () => {
  it('handles different keys at once and one key in order', async () => {
    const handler = controlledHandler();
    const done = handleInKeyOrder(
      [item('a', 'a1'), item('b', 'b1'), item('a', 'a2')],
      (record) => record.key,
      handler.handle,
      () => {},
    );
    await handler.whenStarted('b1');
    // b1 runs while a1 is still busy; a2 waits for a1.
    expect(handler.started).toEqual(['a1', 'b1']);
    handler.finish('b1');
    handler.finish('a1');
    await handler.whenStarted('a2');
    handler.finish('a2');
    expect(await done).toBeUndefined();
    expect(handler.started).toEqual(['a1', 'b1', 'a2']);
  });

  it('stops a failed key, lets the others finish, and names the earliest failure', async () => {
    const handler = controlledHandler();
    const failures: string[] = [];
    const records = [item('a', 'a1'), item('b', 'b1'), item('a', 'a2'), item('b', 'b2'), item('c', 'c1')];
    const done = handleInKeyOrder(
      records,
      (record) => record.key,
      handler.handle,
      (record, error) => failures.push(`${record.name}: ${(error as Error).message}`),
    );
    await handler.whenStarted('c1');
    handler.finish('b1');
    await handler.whenStarted('b2');
    handler.finish('b2', new Error('gone wrong'));
    handler.finish('a1', new Error('first'));
    handler.finish('c1');
    expect(await done).toBe(0);
    expect(handler.started).not.toContain('a2');
    expect(failures.sort()).toEqual(['a1: first', 'b2: gone wrong']);
  });

  it('names a later failure when the earlier records succeeded', async () => {
    const handled: string[] = [];
    const failed = await handleInKeyOrder(
      [item('a', 'a1'), item('b', 'b1'), item('b', 'b2')],
      (record) => record.key,
      async (record) => {
        handled.push(record.name);
        if (record.name === 'b2') throw new Error('no');
      },
      () => {},
    );
    expect(failed).toBe(2);
    expect(handled).toEqual(['a1', 'b1', 'b2']);
  });
});
