import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { dynamo } from '../../shared/store/client.ts';
import { conversationKey } from '../../shared/store/keys.ts';
import { type AgentSocket, isMessageCreated } from './agent-socket.ts';
import type { TestAgent, TestApp, TestSystem } from './system.ts';

/** An app, an agent with an open console, and a simulated customer whose conversation the agent serves. */
export interface ServedConversation {
  app: TestApp;
  agent: TestAgent;
  socket: AgentSocket;
  customer: SimulatedCustomer;
  conversation: Conversation;
  /** Sends as the agent over HTTP; the same clientMessageId makes it a retry of the same send. */
  send(content: unknown, clientMessageId?: string): Promise<Response>;
}

export async function servedConversation(
  system: TestSystem,
  options: Partial<TestApp> = {},
): Promise<ServedConversation> {
  const app = await system.addApp(options);
  const agent = await system.addAgent([app.appId]);
  const socket = await system.connect(agent.token);
  const customer = system.simulator.customer(app.appId);
  await customer.say('你好，我想问一下');
  const { conversation } = await socket.next(isMessageCreated);
  return {
    app,
    agent,
    socket,
    customer,
    conversation,
    send: (content, clientMessageId = randomUUID()) =>
      fetch(`${system.runtime.httpUrl}/api/conversations/${conversation.conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId, content }),
      }),
  };
}

export const isStatus =
  (status: Message['status'], messageId?: string) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'message.updated' }> =>
    frame.type === 'message.updated' &&
    frame.message.status === status &&
    (messageId === undefined || frame.message.messageId === messageId);

/** The conversation's item as stored, read consistently: what housekeeping will read. */
export async function storedConversation(
  system: TestSystem,
  conversationId: string,
): Promise<Record<string, unknown> | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({
      TableName: system.runtime.tableNames.core,
      Key: conversationKey(conversationId),
      ConsistentRead: true,
    }),
  );
  return Item;
}
