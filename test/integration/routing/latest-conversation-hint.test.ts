import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type InboundMessageInput,
  recordInboundMessage,
} from '../../../shared/conversations/inbound-recorder.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { noteLatestConversation } from '../../../shared/store/latest-conversations.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { servedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/**
 * The callback remembers each customer's latest conversation to skip reading the customer's item. A
 * memory out of date, as another instance's would be after the customer's conversation closed and a
 * new one opened there, must not put a message into the closed conversation. The workflow is called
 * here in the test's own process, whose memory the test sets.
 */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

function textFrom(workspaceId: string, appId: string, openId: string, text: string): InboundMessageInput {
  return {
    workspaceId,
    appId,
    openId,
    dedupeKey: crypto.randomUUID(),
    content: { type: 'text', text },
    wechatCreateTime: Math.floor(Date.now() / 1000),
    opens: true,
    queueFor: async () => 'default',
  };
}

const noAgents = async () => [];

describe("the callback's memory of each customer's latest conversation", () => {
  it('puts a message into the open conversation when it remembers a closed one', async () => {
    const served = await servedConversation(system);
    const { app, agent, customer, socket } = served;
    const closedId = served.conversation.conversationId;
    const closed = await system.request(agent.token, 'POST', `/api/conversations/${closedId}/close`);
    expect(closed.status).toBe(200);
    await customer.say('我又来了');
    const isNewConversation = (
      frame: ServerFrame,
    ): frame is Extract<ServerFrame, { type: 'message.created' }> =>
      isMessageCreated(frame) && frame.conversation.conversationId !== closedId;
    const { conversation: open } = await socket.next(isNewConversation);

    noteLatestConversation(app.appId, customer.openId, closedId);
    const recorded = await recordInboundMessage(
      textFrom(app.workspaceId, app.appId, customer.openId, '还在吗'),
      noAgents,
    );
    expect(recorded).toMatchObject({
      outcome: 'stored',
      message: { conversationId: open.conversationId },
    });
    await socket.close();
  });

  it('puts a message into the open conversation it remembers, once however often it is delivered', async () => {
    const served = await servedConversation(system);
    const { app, customer, socket, conversation } = served;
    noteLatestConversation(app.appId, customer.openId, conversation.conversationId);
    const input = textFrom(app.workspaceId, app.appId, customer.openId, '发货了吗');
    const [first, second] = await Promise.all([
      recordInboundMessage(input, noAgents),
      recordInboundMessage(input, noAgents),
    ]);
    const outcomes = [first.outcome, second.outcome].sort();
    expect(outcomes[0]).toBe('duplicate');
    expect(outcomes[1]).toMatch(/^(stored|completed)$/);
    const stored = first.outcome === 'duplicate' ? second : first;
    expect(stored).toMatchObject({ message: { conversationId: conversation.conversationId } });
    await socket.close();
  });
});
