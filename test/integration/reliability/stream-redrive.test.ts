/**
 * What the stream trigger gives up on is not lost: its on-failure queue gets the batch's place in
 * the stream (shard, sequence numbers, no records), and the redrive function reads those records
 * again from the stream and dispatches them. Here the trigger gives up quickly (one retry) on a
 * record the stream consumer keeps failing; the redrive, which dispatches without the fault, brings
 * it and the record behind it to the agent, once each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatchFaults, textOf } from '../../fixtures/reliability/faults.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import {
  createdFramesById,
  isCreatedText,
  manifestWithFaultyDispatch,
  storedMessages,
  textsOf,
} from './helpers.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem({
    manifest: manifestWithFaultyDispatch((manifest) => ({
      ...manifest,
      streamTriggers: manifest.streamTriggers.map((trigger) => ({ ...trigger, retryAttempts: 1 })),
    })),
  });
});

afterAll(async () => {
  dispatchFaults().beforeRecord = undefined;
  dispatchFaults().beforeBatch = undefined;
  await system?.stop();
});

describe('the redrive of what the stream trigger gave up on', () => {
  it('reads the records again from the stream and dispatches them once', { timeout: 60_000 }, async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('hello');
    const { conversation } = await socket.next(isCreatedText('hello'));

    // The stream consumer fails on this record every time; the redrive does not go through it.
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = true;
    dispatchFaults().beforeBatch = async () => {
      if (holding) await released;
    };
    dispatchFaults().beforeRecord = async (record) => {
      if (record.eventName === 'INSERT' && textOf(record) === 'needs a redrive') throw new Error('injected');
    };
    await customer.say('held');
    await customer.say('needs a redrive');
    await customer.say('behind it');
    holding = false;
    release();

    for (const text of ['held', 'needs a redrive', 'behind it'])
      await socket.seen(isCreatedText(text), 45_000);
    const letter = system.runtime.deadLetters.find((candidate) =>
      candidate.records.some((record) => textOf(record) === 'needs a redrive'),
    );
    expect(letter?.requestContext.condition).toBe('RetryAttemptsExhausted');
    const queue = system.runtime.failureQueues.get('dispatch');
    await eventually(() => expect(queue?.messages).toHaveLength(0));
    expect(queue?.parked).toHaveLength(0);

    await customer.say('marker');
    await socket.seen(isCreatedText('marker'), 30_000);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    const stored = await storedMessages(system, agent.token, conversation.conversationId);
    expect(textsOf(stored.filter((message) => message.direction === 'inbound'))).toEqual([
      'hello',
      'held',
      'needs a redrive',
      'behind it',
      'marker',
    ]);
  });
});
