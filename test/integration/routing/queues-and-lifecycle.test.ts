import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as housekeeping } from '../../../functions/housekeeping.ts';
import { configureQueue } from '../../../shared/admin/queue-registration.ts';
import { defaultOffHoursText } from '../../../shared/domain/auto-reply.ts';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { defaultQueueId } from '../../../shared/domain/queue.ts';
import type { QueueView, TransferTargets } from '../../../shared/domain/queue-view.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getAgentLoads } from '../../../shared/store/agent-load-repository.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { getConversation } from '../../../shared/store/conversations-repository.ts';
import { conversationKey } from '../../../shared/store/keys.ts';
import { type AgentSocket, isMessageCreated } from '../../support/agent-socket.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * Queues per merchant, automatic replies, and what agents do with conversations (transfer, accept,
 * reopen, close), against the whole local system with simulated WeChat customers.
 */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

type ConversationFrame = Extract<ServerFrame, { type: 'conversation.updated' }>;

const updated =
  (conversationId: string, check: (conversation: Conversation) => boolean = () => true) =>
  (frame: ServerFrame): frame is ConversationFrame =>
    frame.type === 'conversation.updated' &&
    frame.conversation.conversationId === conversationId &&
    check(frame.conversation);

const assignedTo =
  (agentId: string) =>
  (frame: ServerFrame): frame is ConversationFrame =>
    frame.type === 'conversation.updated' &&
    frame.conversation.state === 'active' &&
    frame.conversation.assigneeId === agentId;

interface ActionBody {
  conversation?: Conversation;
  error?: { code: string; message: string };
}

function call<T = ActionBody>(agent: TestAgent, method: string, path: string, body?: unknown) {
  return system.request<T>(agent.token, method, path, body);
}

const act = (agent: TestAgent, conversationId: string, action: string, body?: unknown) =>
  call(agent, 'POST', `/api/conversations/${conversationId}/${action}`, body);

async function listed(agent: TestAgent): Promise<Conversation[]> {
  return (await call<{ conversations: Conversation[] }>(agent, 'GET', '/api/conversations')).body
    .conversations;
}

/** A Mini Program of a marketplace: the platform's desk, and merchant 12's (its page sends `shop:12`). */
async function marketplace() {
  const app = await system.addApp({ format: 'json' });
  await configureQueue({
    appId: app.appId,
    queueId: 'shop-12',
    name: 'Shop 12',
    sessionFromRules: [{ match: 'prefix', pattern: 'shop:12' }],
  });
  const platform = await system.addAgent([app.appId], { capacity: 2 });
  const merchant = await system.addAgent([app.appId], { capacity: 2, queueIds: ['shop-12'] });
  return { app, platform, merchant };
}

