/**
 * DynamoDB goes away under the running system and comes back: here DynamoDB Local's JVM is killed
 * while the stream consumer has records in hand, held down for longer than a few quick retries
 * would last, and restarted by the runtime on the same port and data folder.
 *
 * What must hold: callbacks during the outage are answered with a 5xx (so WeChat retries them),
 * never `success`; every customer message sent around the outage is stored once and reaches the
 * agent's socket once; the agent's answer written just before the outage ends `sent` (or `failed`
 * with a sentence), never stuck in `pending`/`sending`.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Message } from '../../../shared/domain/message.ts';
import { dispatchFaults, textOf } from '../../fixtures/reliability/faults.ts';
import { isStatus } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import {
  createdFramesById,
  customerText,
  isCreatedText,
  manifestWithFaultyDispatch,
  storedMessages,
  temporaryDataDir,
  textsOf,
} from './helpers.ts';

let system: TestSystem;
let dataDir: Awaited<ReturnType<typeof temporaryDataDir>>;
/** Resolved when the runtime has seen DynamoDB Local die; the restart waits for `endOutage`. */
let noticeDown: () => void = () => {};
let endOutage: () => void = () => {};
const lines: string[] = [];

beforeAll(async () => {
  dataDir = await temporaryDataDir();
  system = await startSystem({
    dataDir: dataDir.path,
    manifest: manifestWithFaultyDispatch(),
    log: (line) => lines.push(line),
    dynamodbSupervision: {
      restartDelayMs: 10,
      beforeRestart: () => {
        noticeDown();
        return new Promise<void>((resolve) => {
          endOutage = resolve;
        });
      },
    },
  });
});

afterAll(async () => {
  const faults = dispatchFaults();
  faults.beforeBatch = undefined;
  faults.beforeRecord = undefined;
  endOutage();
  (await import('node:fs')).writeFileSync('/tmp/outage.log', lines.join('\n'));
  await system?.stop();
  await dataDir?.remove();
});

describe('DynamoDB unavailable for a while', () => {
  it('loses, repeats and strands nothing: 5xx meanwhile, then everything once', {
    timeout: 180_000,
  }, async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('hello');
    const { conversation } = await socket.next(isCreatedText('hello'));
    const conversationId = conversation.conversationId;

    // The consumer is held while the answer and three customer messages are stored, so that they
    // are all in its hands when DynamoDB dies: it kills DynamoDB Local before the first of them.
    const faults = dispatchFaults();
    let releaseConsumer: () => void = () => {};
    const consumerHeld = new Promise<void>((resolve) => {
      releaseConsumer = resolve;
    });
    const down = new Promise<void>((resolve) => {
      noticeDown = resolve;
    });
    const inFlight = new Set(['answer before the outage', 'before 1', 'before 2', 'before 3']);
    let killedAt: number | undefined;
    faults.beforeBatch = async (records) => {
      if (records.some((record) => inFlight.has(textOf(record) ?? ''))) await consumerHeld;
    };
    faults.beforeRecord = async (record) => {
      if (killedAt !== undefined || !inFlight.has(textOf(record) ?? '')) return;
      killedAt = faults.failures.length;
      process.kill(system.runtime.dynamodbPid, 'SIGKILL');
      await down;
    };

    const sendsBefore = system.simulator.calls('custom_send');
    const answered = await system.request<{ message: Message }>(
      agent.token,
      'POST',
      `/api/conversations/${conversationId}/messages`,
      { clientMessageId: randomUUID(), content: { type: 'text', text: 'answer before the outage' } },
    );
    expect(answered.status).toBe(201);
    const answer = answered.body.message;
    for (const text of ['before 1', 'before 2', 'before 3']) {
      expect((await customerText(system, app, customer.openId, text).post()).status).toBe(200);
    }
    releaseConsumer();
    await down;

    // During the outage: a callback is refused with a 5xx, so that WeChat sends it again.
    const during = customerText(system, app, customer.openId, 'during the outage');
    const refused = await during.post();
    expect(refused.status).toBeGreaterThanOrEqual(500);
    expect(await refused.text()).not.toBe('success');
    // The outage outlasts more failed deliveries than the five quick retries that used to give up
    // (or ends as soon as the stream trigger gives up on a record).
    await eventually(
      () =>
        expect(faults.failures.length - (killedAt ?? 0) >= 8 || system.runtime.deadLetters.length > 0).toBe(
          true,
        ),
      { timeoutMs: 120_000, intervalMs: 100 },
    );
    const pidBefore = system.runtime.dynamodbPid;
    endOutage();

    // WeChat retries the refused callback until it is answered.
    await eventually(async () => expect((await during.post()).status).toBe(200), {
      timeoutMs: 60_000,
      intervalMs: 200,
    });
    expect(system.runtime.dynamodbPid).not.toBe(pidBefore);
    expect((await customerText(system, app, customer.openId, 'after the outage').post()).status).toBe(200);

    const texts = ['hello', 'before 1', 'before 2', 'before 3', 'during the outage', 'after the outage'];
    // Every message reaches the agent's socket, and each once.
    for (const text of texts) await socket.seen(isCreatedText(text), 60_000);
    const answerSettled = await socket.seen(
      (frame): frame is Extract<typeof frame, { type: 'message.updated' }> =>
        isStatus('sent', answer.messageId)(frame) || isStatus('failed', answer.messageId)(frame),
      60_000,
    );
    if (answerSettled.message.status === 'failed') expect(answerSettled.message.failure?.reason).toBeTruthy();
    await customer.say('marker');
    await socket.seen(isCreatedText('marker'), 30_000);
    for (const [messageId, count] of createdFramesById(socket)) expect(count, messageId).toBe(1);

    // Stored once each, in the order written; the answer is no longer on its way.
    const stored = await storedMessages(system, agent.token, conversationId);
    expect(textsOf(stored.filter((message) => message.direction === 'inbound'))).toEqual([
      ...texts,
      'marker',
    ]);
    const storedAnswer = stored.find((message) => message.messageId === answer.messageId);
    expect(['sent', 'failed']).toContain(storedAnswer?.status);
    // WeChat got the answer at most once, and the customer has it if it was sent.
    expect(system.simulator.calls('custom_send') - sendsBefore).toBeLessThanOrEqual(1);
    const received = customer.inbox.filter((message) => message.text === 'answer before the outage');
    expect(received).toHaveLength(storedAnswer?.status === 'sent' ? 1 : 0);
    expect(lines.some((line) => line.includes('DynamoDB Local restarted'))).toBe(true);
  });
});
