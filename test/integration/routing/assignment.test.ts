import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as housekeeping } from '../../../functions/housekeeping.ts';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { defaultQueueId } from '../../../shared/domain/queue.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getAgentLoads, setAgentStatus } from '../../../shared/store/agent-load-repository.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { listActiveConversations } from '../../../shared/store/conversations-repository.ts';
import { conversationKey } from '../../../shared/store/keys.ts';
import { listMessages } from '../../../shared/store/messages-repository.ts';
import { listWaiting } from '../../../shared/store/waiting-line.ts';
import { type AgentSocket, isMessageCreated } from '../../support/agent-socket.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestAgent, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

/** Moves a conversation's clock back, as if time had passed. */
async function backdate(conversationId: string, times: Record<string, number>) {
  const names = Object.keys(times);
  await dynamo().send(
    new UpdateCommand({
      TableName: system.runtime.tableNames.core,
      Key: conversationKey(conversationId),
      UpdateExpression: `SET ${names.map((name) => `${name} = :${name}`).join(', ')}`,
      ExpressionAttributeValues: Object.fromEntries(names.map((name) => [`:${name}`, times[name]])),
    }),
  );
}

const defaultQueue = (app: { appId: string }) => ({ appId: app.appId, queueId: defaultQueueId });

const isAssignedFrame = (
  frame: ServerFrame,
): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
  frame.type === 'conversation.updated' && frame.conversation.state === 'active';

function close(conversationId: string, agent: TestAgent) {
  return fetch(`${system.runtime.httpUrl}/api/conversations/${conversationId}/close`, {
    method: 'POST',
    headers: { authorization: `Bearer ${agent.token}` },
  });
}

/**
 * How long a burst may take to settle before the test calls it lost: generous, because this test is
 * about what happens, not how fast (the benchmark measures that).
 */
const burstSettlesWithinMs = 120_000;

describe('200 customers at once, 5 agents of capacity 3', () => {
  it(
    'assigns exactly 15, three each, and queues the other 185 in arrival order',
    async () => {
      const app = await system.addApp();
      const agents = await Promise.all(
        [1, 2, 3, 4, 5].map(() => system.addAgent([app.appId], { capacity: 3 })),
      );
      const sockets = await Promise.all(agents.map((agent) => system.connect(agent.token)));
      const customers = Array.from({ length: 200 }, () => system.simulator.customer(app.appId));

      // On a busy machine a callback can outlast WeChat's five seconds; WeChat then retries, and what
      // must hold is that every message is stored once and routed, however many attempts that took.
      const deliveries = await Promise.all(customers.map((customer) => customer.say('在吗？')));
      console.info(
        `callbacks acknowledged: ${deliveries.filter((delivery) => delivery.acknowledged).length} of 200, ` +
          `attempts: ${deliveries.reduce((sum, delivery) => sum + delivery.attempts.length, 0)}`,
      );
      const { active, waiting } = await eventually(
        async () => {
          const line = await listWaiting(defaultQueue(app), 500);
          expect(line).toHaveLength(185);
          return {
            active: await Promise.all(agents.map((agent) => listActiveConversations(agent.agentId))),
            waiting: line,
          };
        },
        { timeoutMs: burstSettlesWithinMs, intervalMs: 500 },
      );
      expect(active.map((conversations) => conversations.length)).toEqual([3, 3, 3, 3, 3]);
      // Every customer is in exactly one conversation: 15 served plus 185 waiting, nobody twice.
      const openIds = [...active.flat(), ...waiting].map((conversation) => conversation.openId);
      expect(new Set(openIds).size).toBe(200);
      // However often WeChat retried, each conversation holds its customer's message once.
      const customerMessages = await Promise.all(
        [...active.flat(), ...waiting].map(async (conversation) => {
          const { messages } = await listMessages(conversation.conversationId, undefined, 100);
          return messages.filter((message) => message.author === 'customer').length;
        }),
      );
      expect(customerMessages.every((count) => count === 1)).toBe(true);
      expect(
        waiting.every((conversation) => conversation.state === 'queued' && !conversation.assigneeId),
      ).toBe(true);
      // Arrival order: the queue is ordered by when each conversation was opened.
      const created = waiting.map((conversation) => conversation.createdAt);
      expect(created).toEqual([...created].sort((a, b) => a - b));
      // The agents' load counters agree with what they actually hold.
      const loads = await getAgentLoads(agents.map((agent) => agent.agentId));
      expect(loads.map((load) => load.activeCount)).toEqual([3, 3, 3, 3, 3]);
      // Each waiting customer is told their place once; the served ones are told nothing.
      const queued = new Set(waiting.map((conversation) => conversation.openId));
      await Promise.all(
        customers
          .filter((customer) => queued.has(customer.openId))
          .map((customer) => customer.nextReceived(undefined, burstSettlesWithinMs)),
      );
      for (const customer of customers) {
        expect(customer.inbox.length, customer.openId).toBe(queued.has(customer.openId) ? 1 : 0);
      }
      const places = customers
        .filter((customer) => queued.has(customer.openId))
        .map((customer) => Number(/您在第(\d+)位/.exec(customer.inbox[0]?.text ?? '')?.[1]));
      console.info(
        `announced places: ${new Set(places).size} distinct of 185 (crowd arriving within the same moments)`,
      );
      expect(places.every((place) => place >= 1 && place <= 185)).toBe(true);
      await Promise.all(sockets.map((socket) => socket.close()));
    },
    4 * burstSettlesWithinMs,
  );
});

