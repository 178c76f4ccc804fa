import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FloorView } from '../../../shared/domain/floor.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { type AgentSocket, isMessageCreated } from '../../support/agent-socket.ts';
import { isStatus } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import {
  randomAlphanumeric,
  startSystem,
  type TestAgent,
  type TestApp,
  type TestSystem,
} from '../../support/system.ts';

/**
 * The supervisors' floor view (`GET /api/floor`) on the local runtime: a customer's message shows with
 * the age of the oldest unanswered message, the agent's answer clears it unless WeChat refuses it for
 * good, a waiting customer shows in the line, the workspace's admins are told of each change over their
 * socket (`floor.changed`), and agents are refused.
 */

let system: TestSystem;
let app: TestApp;
let agent: TestAgent;
let admin: TestAgent;
let agentSocket: AgentSocket;
let adminSocket: AgentSocket;
/** An admin of another workspace, with a console open: told nothing of this one. */
let stranger: AgentSocket;

const isFloorChanged =
  (workspaceId: string) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'floor.changed' }> =>
    frame.type === 'floor.changed' && frame.workspaceId === workspaceId;

async function floorOf(token: string): Promise<FloorView> {
  const answer = await system.request<{ floor: FloorView }>(token, 'GET', '/api/floor');
  expect(answer.status).toBe(200);
  return answer.body.floor;
}

beforeAll(async () => {
  system = await startSystem();
  app = await system.addApp({ workspaceId: `floor-${randomAlphanumeric(8)}` });
  // One place, so that the second customer waits in line.
  agent = await system.addAgent([app.appId], { capacity: 1 });
  admin = await system.addAgent([app.appId], { role: 'admin' });
  agentSocket = await system.connect(agent.token);
  adminSocket = await system.connect(admin.token);
  // The admin watches rather than serves: away, so routing gives them nobody.
  expect((await system.request(admin.token, 'PUT', '/api/me/status', { status: 'away' })).status).toBe(200);
  const otherApp = await system.addApp({ workspaceId: `elsewhere-${randomAlphanumeric(8)}` });
  const otherAdmin = await system.addAgent([otherApp.appId], { role: 'admin' });
  stranger = await system.connect(otherAdmin.token);
});

afterAll(async () => {
  await agentSocket?.close();
  await adminSocket?.close();
  await stranger?.close();
  await system?.stop();
});

