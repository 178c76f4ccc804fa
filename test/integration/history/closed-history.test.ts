import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HistoryResult, HistoryResults } from '../../../shared/domain/closed-conversation.ts';
import { newId } from '../../../shared/domain/ids.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import {
  putClosedConversation,
  searchClosedConversations,
} from '../../../shared/store/closed-conversations-repository.ts';
import type { AgentSocket } from '../../support/agent-socket.ts';
import { type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestSystem } from '../../support/system.ts';

/**
 * The history of closed conversations: written by the stream consumer when a conversation closes,
 * rewritten when it closes again, searched by words (Chinese inside a sentence too) and filtered by
 * date, queue, agent and tag, for those the permission policy lets read each conversation. And notes:
 * for colleagues, never sent to WeChat, pushed to who may read the conversation, searched with the rest.
 */

let system: TestSystem;
let served: ServedConversation;
let colleague: TestAgent;
let colleagueSocket: AgentSocket;
/** An agent of another app of the same workspace, and an admin of another workspace. */
let otherAppAgent: TestAgent;
let otherWorkspaceAdmin: TestAgent;

const conversationId = () => served.conversation.conversationId;

function search(query: Record<string, string | number | undefined>, token = served.agent.token) {
  const parameters = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) parameters.set(key, String(value));
  return system.request<HistoryResults & { error?: { message: string } }>(
    token,
    'GET',
    `/api/history?${parameters}`,
  );
}

const found = async (query: Record<string, string | number>, token?: string) =>
  (await search(query, token)).body.results.map((result) => result.conversationId);

const note = (text: string, clientMessageId = randomUUID(), token = served.agent.token) =>
  system.request<{ message: Message }>(token, 'POST', `/api/conversations/${conversationId()}/notes`, {
    clientMessageId,
    text,
  });

const isNote =
  (text: string) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
    frame.type === 'message.created' &&
    frame.message.content.type === 'note' &&
    frame.message.content.text === text;

async function close() {
  const closed = await system.request(
    served.agent.token,
    'POST',
    `/api/conversations/${conversationId()}/close`,
  );
  expect(closed.status).toBe(200);
}

beforeAll(async () => {
  system = await startSystem();
  served = await servedConversation(system, { workspaceId: 'history' });
  colleague = await system.addAgent([served.app.appId]);
  colleagueSocket = await system.connect(colleague.token);
  const otherApp = await system.addApp({ workspaceId: 'history' });
  otherAppAgent = await system.addAgent([otherApp.appId]);
  const foreignApp = await system.addApp({ workspaceId: 'elsewhere' });
  otherWorkspaceAdmin = await system.addAgent([foreignApp.appId], { role: 'admin' });

  await served.customer.say('我想退货了，订单号 A1024');
  expect((await served.send({ type: 'text', text: 'Refund approved: 请把商品寄回' })).status).toBe(201);
  const profile = await system.request(
    served.agent.token,
    'PATCH',
    `/api/conversations/${conversationId()}/customer`,
    { remarkName: '王女士', tags: ['VIP', '退货'] },
  );
  expect(profile.status).toBe(200);
});

afterAll(async () => {
  await served?.socket.close();
  await colleagueSocket?.close();
  await system?.stop();
});