describe('queues per merchant', () => {
  it('routes by SessionFrom to the merchant desk, everyone else to the default desk, and remembers it', async () => {
    const { app, platform, merchant } = await marketplace();
    const [platformSocket, merchantSocket] = await Promise.all([
      system.connect(platform.token),
      system.connect(merchant.token),
    ]);

    const shopper = system.simulator.customer(app.appId);
    await shopper.enterSession('shop:12?page=goods/88');
    const atShop = await merchantSocket.next(isMessageCreated);
    expect(atShop.conversation).toMatchObject({ queueId: 'shop-12', assigneeId: merchant.agentId });

    const browser = system.simulator.customer(app.appId);
    await browser.enterSession('home');
    const atPlatform = await platformSocket.next(isMessageCreated);
    expect(atPlatform.conversation).toMatchObject({ queueId: defaultQueueId, assigneeId: platform.agentId });
    expect(
      merchantSocket.frames.some(
        (frame) => 'conversation' in frame && frame.conversation?.openId === browser.openId,
      ),
    ).toBe(false);

    // Closed, then the shopper writes again without entering anew: still merchant 12's customer.
    expect((await act(merchant, atShop.conversation.conversationId, 'close')).status).toBe(200);
    await shopper.say('还有一个问题');
    const again = await merchantSocket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        frame.type === 'message.created' &&
        frame.message.direction === 'inbound' &&
        frame.conversation.conversationId !== atShop.conversation.conversationId,
    );
    expect(again.conversation).toMatchObject({ queueId: 'shop-12', openId: shopper.openId });
    await Promise.all([platformSocket.close(), merchantSocket.close()]);
  });

  it('lets only the queue members see its line, in order, and a member accept a customer out of turn', async () => {
    const { app, platform, merchant } = await marketplace();
    // The merchant is connected but away: routing passes them by, accepting is still theirs to do.
    const merchantSocket = await system.connect(merchant.token);
    expect((await call(merchant, 'PUT', '/api/me/status', { status: 'away' })).status).toBe(200);
    const first = system.simulator.customer(app.appId);
    const second = system.simulator.customer(app.appId);
    await first.enterSession('shop:12');
    await second.enterSession('shop:12');

    const view = await call<{ queues: QueueView[] }>(merchant, 'GET', '/api/queues');
    const shop = view.body.queues.find((queue) => queue.queueId === 'shop-12');
    if (!shop) throw new Error('the merchant does not see their queue');
    expect(shop.waiting.map((entry) => [entry.position, entry.conversation.openId])).toEqual([
      [1, first.openId],
      [2, second.openId],
    ]);
    expect(shop.waiting[0]?.waitedMs).toBeGreaterThanOrEqual(0);
    expect(shop.waiting[0]?.conversation.waitingKind).toBe('left_message');
    expect(shop.members.map((member) => member.agentId)).toEqual([merchant.agentId]);
    // The platform agent serves only the default desk.
    const platformView = await call<{ queues: QueueView[] }>(platform, 'GET', '/api/queues');
    expect(platformView.body.queues.map((queue) => queue.queueId)).toEqual([defaultQueueId]);

    const secondId = shop.waiting[1]?.conversation.conversationId ?? '';
    expect((await act(platform, secondId, 'accept')).status).toBe(409);
    const accepted = await act(merchant, secondId, 'accept');
    expect(accepted.status).toBe(200);
    expect(accepted.body.conversation).toMatchObject({ state: 'active', assigneeId: merchant.agentId });
    const frame = await merchantSocket.next(
      updated(secondId, (conversation) => conversation.state === 'active'),
    );
    expect(frame.conversation.assigneeId).toBe(merchant.agentId);
    const again = await act(merchant, secondId, 'accept');
    expect(again).toMatchObject({ status: 409, body: { error: { code: 'conflict' } } });
    expect((await getAgentLoads([merchant.agentId]))[0]?.activeCount).toBe(1);
    await merchantSocket.close();
  });
});

describe('automatic replies', () => {
  it('welcomes, answers keywords while nobody serves, lets 人工 skip the bot, one message each time', async () => {
    const app = await system.addApp({ format: 'json' });
    await configureQueue({
      appId: app.appId,
      queueId: defaultQueueId,
      autoReplies: {
        welcome: '欢迎光临！',
        keywords: [{ match: 'contains', pattern: '退货', reply: '退货请在订单页申请。' }],
        humanKeywords: ['人工'],
      },
    });
    const agent = await system.addAgent([app.appId], { capacity: 1 });
    const socket = await system.connect(agent.token);
    const served = system.simulator.customer(app.appId);
    await served.enterSession();
    // Served at once: the welcome is all the bot says.
    expect((await served.nextReceived()).text).toBe('欢迎光临！');
    await socket.next(isMessageCreated);
    await served.say('退货怎么办');

    const waiting = system.simulator.customer(app.appId);
    await waiting.enterSession();
    expect((await waiting.nextReceived()).text).toBe(
      '欢迎光临！\n\n您好，客服正忙。目前共有1人在排队，您在第1位，请稍候。',
    );
    await waiting.say('我要退货');
    expect((await waiting.nextReceived()).text).toBe('退货请在订单页申请。');
    await waiting.say('转人工');
    expect((await waiting.nextReceived()).text).toBe(
      '您好，客服正忙。目前共有1人在排队，您在第1位，请稍候。',
    );
    expect(waiting.inbox).toHaveLength(3);
    // The line shows what the customer said, not what the bot answered.
    const line = await call<{ queues: QueueView[] }>(agent, 'GET', '/api/queues');
    expect(line.body.queues[0]?.waiting.map((entry) => entry.conversation.lastMessagePreview)).toEqual([
      '转人工',
    ]);
    // The served customer's agent answers; the bot stayed out of it.
    expect(served.inbox).toHaveLength(1);
    await socket.close();
  });

  it('outside business hours the customer is told so, and their message waits as a left message', async () => {
    const app = await system.addApp({ format: 'json' });
    // Open only on a weekday that is not today in Shanghai, so now is outside.
    const today = new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', weekday: 'short' })
      .format(new Date())
      .toLowerCase();
    const other = today === 'mon' ? 'wed' : 'mon';
    await configureQueue({
      appId: app.appId,
      queueId: defaultQueueId,
      businessHours: {
        timeZone: 'Asia/Shanghai',
        windows: [{ days: [other === 'mon' ? 1 : 3], open: '09:00', close: '18:00' }],
      },
    });
    await system.addAgent([app.appId]);
    const customer = system.simulator.customer(app.appId);
    await customer.say('在吗');
    expect((await customer.nextReceived()).text).toBe(defaultOffHoursText);
    const admin = await system.addAgent([app.appId], { role: 'admin' });
    const { queues } = (await call<{ queues: QueueView[] }>(admin, 'GET', '/api/queues')).body;
    const [waiting] = queues.find((queue) => queue.appId === app.appId)?.waiting ?? [];
    expect(waiting?.conversation).toMatchObject({ openId: customer.openId, waitingKind: 'left_message' });
  });
});

