import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { newId } from '../../../shared/domain/ids.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { servedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

function close(conversationId: string, token: string) {
  return fetch(`${system.runtime.httpUrl}/api/conversations/${conversationId}/close`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
}

describe('closing a conversation', () => {
  it('closes it for the agent, keeps the change in the history, and the next message opens a new one', async () => {
    const served = await servedConversation(system);
    const { conversationId } = served.conversation;
    const response = await close(conversationId, served.agent.token);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { conversation: Conversation }).conversation.state).toBe('closed');
    const updated = await served.socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        frame.type === 'conversation.updated',
    );
    expect(updated.conversation).toMatchObject({ conversationId, state: 'closed' });

    const reply = await served.send({ type: 'text', text: 'too late' });
    expect(reply.status).toBe(409);
    expect((await close(conversationId, served.agent.token)).status).toBe(409);

    await served.customer.say('我又来了');
    const next = await served.socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) && frame.message.direction === 'inbound',
    );
    expect(next.conversation.conversationId).not.toBe(conversationId);
    expect(next.conversation).toMatchObject({ state: 'active', assigneeId: served.agent.agentId });

    const history = await system.api(`/api/conversations/${conversationId}/messages`, served.agent.token);
    const { messages } = (await history.json()) as { messages: { direction: string; content: unknown }[] };
    expect(messages.at(-1)).toMatchObject({
      direction: 'internal',
      content: { type: 'event', event: 'conversation_closed', detail: { by: served.agent.agentId } },
    });
  });

  it("cannot be done by another agent, or to another workspace's conversation", async () => {
    const served = await servedConversation(system);
    const colleague = await system.addAgent([served.app.appId]);
    expect((await close(served.conversation.conversationId, colleague.token)).status).toBe(409);
    const elsewhere = await system.addApp({ workspaceId: 'elsewhere' });
    const stranger = await system.addAgent([elsewhere.appId]);
    expect((await close(served.conversation.conversationId, stranger.token)).status).toBe(404);
    expect((await close(newId(), served.agent.token)).status).toBe(404);
    expect((await close(randomUUID(), served.agent.token)).status).toBe(400);
  });
});