describe('a note on a conversation', () => {
  it('reaches a colleague who may read the conversation, and never the customer', async () => {
    const written = await note('客户很着急，优先处理');
    expect(written.status).toBe(201);
    expect(written.body.message).toMatchObject({
      direction: 'internal',
      author: 'agent',
      authorId: served.agent.agentId,
      content: { type: 'note', text: '客户很着急，优先处理', authorName: served.agent.username },
    });
    const pushed = await colleagueSocket.seen(isNote('客户很着急，优先处理'));
    expect(pushed.message.messageId).toBe(written.body.message.messageId);
    await served.socket.seen(isNote('客户很着急，优先处理'));

    // A text sent after the note reaches the customer; the note before it never does.
    expect((await served.send({ type: 'text', text: 'marker after note' })).status).toBe(201);
    await served.customer.nextReceived((received) => received.text === 'marker after note');
    expect(served.customer.inbox.map((received) => received.text)).toEqual([
      'Refund approved: 请把商品寄回',
      'marker after note',
    ]);
  });

  it('is written once when the console retries it, and takes nothing of the reply window', async () => {
    const before = await system.request<{ conversations: { replyWindow?: { used: number } }[] }>(
      served.agent.token,
      'GET',
      '/api/conversations?state=active',
    );
    const id = randomUUID();
    const first = await note('同一条备注', id);
    const again = await note('同一条备注', id);
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.message.messageId).toBe(first.body.message.messageId);
    const after = await system.request<{ conversations: { replyWindow?: { used: number } }[] }>(
      served.agent.token,
      'GET',
      '/api/conversations?state=active',
    );
    expect(after.body.conversations[0]?.replyWindow?.used).toBe(
      before.body.conversations[0]?.replyWindow?.used,
    );
  });

  it('is refused with a sentence when empty or too long, and hidden from another workspace', async () => {
    const empty = await note('   ');
    expect(empty.status).toBe(400);
    const long = await note('长'.repeat(2001));
    expect(long.status).toBe(400);
    expect((await note('偷看', randomUUID(), otherWorkspaceAdmin.token)).status).toBe(404);
    expect((await note('偷看', randomUUID(), otherAppAgent.token)).status).toBe(403);
  });
});