describe('transfers', () => {
  let app: TestApp;
  let alice: TestAgent;
  let bob: TestAgent;
  let aliceSocket: AgentSocket;
  let bobSocket: AgentSocket;

  beforeAll(async () => {
    app = await system.addApp({ format: 'json' });
    await configureQueue({ appId: app.appId, queueId: 'vip', name: 'VIP' });
    alice = await system.addAgent([app.appId], { capacity: 1 });
    bob = await system.addAgent([app.appId], { capacity: 1, queueIds: ['vip'] });
    [aliceSocket, bobSocket] = await Promise.all([system.connect(alice.token), system.connect(bob.token)]);
  });

  afterAll(async () => {
    await Promise.all([aliceSocket?.close(), bobSocket?.close()]);
  });

  it('lands on the new agent’s socket and leaves the old one’s list; loads follow', async () => {
    const customer = system.simulator.customer(app.appId);
    await customer.say('我要找 Bob');
    const { conversation } = await aliceSocket.next(isMessageCreated);
    const id = conversation.conversationId;

    const targets = await call<TransferTargets>(alice, 'GET', `/api/conversations/${id}/transfer-targets`);
    expect(targets.body.agents).toEqual([
      expect.objectContaining({ agentId: bob.agentId, available: true, present: true, activeCount: 0 }),
    ]);
    expect(targets.body.queues.map((queue) => queue.queueId)).toEqual([defaultQueueId, 'vip']);

    const moved = await act(alice, id, 'transfer', { toAgentId: bob.agentId });
    expect(moved.status).toBe(200);
    const atBob = await bobSocket.next(updated(id));
    expect(atBob.conversation.assigneeId).toBe(bob.agentId);
    const atAlice = await aliceSocket.next(
      updated(id, (updatedConversation) => updatedConversation.assigneeId === bob.agentId),
    );
    expect(atAlice.conversation.state).toBe('active');
    expect((await listed(alice)).some((listedConversation) => listedConversation.conversationId === id)).toBe(
      false,
    );
    expect((await listed(bob)).map((listedConversation) => listedConversation.conversationId)).toContain(id);
    const loads = await getAgentLoads([alice.agentId, bob.agentId]);
    expect(loads.map((load) => load.activeCount)).toEqual([0, 1]);

    // The customer's next words reach Bob.
    await customer.say('谢谢');
    const words = await bobSocket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.message.direction === 'inbound' &&
        frame.conversation.conversationId === id,
    );
    expect(words.message.content).toEqual({ type: 'text', text: '谢谢' });

    // Bob is full now: a transfer to him is refused in words, and nothing moves.
    const other = system.simulator.customer(app.appId);
    await other.say('hello');
    const second = await aliceSocket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.conversation.openId === other.openId &&
        frame.conversation.assigneeId === alice.agentId,
    );
    const refused = await act(alice, second.conversation.conversationId, 'transfer', {
      toAgentId: bob.agentId,
    });
    expect(refused.status).toBe(409);
    expect(refused.body.error?.message).toMatch(/already has 1 of 1 conversations/);
    expect((await getConversation(second.conversation.conversationId))?.assigneeId).toBe(alice.agentId);

    // Over the socket, back to a queue: it waits there (Bob, its member, is full) and leaves Alice.
    aliceSocket.send({
      action: 'transfer',
      conversationId: second.conversation.conversationId,
      target: { toQueueId: 'vip' },
    });
    const result = await aliceSocket.next(
      (frame): frame is Extract<ServerFrame, { type: 'action.result' }> => frame.type === 'action.result',
    );
    expect(result.conversation).toMatchObject({ state: 'queued', queueId: 'vip' });
    // The update and the action's answer travel separately: either may come first.
    await aliceSocket.seen(
      updated(second.conversation.conversationId, (waiting) => waiting.state === 'queued'),
    );
    expect((await getAgentLoads([alice.agentId]))[0]?.activeCount).toBe(0);

    // Bob closes his; the VIP line moves to him at once.
    expect((await act(bob, id, 'close')).status).toBe(200);
    const fromVip = await bobSocket.next(assignedTo(bob.agentId));
    expect(fromVip.conversation.conversationId).toBe(second.conversation.conversationId);
  });
});