describe('waiting customers know where they stand', () => {
  it('are told their place in line once, however often WeChat retries the callback', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    await system.simulator.customer(app.appId).say('first');
    const second = system.simulator.customer(app.appId);
    const third = system.simulator.customer(app.appId);
    const delivery = await second.say('second');
    expect((await second.nextReceived()).text).toBe('您好，客服正忙。目前共有1人在排队，您在第1位，请稍候。');
    await third.say('third');
    expect((await third.nextReceived()).text).toBe('您好，客服正忙。目前共有2人在排队，您在第2位，请稍候。');
    await second.resend(delivery);
    // The agent answers the second customer later; nothing else may have reached them before.
    await second.say('still there?');
    expect(second.inbox).toHaveLength(1);
    await socket.close();
  });

  it('are told their message is kept when nobody is online (留言), and served once an agent comes', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId]);
    const customer = system.simulator.customer(app.appId);
    await customer.say('晚上好');
    expect((await customer.nextReceived()).text).toBe(
      '您好，客服暂时不在线。您的留言我们已收到，客服上线后会第一时间回复您。',
    );
    const socket = await system.connect(agent.token);
    expect((await socket.next(isAssignedFrame)).conversation.openId).toBe(customer.openId);
    await socket.close();
  });
});

describe('the queue moves', () => {
  it('closing a conversation gives the freed slot to the oldest waiting customer', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    const first = system.simulator.customer(app.appId);
    await first.say('first');
    const served = await socket.next(isMessageCreated);
    const second = system.simulator.customer(app.appId);
    const third = system.simulator.customer(app.appId);
    await second.say('second');
    await third.say('third');
    expect((await listWaiting(defaultQueue(app), 10)).map((conversation) => conversation.openId)).toEqual([
      second.openId,
      third.openId,
    ]);

    expect((await close(served.conversation.conversationId, agent)).status).toBe(200);
    const assigned = await socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        isAssignedFrame(frame) && frame.conversation.openId === second.openId,
    );
    expect(assigned.conversation.assigneeId).toBe(agent.agentId);
    expect((await listWaiting(defaultQueue(app), 10)).map((conversation) => conversation.openId)).toEqual([
      third.openId,
    ]);
    // The new assignee can read what the customer wrote while waiting.
    const history = await system.api(
      `/api/conversations/${assigned.conversation.conversationId}/messages`,
      agent.token,
    );
    const { messages } = (await history.json()) as { messages: { content: unknown }[] };
    expect(messages[0]?.content).toEqual({ type: 'text', text: 'second' });
    await socket.close();
  });

  it('a customer who writes while nobody is online is served when an agent comes online, nothing lost', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId]);
    const customer = system.simulator.customer(app.appId);
    await customer.say('有人吗？');
    await customer.say('我等一下');
    await eventually(async () => expect(await listWaiting(defaultQueue(app), 10)).toHaveLength(1));

    const socket = await system.connect(agent.token);
    const assigned = await socket.next(isAssignedFrame);
    expect(assigned.conversation).toMatchObject({ openId: customer.openId, assigneeId: agent.agentId });
    const history = await system.api(
      `/api/conversations/${assigned.conversation.conversationId}/messages`,
      agent.token,
    );
    const { messages } = (await history.json()) as { messages: { direction: string; content: unknown }[] };
    const fromCustomer = messages.filter((message) => message.direction === 'inbound');
    expect(fromCustomer.map((message) => message.content)).toEqual([
      { type: 'text', text: '有人吗？' },
      { type: 'text', text: '我等一下' },
    ]);
    await socket.close();
  });

  it('an agent who goes offline gets no new customers; back online, they get the waiting ones', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId]);
    let socket: AgentSocket = await system.connect(agent.token);
    await socket.close();
    await eventually(async () => {
      const [load] = await getAgentLoads([agent.agentId]);
      expect(load?.presentUntil).toBeLessThanOrEqual(Date.now());
    });
    const customer = system.simulator.customer(app.appId);
    await customer.say('hello?');
    await eventually(async () => expect(await listWaiting(defaultQueue(app), 10)).toHaveLength(1));

    const status = await fetch(`${system.runtime.httpUrl}/api/me/status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'away' }),
    });
    expect(status.status).toBe(200);
    socket = await system.connect(agent.token);
    // Away: connected but not taking customers.
    expect(await listWaiting(defaultQueue(app), 10)).toHaveLength(1);
    const online = await fetch(`${system.runtime.httpUrl}/api/me/status`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'online' }),
    });
    expect(online.status).toBe(200);
    const assigned = await socket.next(isAssignedFrame);
    expect(assigned.conversation.openId).toBe(customer.openId);
    await socket.close();
  });

  it('the periodic housekeeping assigns waiting customers that no request drained', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId]);
    await setAgentStatus(agent.agentId, 'away');
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('anyone?');
    await eventually(async () => expect(await listWaiting(defaultQueue(app), 10)).toHaveLength(1));
    // Straight in the store, as an operator's fix would be: nothing drains on this path.
    await setAgentStatus(agent.agentId, 'online');
    expect(await listWaiting(defaultQueue(app), 10)).toHaveLength(1);
    const { assigned } = await housekeeping();
    expect(assigned).toBe(1);
    expect((await socket.next(isAssignedFrame)).conversation.openId).toBe(customer.openId);
    await socket.close();
  });

  it('closes a conversation the customer left after the reply, and gives the slot to the next customer', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    const quiet = system.simulator.customer(app.appId);
    await quiet.say('谢谢');
    const { conversation } = await socket.next(isMessageCreated);
    const reply = await fetch(
      `${system.runtime.httpUrl}/api/conversations/${conversation.conversationId}/messages`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text: '不客气' } }),
      },
    );
    expect(reply.status).toBe(201);
    const next = system.simulator.customer(app.appId);
    await next.say('轮到我了吗');
    // 31 minutes pass without a word from the customer after the agent's reply.
    await backdate(conversation.conversationId, {
      lastCustomerMessageAt: Date.now() - 40 * 60_000,
      lastReplyAt: Date.now() - 31 * 60_000,
    });
    expect(await housekeeping()).toMatchObject({ closed: 1, assigned: 1 });
    const closed = await socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        frame.type === 'conversation.updated' &&
        frame.conversation.conversationId === conversation.conversationId,
    );
    expect(closed.conversation.state).toBe('closed');
    // Two conversations' news: they travel side by side, in either order.
    const assigned = await socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        isAssignedFrame(frame) && frame.conversation.openId === next.openId,
    );
    expect(assigned.conversation.assigneeId).toBe(agent.agentId);
    await socket.close();
  });

  it("closes a conversation once WeChat's 48-hour window has closed", async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    await system.simulator.customer(app.appId).say('hello');
    const { conversation } = await socket.next(isMessageCreated);
    await backdate(conversation.conversationId, { lastCustomerMessageAt: Date.now() - 49 * 60 * 60_000 });
    expect((await housekeeping()).closed).toBe(1);
    const history = await system.api(
      `/api/conversations/${conversation.conversationId}/messages`,
      agent.token,
    );
    const { messages } = (await history.json()) as { messages: { content: unknown }[] };
    expect(messages.at(-1)?.content).toEqual({
      type: 'event',
      event: 'conversation_closed',
      detail: { reason: 'expired' },
    });
    const [load] = await getAgentLoads([agent.agentId]);
    expect(load?.activeCount).toBe(0);
    await socket.close();
  });

  it('sticks to the agent who served the customer last, when they are available', async () => {
    const app = await system.addApp();
    const alice = await system.addAgent([app.appId]);
    const bob = await system.addAgent([app.appId]);
    const aliceSocket = await system.connect(alice.token);
    const bobSocket = await system.connect(bob.token);
    // Give Alice more load than Bob, so least-loaded alone would pick Bob.
    const others = [system.simulator.customer(app.appId), system.simulator.customer(app.appId)];
    const regular = system.simulator.customer(app.appId);
    await regular.say('我是老客户');
    const first = (await Promise.race([
      aliceSocket.next(isMessageCreated),
      bobSocket.next(isMessageCreated),
    ])) as {
      conversation: Conversation;
    };
    const servedBy = first.conversation.assigneeId === alice.agentId ? alice : bob;
    for (const other of others) await other.say('hi');
    expect((await close(first.conversation.conversationId, servedBy)).status).toBe(200);
    await regular.say('又是我');
    const [conversation] = (await listActiveConversations(servedBy.agentId)).filter(
      (candidate) => candidate.openId === regular.openId,
    );
    expect(conversation?.assigneeId).toBe(servedBy.agentId);
    await aliceSocket.close();
    await bobSocket.close();
  });
});
