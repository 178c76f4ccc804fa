/**
 * The stream consumer fails on one record in the middle of a batch that holds two conversations.
 * The stream delivers the batch again from that record on, records of the other conversation
 * included; only the failed record and those after it in its own conversation may be handled again.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/message.ts';
import { dispatchFaults, textOf } from '../../fixtures/reliability/faults.ts';
import { isStatus } from '../../support/conversation-fixture.ts';
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
  system = await startSystem({ manifest: manifestWithFaultyDispatch() });
});

afterAll(async () => {
  const faults = dispatchFaults();
  faults.beforeBatch = undefined;
  faults.beforeRecord = undefined;
  await system?.stop();
});

const textsIn = (batch: readonly DynamoDBRecord[]) =>
  batch.filter((record) => record.eventName === 'INSERT').map((record) => textOf(record) ?? '');

describe('the stream consumer throws on one record in the middle of a batch', () => {
  it('retries that record and the rest of its conversation; nothing lost, no frame or send twice', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const alice = system.simulator.customer(app.appId);
    const bob = system.simulator.customer(app.appId);
    await alice.say('a0');
    const conversationA = (await socket.next(isCreatedText('a0'))).conversation.conversationId;
    await bob.say('b0');
    const conversationB = (await socket.next(isCreatedText('b0'))).conversation.conversationId;

    // Hold the consumer on its next batch, so that what follows reaches it as one batch.
    const faults = dispatchFaults();
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let holding = true;
    faults.beforeBatch = async () => {
      if (holding) await released;
    };
    let thrown = 0;
    faults.beforeRecord = async (record) => {
      if (record.eventName === 'INSERT' && textOf(record) === 'a2' && thrown++ === 0) {
        throw new Error('injected: the consumer fails on a2 once');
      }
    };
    await alice.say('a1');
    await bob.say('b1');
    await alice.say('a2');
    await bob.say('b2');
    await alice.say('a3');
    const sendsBefore = system.simulator.calls('custom_send');
    const answer = await system.request<{ message: Message }>(
      agent.token,
      'POST',
      `/api/conversations/${conversationB}/messages`,
      { clientMessageId: randomUUID(), content: { type: 'text', text: 'answer to b' } },
    );
    expect(answer.status).toBe(201);
    await bob.say('b3');
    holding = false;
    release();

    const written = ['a1', 'b1', 'a2', 'b2', 'a3', 'b3'];
    for (const text of [...written, 'answer to b']) await socket.seen(isCreatedText(text), 30_000);
    await socket.seen(isStatus('sent', answer.body.message.messageId), 30_000);
    await bob.nextReceived((received) => received.text === 'answer to b');

    // The failure happened in the middle of a batch, with both conversations after it.
    const failedBatch = faults.batches.find((batch) => textsIn(batch).includes('a2'));
    const after = textsIn(failedBatch ?? []).slice(textsIn(failedBatch ?? []).indexOf('a2') + 1);
    expect(after).toEqual(expect.arrayContaining(['a3', 'b2', 'answer to b', 'b3']));
    expect(thrown).toBeGreaterThanOrEqual(2);

    // A later message marks the end of what could still arrive.
    await alice.say('marker');
    await socket.seen(isCreatedText('marker'), 30_000);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);
    const statusFrames = socket.frames.filter(
      (frame) =>
        frame.type === 'message.updated' && frame.message.messageId === answer.body.message.messageId,
    );
    expect(statusFrames.map((frame) => (frame as { message: Message }).message.status)).toEqual([
      'sending',
      'sent',
    ]);
    expect(system.simulator.calls('custom_send') - sendsBefore).toBe(1);
    expect(bob.inbox.filter((received) => received.text === 'answer to b')).toHaveLength(1);

    const inA = textsOf(
      (await storedMessages(system, agent.token, conversationA)).filter((m) => m.direction === 'inbound'),
    );
    const inB = textsOf(
      (await storedMessages(system, agent.token, conversationB)).filter((m) => m.direction === 'inbound'),
    );
    expect(inA).toEqual(['a0', 'a1', 'a2', 'a3', 'marker']);
    expect(inB).toEqual(['b0', 'b1', 'b2', 'b3']);
  });
});