describe('the history of closed conversations', () => {
  let entry: HistoryResult;

  it('gets an entry when the conversation closes, found by a Chinese word inside a sentence', async () => {
    await close();
    const results = await eventually(async () => {
      const answer = await search({ q: '退货' });
      expect(answer.status).toBe(200);
      expect(answer.body.results).toHaveLength(1);
      return answer.body.results;
    });
    entry = results[0] as HistoryResult;
    expect(entry).toMatchObject({
      conversationId: conversationId(),
      appId: served.app.appId,
      queueId: 'default',
      agentId: served.agent.agentId,
      agentName: served.agent.username,
      openId: served.customer.openId,
      remarkName: '王女士',
      tags: ['VIP', '退货'],
      // The customer's words, the agent's two texts and the two notes; not the lifecycle entries.
      messageCount: 6,
    });
    expect(entry.snippet).toContain('我想退货了');
    expect(entry.closedAt).toBeGreaterThanOrEqual(entry.openedAt);
    expect(entry).not.toHaveProperty('transcript');
  });

  it('finds words in any case, and notes as well as messages', async () => {
    expect(await found({ q: 'REFUND' })).toEqual([conversationId()]);
    expect((await search({ q: 'refund' })).body.results[0]?.snippet).toContain('Refund approved');
    expect(await found({ q: '优先处理' })).toEqual([conversationId()]);
    expect(await found({ q: '换货' })).toEqual([]);
  });

  it('filters by tag, agent, queue and date', async () => {
    expect(await found({ tag: 'VIP' })).toEqual([conversationId()]);
    expect(await found({ tag: '投诉' })).toEqual([]);
    expect(await found({ agentId: served.agent.agentId, q: '退货' })).toEqual([conversationId()]);
    expect(await found({ agentId: colleague.agentId })).toEqual([]);
    expect(await found({ appId: served.app.appId, queueId: 'default' })).toEqual([conversationId()]);
    expect(await found({ appId: served.app.appId, queueId: 'vip' })).toEqual([]);
    expect(await found({ from: entry.closedAt, to: entry.closedAt })).toEqual([conversationId()]);
    expect(await found({ to: entry.closedAt - 1 })).toEqual([]);
    expect(await found({ from: entry.closedAt + 1 })).toEqual([]);
  });

  it('shows a colleague of the queue the entry, and nobody outside it', async () => {
    expect(await found({ q: '退货' }, colleague.token)).toEqual([conversationId()]);
    expect(await found({ q: '退货' }, otherAppAgent.token)).toEqual([]);
    expect(await found({ q: '退货' }, otherWorkspaceAdmin.token)).toEqual([]);
    const foreign = await system.request(
      otherWorkspaceAdmin.token,
      'GET',
      `/api/conversations/${conversationId()}/messages`,
    );
    expect(foreign.status).toBe(404);
  });

  it('refuses bad searches with a sentence', async () => {
    for (const query of [
      { q: '退'.repeat(51) },
      { cursor: 'not-a-cursor' },
      { from: 10, to: 5 },
      { queueId: 'default' },
      { limit: 500 },
      { unknown: 'x' },
    ]) {
      const answer = await search(query);
      expect(answer.status, JSON.stringify(query)).toBe(400);
      expect(answer.body.error?.message).toBeTruthy();
    }
  });

  it('leaves the history when reopened, and is rewritten when it closes again', async () => {
    const reopened = await system.request(
      served.agent.token,
      'POST',
      `/api/conversations/${conversationId()}/reopen`,
    );
    expect(reopened.status).toBe(200);
    await eventually(async () => expect(await found({ q: '退货' })).toEqual([]));
    await served.customer.say('换货也可以吗');
    await note('已同意换货');
    await close();
    const rewritten = await eventually(async () => {
      const results = (await search({ q: '换货' })).body.results;
      expect(results).toHaveLength(1);
      return results[0] as HistoryResult;
    });
    expect(rewritten.conversationId).toBe(conversationId());
    expect(rewritten.closedAt).toBeGreaterThan(entry.closedAt);
    // One entry per conversation, whatever how often it closed.
    expect(await found({ q: '退货' })).toEqual([conversationId()]);
  });

  it('pages with a cursor, newest first', async () => {
    const second = await servedConversation(system, { workspaceId: 'history' });
    await second.customer.say('第二位客户也想退货');
    const closed = await system.request(
      second.agent.token,
      'POST',
      `/api/conversations/${second.conversation.conversationId}/close`,
    );
    expect(closed.status).toBe(200);
    const admin = await system.addAgent([served.app.appId], { role: 'admin' });
    const first = await eventually(async () => {
      const page = await search({ q: '退货', limit: 1 }, admin.token);
      expect(page.body.results.map((result) => result.conversationId)).toEqual([
        second.conversation.conversationId,
      ]);
      return page.body;
    });
    expect(first.cursor).toBeDefined();
    const next = await search({ q: '退货', limit: 1, cursor: first.cursor as string }, admin.token);
    expect(next.body.results.map((result) => result.conversationId)).toEqual([conversationId()]);
    await second.socket.close();
  });

  it('stops a request after its read budget and goes on from where it stopped', async () => {
    const closedAt = Date.now();
    for (let index = 0; index < 30; index++) {
      const entry = {
        conversationId: newId(closedAt + index),
        workspaceId: 'budget',
        appId: served.app.appId,
        queueId: 'default',
        openId: `o-${index}`,
        tags: [],
        openedAt: closedAt - 60_000,
        closedAt: closedAt + index,
        messageCount: 1,
        // Only the oldest one has the words.
        transcript: index === 0 ? '我想退货了' : '什么时候发货',
      };
      await putClosedConversation(entry, {
        ...entry,
        leftMessage: false,
        customerMessages: 1,
        agentMessages: 0,
        messagesByHour: {},
        agentMessagesByHour: {},
      });
    }
    const search = (cursor?: string) =>
      searchClosedConversations({
        workspaceId: 'budget',
        words: '退货',
        limit: 5,
        readBudget: 0.1,
        visible: () => true,
        ...(cursor ? { cursor } : {}),
      });
    const first = await search();
    expect(first.entries).toEqual([]);
    expect(first.cursor).toBeDefined();
    const second = await search(first.cursor);
    expect(second.entries.map((entry) => entry.openId)).toEqual(['o-0']);
    expect(second.cursor).toBeUndefined();
  });
});
