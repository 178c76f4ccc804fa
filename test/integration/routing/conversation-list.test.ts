import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/**
 * An agent's list after a busy day: `GET /api/conversations` used to answer the 50 most recent,
 * closed ones included, so 4 quiet open conversations vanished behind 52 closed since. The list is
 * now read as every open conversation (`state=active`) and the closed ones a page at a time
 * (`state=closed&before=`).
 */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

interface ListAnswer {
  conversations: Conversation[];
  nextBefore?: string;
}

const newCustomerMessage = (known: ReadonlySet<string>) =>
  ((frame: ServerFrame) =>
    isMessageCreated(frame) &&
    frame.message.direction === 'inbound' &&
    !known.has(frame.conversation.conversationId)) as (
    frame: ServerFrame,
  ) => frame is Extract<ServerFrame, { type: 'message.created' }>;

describe('the conversation list', () => {
  it('has every open conversation however many were closed since, and pages the closed ones', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId], { capacity: 5 });
    const socket = await system.connect(agent.token);
    const seen = new Set<string>();
    const serveNewCustomer = async (text: string) => {
      await system.simulator.customer(app.appId).say(text);
      const { conversation } = await socket.next(newCustomerMessage(seen), 15_000);
      seen.add(conversation.conversationId);
      return conversation.conversationId;
    };

    const open: string[] = [];
    for (let index = 0; index < 4; index++) open.push(await serveNewCustomer(`在吗 ${index}`));
    const closed: string[] = [];
    for (let index = 0; index < 52; index++) {
      const conversationId = await serveNewCustomer(`请问 ${index}`);
      const answer = await system.request(agent.token, 'POST', `/api/conversations/${conversationId}/close`);
      expect(answer.status).toBe(200);
      closed.push(conversationId);
    }

    // The old read: the 50 most recent, every one of them closed.
    const recent = await system.request<ListAnswer>(agent.token, 'GET', '/api/conversations');
    expect(recent.body.conversations).toHaveLength(50);
    expect(recent.body.conversations.filter((item) => open.includes(item.conversationId))).toEqual([]);

    const active = await system.request<ListAnswer>(agent.token, 'GET', '/api/conversations?state=active');
    expect(active.status).toBe(200);
    expect(active.body.conversations.map((item) => item.conversationId).sort()).toEqual([...open].sort());
    expect(active.body.conversations.every((item) => item.state === 'active')).toBe(true);

    const paged: Conversation[] = [];
    let before: string | undefined;
    for (let page = 0; page < 10; page++) {
      const query = new URLSearchParams({ state: 'closed', limit: '20', ...(before ? { before } : {}) });
      const answer = await system.request<ListAnswer>(agent.token, 'GET', `/api/conversations?${query}`);
      expect(answer.status).toBe(200);
      expect(answer.body.conversations.length).toBeLessThanOrEqual(20);
      paged.push(...answer.body.conversations);
      before = answer.body.nextBefore;
      if (!before) break;
    }
    expect(paged.every((item) => item.state === 'closed')).toBe(true);
    expect(paged.map((item) => item.conversationId).sort()).toEqual([...closed].sort());
    // Newest first, each once.
    const ids = paged.map((item) => item.lastMessageId);
    expect(ids).toEqual([...ids].sort().reverse());
    expect(new Set(paged.map((item) => item.conversationId)).size).toBe(52);

    const mixed = await system.request(
      agent.token,
      'GET',
      `/api/conversations?state=active&before=${ids[0]}`,
    );
    expect(mixed.status).toBe(400);
    await socket.close();
  }, 180_000);
});
