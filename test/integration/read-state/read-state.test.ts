import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadCursor } from '../../../shared/domain/read-cursor.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getAgentLoads } from '../../../shared/store/agent-load-repository.ts';
import { listAgentConnectionIds, saveConnection } from '../../../shared/store/connections-repository.ts';
import { type AgentSocket, isMessageCreated } from '../../support/agent-socket.ts';
import { type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/** Read state is kept by the server per agent and conversation, and reaches every console of the agent. */

let system: TestSystem;
let served: ServedConversation;
/** A second console of the same agent: another sign-in, as on another device. */
let otherDevice: AgentSocket;
let otherToken: string;
let firstMessage: string;

const isReadUpdated =
  (check: (cursor: ReadCursor) => boolean) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'read.updated' }> =>
    frame.type === 'read.updated' && check(frame.cursor);

const readPath = () => `/api/conversations/${served.conversation.conversationId}/read`;

beforeAll(async () => {
  system = await startSystem();
  served = await servedConversation(system);
  firstMessage = served.conversation.lastMessageId;
  const response = await system.login(served.agent.username, served.agent.password);
  otherToken = ((await response.json()) as { token: string }).token;
  otherDevice = await system.connect(otherToken);
});

afterAll(async () => {
  await served?.socket.close();
  await otherDevice?.close();
  await system?.stop();
});

describe('reading a conversation', () => {
  it("is told to the agent's other consoles and kept for the next one", async () => {
    const answer = await system.request<{ cursor: ReadCursor }>(served.agent.token, 'PUT', readPath(), {
      through: firstMessage,
    });
    expect(answer.status).toBe(200);
    expect(answer.body.cursor).toMatchObject({
      conversationId: served.conversation.conversationId,
      readThrough: firstMessage,
      markedUnread: false,
    });
    const told = await otherDevice.next(isReadUpdated((cursor) => cursor.readThrough === firstMessage));
    expect(told.cursor.conversationId).toBe(served.conversation.conversationId);
    await served.socket.next(isReadUpdated((cursor) => cursor.readThrough === firstMessage));

    const kept = await system.request<{ cursors: ReadCursor[] }>(otherToken, 'GET', '/api/read-cursors');
    expect(kept.status).toBe(200);
    expect(kept.body.cursors).toEqual([answer.body.cursor]);
  });

  it('never moves the cursor back: an older message read in a late tab changes nothing', async () => {
    await served.customer.say('还有一个问题');
    const { message } = await served.socket.next(isMessageCreated);
    const further = await system.request<{ cursor: ReadCursor }>(served.agent.token, 'PUT', readPath(), {
      through: message.messageId,
    });
    expect(further.body.cursor.readThrough).toBe(message.messageId);

    const late = await system.request<{ cursor?: ReadCursor }>(otherToken, 'PUT', readPath(), {
      through: firstMessage,
    });
    expect(late).toEqual({ status: 200, body: {} });
    const kept = await system.request<{ cursors: ReadCursor[] }>(otherToken, 'GET', '/api/read-cursors');
    expect(kept.body.cursors[0]?.readThrough).toBe(message.messageId);
  });

  it('can be undone with "mark as unread" until the agent reads the thread again', async () => {
    const marked = await system.request<{ cursor: ReadCursor }>(otherToken, 'DELETE', readPath());
    expect(marked.status).toBe(200);
    expect(marked.body.cursor.markedUnread).toBe(true);
    await served.socket.next(isReadUpdated((cursor) => cursor.markedUnread));

    const through = marked.body.cursor.readThrough as string;
    const readAgain = await system.request<{ cursor: ReadCursor }>(served.agent.token, 'PUT', readPath(), {
      through,
    });
    expect(readAgain.body.cursor).toMatchObject({ readThrough: through, markedUnread: false });
    await otherDevice.next(isReadUpdated((cursor) => !cursor.markedUnread && cursor.readThrough === through));
  });
});

describe('read state is refused', () => {
  it('with 400 and a sentence for a malformed id or body, and 404 for an unknown conversation', async () => {
    const { token } = served.agent;
    const malformed = await system.request<{ error: { message: string } }>(
      token,
      'PUT',
      '/api/conversations/nope/read',
      {
        through: firstMessage,
      },
    );
    expect(malformed.status).toBe(400);
    const badBody = await system.request<{ error: { details: { path: string; message: string }[] } }>(
      token,
      'PUT',
      readPath(),
      {
        through: 'x',
      },
    );
    expect(badBody.status).toBe(400);
    expect(badBody.body.error.details.map((issue) => issue.path)).toEqual(['through']);
    const unknown = await system.request(token, 'PUT', `/api/conversations/${'0'.repeat(26)}/read`, {
      through: firstMessage,
    });
    expect(unknown.status).toBe(404);
  });

  it('to agents who may not read the conversation, and nothing is written for them', async () => {
    const elsewhere = await system.addApp({ workspaceId: 'another-workspace' });
    const stranger = await system.addAgent([elsewhere.appId], { role: 'admin' });
    const otherApp = await system.addApp();
    const colleagueOfAnotherApp = await system.addAgent([otherApp.appId]);
    for (const [token, status] of [
      [stranger.token, 404],
      [colleagueOfAnotherApp.token, 403],
    ] as const) {
      expect((await system.request(token, 'PUT', readPath(), { through: firstMessage })).status).toBe(status);
      expect((await system.request(token, 'DELETE', readPath())).status).toBe(status);
      const cursors = await system.request<{ cursors: ReadCursor[] }>(token, 'GET', '/api/read-cursors');
      expect(cursors.body.cursors).toEqual([]);
    }
  });
});

describe('a console found gone while read state is told', () => {
  it("is forgotten, and with the agent's last console their presence ends", async () => {
    const lone = await servedConversation(system);
    // A socket opened a minute ago that vanished without `$disconnect`: its row is left, API Gateway
    // no longer knows it.
    await saveConnection({
      connectionId: 'vanishedConsole00=',
      agentId: lone.agent.agentId,
      workspaceId: lone.app.workspaceId,
      sessionId: 'vanished-session',
      connectedAt: Date.now() - 60_000,
    });
    await lone.socket.close();
    await eventually(async () =>
      expect(await listAgentConnectionIds(lone.agent.agentId)).toEqual(['vanishedConsole00=']),
    );
    const [present] = await getAgentLoads([lone.agent.agentId]);
    expect(present?.presentUntil).toBeGreaterThan(Date.now());

    const answer = await system.request(
      lone.agent.token,
      'PUT',
      `/api/conversations/${lone.conversation.conversationId}/read`,
      { through: lone.conversation.lastMessageId },
    );
    expect(answer.status).toBe(200);
    expect(await listAgentConnectionIds(lone.agent.agentId)).toEqual([]);
    const [gone] = await getAgentLoads([lone.agent.agentId]);
    expect(gone?.presentUntil).toBeLessThanOrEqual(Date.now());
  });
});