describe('closing and reopening', () => {
  it('reopens a closed conversation for its agent, until the customer has written a new one', async () => {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId], { capacity: 2 });
    const colleague = await system.addAgent([app.appId]);
    const admin = await system.addAgent([app.appId], { role: 'admin', queueIds: [] });
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('你好');
    const { conversation } = await socket.next(isMessageCreated);
    const id = conversation.conversationId;

    // Only its agent, or an admin of the workspace, may close it.
    expect((await act(colleague, id, 'close')).status).toBe(409);
    expect((await act(admin, id, 'close')).status).toBe(200);
    await socket.next(updated(id, (closed) => closed.state === 'closed'));
    expect((await getAgentLoads([agent.agentId]))[0]?.activeCount).toBe(0);

    const reopened = await act(agent, id, 'reopen');
    expect(reopened.status).toBe(200);
    expect(reopened.body.conversation).toMatchObject({ state: 'active', assigneeId: agent.agentId });
    await socket.next(updated(id, (open) => open.state === 'active'));
    expect((await getAgentLoads([agent.agentId]))[0]?.activeCount).toBe(1);

    expect((await act(agent, id, 'close')).status).toBe(200);
    await customer.say('又是我');
    await socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) && frame.conversation.conversationId !== id,
    );
    const stale = await act(agent, id, 'reopen');
    expect(stale.status).toBe(409);
    expect(stale.body.error?.message).toBe('The customer has written since, in a newer conversation.');
    await socket.close();
  });

  it('closes by inactivity after the queue’s own limit', async () => {
    const app = await system.addApp({ format: 'json' });
    await configureQueue({ appId: app.appId, queueId: 'quick', name: 'Quick', inactivityMinutes: 5 });
    await configureQueue({
      appId: app.appId,
      queueId: 'quick',
      sessionFromRules: [{ match: 'exact', pattern: 'quick' }],
    });
    const agent = await system.addAgent([app.appId], { queueIds: [defaultQueueId, 'quick'] });
    const socket = await system.connect(agent.token);
    const conversations: string[] = [];
    for (const from of ['quick', 'other']) {
      const customer = system.simulator.customer(app.appId);
      await customer.enterSession(from);
      const { conversation } = await socket.next(
        (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
          isMessageCreated(frame) && frame.conversation.openId === customer.openId,
      );
      conversations.push(conversation.conversationId);
    }
    // Both customers went quiet ten minutes ago, right after the agent's reply.
    const now = Date.now();
    for (const id of conversations) {
      await dynamo().send(
        new UpdateCommand({
          TableName: system.runtime.tableNames.core,
          Key: conversationKey(id),
          // As the agent's reply itself does, the customer's wait ends with it.
          UpdateExpression:
            'SET lastCustomerMessageAt = :heard, lastReplyAt = :replied REMOVE unansweredSince',
          ExpressionAttributeValues: { ':heard': now - 11 * 60_000, ':replied': now - 10 * 60_000 },
        }),
      );
    }
    await housekeeping();
    const [quick, other] = await Promise.all(conversations.map((id) => getConversation(id, true)));
    expect(quick?.state).toBe('closed');
    const closing = await socket.seen(
      (frame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
        isMessageCreated(frame) &&
        frame.message.conversationId === conversations[0] &&
        frame.message.direction === 'internal',
    );
    expect(closing.message.content).toEqual({
      type: 'event',
      event: 'conversation_closed',
      detail: { reason: 'inactive', minutes: '5' },
    });
    // The default queue waits the default 30 minutes.
    expect(other?.state).toBe('active');
    await socket.close();
  });
});
