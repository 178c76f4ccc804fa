/**
 * WeChat's API misbehaves while an agent's answer is sent: busy (-1), an HTTP error, no answer at
 * all, a connection cut. Each is retried a bounded number of times (four tries in all), then the
 * answer is `failed` with a sentence for the agent; nothing is left `pending` or `sending`, and the
 * sweep finds nothing more to do.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectedFailure } from '../../../infra/local/wechat-simulator/index.ts';
import { keepHouse } from '../../../shared/conversations/housekeeping.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { isStatus, servedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

/** Tries of one send: the first and three retries (shared/wechat/wechat-call.ts). */
const tries = 4;

const faults: [string, InjectedFailure, RegExp][] = [
  ['busy (-1)', { errcode: -1, errmsg: 'system error' }, /busy/i],
  ['an HTTP 503', { httpStatus: 503 }, /did not answer/],
  ['no answer', 'timeout', /did not answer/],
  ['a dropped connection', 'drop', /did not answer/],
];

describe("WeChat's API fails every try", () => {
  it.each(faults)(
    '%s: bounded retries, then failed with a reason',
    { timeout: 120_000 },
    async (_, fault, reason) => {
      const served = await servedConversation(system);
      const before = system.simulator.calls('custom_send');
      system.simulator.failNext('custom_send', fault, tries);
      const response = await served.send({ type: 'text', text: 'will not arrive' });
      const { message } = (await response.json()) as { message: Message };
      const failed = await served.socket.seen(isStatus('failed', message.messageId), 90_000);
      expect(failed.message.failure?.reason).toMatch(reason);
      expect(failed.message.failure?.reason.length).toBeGreaterThan(20);
      expect(system.simulator.calls('custom_send') - before).toBe(tries);
      expect(served.customer.inbox).toHaveLength(0);

      // Nothing stays on its way; the sweep has nothing to send again or give up on.
      const { body } = await system.request<{ messages: Message[] }>(
        served.agent.token,
        'GET',
        `/api/conversations/${served.conversation.conversationId}/messages`,
      );
      const outbound = body.messages.filter((stored) => stored.direction === 'outbound');
      expect(outbound.map((stored) => stored.status)).toEqual(['failed']);
      const callsBeforeSweep = system.simulator.calls('custom_send');
      await keepHouse(Date.now() + 3 * 60_000);
      expect(system.simulator.calls('custom_send')).toBe(callsBeforeSweep);
    },
  );

  it('one failed try is retried and the answer arrives once', { timeout: 60_000 }, async () => {
    const served = await servedConversation(system);
    system.simulator.failNext('custom_send', 'drop');
    const response = await served.send({ type: 'text', text: 'after a dropped connection' });
    const { message } = (await response.json()) as { message: Message };
    await served.socket.seen(isStatus('sent', message.messageId), 30_000);
    expect(served.customer.inbox.map((received) => received.text)).toEqual(['after a dropped connection']);
  });
});
