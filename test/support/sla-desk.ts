/**
 * A queue with the SLA rule "reassign after 2 minutes": its agent `late` holds a new customer's
 * conversation, and a colleague `other` has a console open (connected after the customer was routed,
 * so that the customer went to `late`). For the tests of reassignment on the local runtime.
 */
import { expect } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { ResponseTargets } from '../../shared/domain/sla.ts';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { type AgentSocket, isMessageCreated } from './agent-socket.ts';
import type { TestAgent, TestApp, TestSystem } from './system.ts';

export interface SlaDesk {
  app: TestApp;
  owner: TestAgent;
  customer: SimulatedCustomer;
  late: TestAgent;
  lateSocket: AgentSocket;
  other: TestAgent;
  otherSocket: AgentSocket;
  conversation: Conversation;
}

export async function deskWithWaitingCustomer(
  system: TestSystem,
  responseTargets: ResponseTargets = { reassignAfterMinutes: 2 },
): Promise<SlaDesk> {
  const app = await system.addApp({ format: 'json' });
  const owner = await system.addAgent([app.appId], { role: 'owner' });
  const saved = await system.request(owner.token, 'PUT', `/api/admin/queues/${app.appId}/default`, {
    responseTargets,
  });
  expect(saved.status).toBe(200);
  const late = await system.addAgent([app.appId]);
  const other = await system.addAgent([app.appId]);
  const lateSocket = await system.connect(late.token);
  const customer = system.simulator.customer(app.appId);
  await customer.say('在吗？我的订单还没发货');
  const { conversation } = await lateSocket.next(isMessageCreated);
  expect(conversation).toMatchObject({ assigneeId: late.agentId, unansweredSince: conversation.createdAt });
  const otherSocket = await system.connect(other.token);
  return { app, owner, customer, late, lateSocket, other, otherSocket, conversation };
}

/** The line in the thread that says the conversation was given to another agent. */
export const isReassignment =
  (conversationId: string) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
    frame.type === 'message.created' &&
    frame.message.conversationId === conversationId &&
    frame.message.content.type === 'event' &&
    frame.message.content.event === 'conversation_transferred';