describe('the floor view', () => {
  let conversationId: string;

  it("shows a customer's message with the age of the oldest unanswered one, and tells the admins", async () => {
    const customer = system.simulator.customer(app.appId);
    await customer.say('你好，我的订单还没发货');
    const { conversation, message } = await agentSocket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) && frame.message.author === 'customer',
    );
    conversationId = conversation.conversationId;
    await adminSocket.next(isFloorChanged(app.workspaceId));

    const floor = await floorOf(admin.token);
    const row = floor.conversations.find((item) => item.conversationId === conversationId);
    expect(row).toMatchObject({
      state: 'active',
      assigneeId: agent.agentId,
      appId: app.appId,
      queueId: 'default',
      unansweredSince: message.createdAt,
    });
    expect(row?.unansweredMs).toBe(floor.takenAt - message.createdAt);
    expect(floor.agents.find((item) => item.agentId === agent.agentId)).toMatchObject({
      status: 'online',
      present: true,
      activeCount: 1,
      capacity: 1,
    });
    expect(floor.agents.find((item) => item.agentId === agent.agentId)?.lastReplyAt).toBeUndefined();
  });

  it("is cleared by the agent's answer", async () => {
    const sent = await system.request(agent.token, 'POST', `/api/conversations/${conversationId}/messages`, {
      clientMessageId: randomUUID(),
      content: { type: 'text', text: '您好，马上为您查询' },
    });
    expect(sent.status).toBe(201);
    await eventually(async () => {
      const floor = await floorOf(admin.token);
      const row = floor.conversations.find((item) => item.conversationId === conversationId);
      expect(row).toBeDefined();
      expect(row?.unansweredSince).toBeUndefined();
      expect(
        floor.agents.find((item) => item.agentId === agent.agentId)?.sinceLastReplyMs,
      ).toBeGreaterThanOrEqual(0);
    });
  });

  it("shows a customer waiting in the queue's line", async () => {
    const waiting = system.simulator.customer(app.appId);
    const frames = adminSocket.frames.length;
    await waiting.say('有人吗');
    // Nobody's console hears of a waiting customer but the admins'.
    await eventually(() =>
      expect(adminSocket.frames.slice(frames).some(isFloorChanged(app.workspaceId))).toBe(true),
    );
    const floor = await eventually(async () => {
      const read = await floorOf(admin.token);
      expect(read.queues.find((queue) => queue.queueId === 'default')?.waitingCount).toBe(1);
      return read;
    });
    const line = floor.conversations.filter((item) => item.state === 'queued');
    expect(line).toHaveLength(1);
    expect(line[0]).toMatchObject({ waitingKind: 'queue', appId: app.appId });
    expect(line[0]?.unansweredMs).toBeGreaterThanOrEqual(0);
    expect(floor.queues.find((queue) => queue.queueId === 'default')?.oldestWaitMs).toBe(
      floor.takenAt - (line[0]?.createdAt ?? 0),
    );
  });

  it("finds an agent's open conversation behind the conversations they closed since", async () => {
    // Another app of the workspace, with an agent of its own.
    const shop = await system.addApp({ workspaceId: app.workspaceId });
    const clerk = await system.addAgent([shop.appId]);
    const clerkSocket = await system.connect(clerk.token);
    const opened = async (text: string) => {
      const customer = system.simulator.customer(shop.appId);
      await customer.say(text);
      const frame = await clerkSocket.seen(
        (each): each is Extract<ServerFrame, { type: 'message.created' }> =>
          isMessageCreated(each) && each.conversation.openId === customer.openId,
      );
      return frame.conversation.conversationId;
    };
    try {
      const waitingLongest = await opened('我先问一下');
      const closedSince: string[] = [];
      for (const text of ['第二位客户', '第三位客户']) {
        const conversationId = await opened(text);
        const closed = await system.request(
          clerk.token,
          'POST',
          `/api/conversations/${conversationId}/close`,
        );
        expect(closed.status).toBe(200);
        closedSince.push(conversationId);
      }
      const floor = await eventually(async () => {
        const read = await floorOf(admin.token);
        expect(read.agents.find((item) => item.agentId === clerk.agentId)?.activeCount).toBe(1);
        return read;
      });
      const clerks = floor.conversations.filter((item) => item.assigneeId === clerk.agentId);
      expect(clerks.map((item) => item.conversationId)).toEqual([waitingLongest]);
      expect(floor.conversations.some((item) => closedSince.includes(item.conversationId))).toBe(false);
      expect(floor.apps.map((item) => item.appId).sort()).toEqual([app.appId, shop.appId].sort());
      expect(floor.truncated).toBe(false);
    } finally {
      await clerkSocket.close();
    }
  });

  it('shows a customer whose answer WeChat refused for good as waiting since their message', async () => {
    const desk = await system.addApp({ workspaceId: app.workspaceId });
    const helper = await system.addAgent([desk.appId]);
    const helperSocket = await system.connect(helper.token);
    try {
      const customer = system.simulator.customer(desk.appId);
      await customer.say('发票什么时候能开？');
      const { conversation, message } = await helperSocket.next(
        (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
          isMessageCreated(frame) && frame.message.author === 'customer',
      );
      system.simulator.failNext('custom_send', { errcode: 45047, errmsg: 'out of response count limit' });
      const sent = await system.request<{ message: Message }>(
        helper.token,
        'POST',
        `/api/conversations/${conversation.conversationId}/messages`,
        { clientMessageId: randomUUID(), content: { type: 'text', text: '您好，今天就为您开' } },
      );
      expect(sent.status).toBe(201);
      await helperSocket.next(isStatus('failed', sent.body.message.messageId));
      await eventually(async () => {
        const floor = await floorOf(admin.token);
        const row = floor.conversations.find((item) => item.conversationId === conversation.conversationId);
        expect(row).toMatchObject({ answered: true, unansweredSince: message.createdAt });
      });
    } finally {
      await helperSocket.close();
    }
  });

  it('is refused to agents with a sentence, and another workspace is told nothing of it', async () => {
    const refused = await system.request<{ error: { code: string; message: string } }>(
      agent.token,
      'GET',
      '/api/floor',
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe('only an owner or admin of the workspace can watch the floor');
    expect(stranger.frames.some(isFloorChanged(app.workspaceId))).toBe(false);
    expect(agentSocket.frames.some((frame) => frame.type === 'floor.changed')).toBe(false);
  });
});
