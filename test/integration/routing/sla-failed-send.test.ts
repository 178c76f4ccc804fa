import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepHouse } from '../../../shared/conversations/housekeeping.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { postponeDue } from '../../../shared/store/due-repository.ts';
import { getMessage } from '../../../shared/store/messages-repository.ts';
import { isStatus, storedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { deskWithWaitingCustomer, isReassignment, type SlaDesk } from '../../support/sla-desk.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/**
 * The queue's SLA rule when the agent's answer never reached the customer: WeChat refused it for
 * good after it was recorded, so the customer's wait counts again, from their oldest message that
 * still has no answer, unless a later answer of the agent's was recorded meanwhile. Housekeeping is
 * run with a chosen clock instead of waiting minutes.
 */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const minute = 60_000;
const refusal = { errcode: 45047, errmsg: 'out of response count limit' };
const busy = { errcode: -1, errmsg: 'system error' };

async function answer(desk: SlaDesk, text: string): Promise<Message> {
  const reply = await system.request<{ message: Message }>(
    desk.late.token,
    'POST',
    `/api/conversations/${desk.conversation.conversationId}/messages`,
    { clientMessageId: crypto.randomUUID(), content: { type: 'text', text } },
  );
  expect(reply.status).toBe(201);
  return reply.body.message;
}

/** Still on its way to WeChat: what was written since was written before its outcome. */
async function expectUnderway(message: Message): Promise<void> {
  const now = await getMessage(message.conversationId, message.messageId);
  expect(['pending', 'sending']).toContain(now?.status);
}

async function closeSockets(desk: SlaDesk): Promise<void> {
  await Promise.all([desk.lateSocket.close(), desk.otherSocket.close()]);
}

describe('an answer WeChat refused for good', () => {
  it('leaves the customer waiting since their message, and the conversation moves when the minutes are up', async () => {
    const desk = await deskWithWaitingCustomer(system);
    const { conversation, late, other } = desk;
    const since = conversation.createdAt;
    // What a housekeeping run a minute in files while the answer stands (recorded, not yet refused):
    // nothing waits, so look again in the rule's 2 minutes.
    await postponeDue(conversation.conversationId, since + 3 * minute);

    system.simulator.failNext('custom_send', refusal);
    const refused = await answer(desk, '您好，马上为您查询');
    await desk.lateSocket.next(isStatus('failed', refused.messageId));
    // The agent's console is told the customer waits again, and since when.
    const waitBack = await desk.lateSocket.next(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        frame.type === 'conversation.updated' &&
        frame.conversation.conversationId === conversation.conversationId,
    );
    expect(waitBack.conversation.unansweredSince).toBe(since);
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      unansweredSince: since,
    });

    const due = since + 2 * minute + 1_000;
    expect((await keepHouse(due)).reassigned).toBe(1);
    const arrived = await desk.otherSocket.next(isReassignment(conversation.conversationId));
    expect(arrived.message).toMatchObject({
      content: { detail: { from: late.agentId, to: other.agentId, reason: 'unanswered' } },
    });
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      assigneeId: other.agentId,
      unansweredSince: since,
    });
    await closeSockets(desk);
  });

  it('does not bring the wait back once a later answer was recorded', async () => {
    const desk = await deskWithWaitingCustomer(system);
    const { conversation, late } = desk;
    const since = conversation.createdAt;
    // WeChat busy twice before refusing: the second answer is recorded while the first is still tried.
    system.simulator.failNext('custom_send', busy, 2);
    system.simulator.failNext('custom_send', refusal);
    const refused = await answer(desk, '您好，马上为您查询');
    const delivered = await answer(desk, '已为您催促仓库发货');
    await expectUnderway(refused);

    await desk.lateSocket.next(isStatus('failed', refused.messageId));
    // Delivered one after the other: the second is sent once the first's failure is handled.
    await desk.lateSocket.next(isStatus('sent', delivered.messageId));
    expect(await storedConversation(system, conversation.conversationId)).not.toHaveProperty(
      'unansweredSince',
    );
    expect((await keepHouse(since + 2 * minute + 1_000)).reassigned).toBe(0);
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      assigneeId: late.agentId,
    });
    await closeSockets(desk);
  });

  it("brings back the customer's oldest unanswered message when they wrote again meanwhile", async () => {
    const desk = await deskWithWaitingCustomer(system);
    const { customer, conversation, other } = desk;
    const since = conversation.createdAt;
    system.simulator.failNext('custom_send', busy, 2);
    system.simulator.failNext('custom_send', refusal);
    const refused = await answer(desk, '您好，马上为您查询');
    await customer.say('还在吗？');
    await expectUnderway(refused);
    const again = await storedConversation(system, conversation.conversationId);
    expect(again?.unansweredSince).toBeGreaterThan(since);

    await desk.lateSocket.next(isStatus('failed', refused.messageId));
    await eventually(async () =>
      expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
        unansweredSince: since,
      }),
    );
    // Due from the first message, before the customer's second one would make it due.
    expect((await keepHouse(since + 2 * minute)).reassigned).toBe(1);
    expect(await storedConversation(system, conversation.conversationId)).toMatchObject({
      assigneeId: other.agentId,
    });
    await closeSockets(desk);
  });
});
