/**
 * WeChat is another machine: a push is sent the moment WeChat has it, however busy the receiving
 * system is. The simulator shares its process with the local system, and a crowd of callbacks keeps
 * that process busy for seconds at a time; its pushes must still go out at once, to wait in the
 * system's socket until it reads them, or the scale bench counts as lost what no real WeChat loses.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ callbackTimeoutMs: 1000, maxCallbackAttempts: 1 });
});

afterAll(async () => {
  await h?.stop();
});

/** Holds this thread, and so the event loop shared by the simulator's customers and the platform. */
function holdEventLoop(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

it('a push made while the process is busy past its deadline still reaches the platform', async () => {
  const app = h.addApp();
  const customer = h.sim.customer(app.appId);

  // From the check phase, with no turn of the loop between the push and the hold: the loop's next
  // phase is then its timers, as for a push made while a crowd's callbacks fill the loop.
  await new Promise((resolve) => setImmediate(resolve));
  const delivered = customer.say('在吗？');
  while (!customer.lastDelivery) await Promise.resolve();
  holdEventLoop(1500);
  const delivery = await delivered;

  // WeChat gave up on its only attempt: the platform was too busy to answer within the deadline…
  expect(delivery.acknowledged).toBe(false);
  expect(delivery.attempts).toEqual([{ error: 'no answer within 1000 ms', ms: expect.any(Number) }]);
  // …but the push was sent, and the platform read it once it could.
  await vi.waitFor(() => expect(h.platform.received(app.appId)).toHaveLength(1));
  expect(h.platform.received(app.appId)[0]?.opened?.message).toMatchObject({
    kind: 'text',
    content: '在吗？',
  });
});
