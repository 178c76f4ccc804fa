/**
 * Answers left on their way: the stream record of an answer is lost (as when the stream trigger
 * gave up on it and nothing redrove it), or a dispatcher died between starting a send and recording
 * its outcome. Housekeeping's sweep (every minute) resolves both once they are two minutes old; the
 * test runs it with a clock three minutes ahead instead of waiting.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepHouse } from '../../../shared/conversations/housekeeping.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { unconfirmedSend } from '../../../shared/outbound/sweep-undelivered.ts';
import { getMessage, transitionStatus } from '../../../shared/store/messages-repository.ts';
import { dispatchFaults, textOf } from '../../fixtures/reliability/faults.ts';
import { isStatus, type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import { manifestWithFaultyDispatch } from './helpers.ts';

let system: TestSystem;
/** Texts whose INSERT record the consumer loses. */
const lost = new Set<string>();

beforeAll(async () => {
  system = await startSystem({ manifest: manifestWithFaultyDispatch() });
  dispatchFaults().beforeRecord = async (record) =>
    record.eventName === 'INSERT' && lost.has(textOf(record) ?? '') ? 'skip' : undefined;
});

afterAll(async () => {
  dispatchFaults().beforeRecord = undefined;
  await system?.stop();
});

const inAMoment = () => Date.now() + 3 * 60_000;

/** An agent's answer whose stream record the consumer loses: it stays `pending`. */
async function lostAnswer(served: ServedConversation, text: string): Promise<Message> {
  lost.add(text);
  const response = await served.send({ type: 'text', text }, randomUUID());
  expect(response.status).toBe(201);
  const { message } = (await response.json()) as { message: Message };
  await eventually(() => expect(dispatchFaults().skipped.map(textOf)).toContain(text));
  expect((await getMessage(message.conversationId, message.messageId))?.status).toBe('pending');
  return message;
}

describe('the sweep of answers left on their way', () => {
  it('hands an answer left pending to delivery again: it reaches the customer once', async () => {
    const served = await servedConversation(system);
    const message = await lostAnswer(served, 'lost while pending');
    const sendsBefore = system.simulator.calls('custom_send');

    const swept = await keepHouse(inAMoment());
    expect(swept.redelivered).toBeGreaterThanOrEqual(1);
    await served.socket.seen(isStatus('sent', message.messageId));
    expect((await served.customer.nextReceived()).text).toBe('lost while pending');
    expect(system.simulator.calls('custom_send') - sendsBefore).toBe(1);

    // Swept again: nothing left to do for it.
    await keepHouse(inAMoment());
    expect(served.customer.inbox.filter((received) => received.text === 'lost while pending')).toHaveLength(
      1,
    );
  });

  it('marks an answer left sending failed, with a sentence, and does not send it again', async () => {
    const served = await servedConversation(system);
    const message = await lostAnswer(served, 'lost while sending');
    // A dispatcher began the send, and died before recording what WeChat said.
    expect(await transitionStatus(message, 'pending', 'sending')).toBe(true);
    const sendsBefore = system.simulator.calls('custom_send');

    // Not yet: a send may take a while.
    await keepHouse(Date.now());
    expect((await getMessage(message.conversationId, message.messageId))?.status).toBe('sending');

    const swept = await keepHouse(inAMoment());
    expect(swept.abandoned).toBeGreaterThanOrEqual(1);
    const failed = await served.socket.seen(isStatus('failed', message.messageId));
    expect(failed.message.failure).toEqual(unconfirmedSend);
    expect(failed.message.failure?.reason).toMatch(/may or may not have reached the customer/);
    expect(system.simulator.calls('custom_send') - sendsBefore).toBe(0);
    expect(served.customer.inbox).toHaveLength(0);
  });

  it('leaves nothing pending or sending after a sweep', async () => {
    const served = await servedConversation(system);
    await lostAnswer(served, 'another lost one');
    await keepHouse(inAMoment());
    const { body } = await system.request<{ messages: Message[] }>(
      served.agent.token,
      'GET',
      `/api/conversations/${served.conversation.conversationId}/messages`,
    );
    const outbound = body.messages.filter((stored) => stored.direction === 'outbound');
    expect(outbound.length).toBeGreaterThan(0);
    for (const stored of outbound) expect(['sent', 'failed']).toContain(stored.status);
    // The index attributes stay inside the store.
    for (const stored of body.messages) expect(Object.keys(stored)).not.toContain('undelivered');
  });
});
