/**
 * Every row of the push table (shared/domain/push-kinds.ts) on the local runtime, as WeChat sends it
 * (plain and secure mode, from a new customer and inside an open conversation): what the agent's
 * socket and thread receive, what happens to the reply window and to the customer's activity, and
 * that WeChat's retry adds nothing.
 */
import { GetCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as housekeeping } from '../../../functions/housekeeping.ts';
import type { SimulatedCustomer } from '../../../infra/local/wechat-simulator/index.ts';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { dynamo } from '../../../shared/store/client.ts';
import { getConversation } from '../../../shared/store/conversations-repository.ts';
import { conversationKey, customerProfileKey } from '../../../shared/store/keys.ts';
import { type AgentSocket, isMessageCreated } from '../../support/agent-socket.ts';
import { servedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestApp, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

type Created = Extract<ServerFrame, { type: 'message.created' }>;

const modes = [
  ['secure', {}],
  ['plaintext', { encodingAesKey: undefined }],
] as const;

const officialAccount = (mode: Partial<TestApp>): Partial<TestApp> => ({
  type: 'official-account',
  format: 'xml',
  ...mode,
});

async function messagesOf(conversationId: string, token: string): Promise<Message[]> {
  const response = await system.api(`/api/conversations/${conversationId}/messages`, token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { messages: Message[] }).messages;
}

async function conversationNow(conversationId: string): Promise<Conversation> {
  const conversation = await getConversation(conversationId, true);
  if (!conversation) throw new Error(`no conversation ${conversationId}`);
  return conversation;
}

const fromCustomer =
  (customer: SimulatedCustomer) =>
  (frame: ServerFrame): frame is Created =>
    isMessageCreated(frame) &&
    frame.message.openId === customer.openId &&
    frame.message.author === 'customer';

/**
 * Nothing reached the agent before this: a text the customer sends now is the next frame of theirs
 * (frames of one customer arrive in order).
 */
async function nextIsMarker(socket: AgentSocket, customer: SimulatedCustomer): Promise<Created> {
  const marker = `marker ${Math.random()}`;
  await customer.say(marker);
  const frame = await socket.next(fromCustomer(customer));
  expect(frame.message.content).toEqual({ type: 'text', text: marker });
  return frame;
}

async function pushRecordsOf(appId: string, openId: string) {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: system.runtime.tableNames.core,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `PUSHES#${appId}#${openId}` },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

async function ownerOf(app: TestApp) {
  return system.addAgent([app.appId], { role: 'owner' });
}

describe.each(modes)('a file (%s mode)', (_mode, mode) => {
  it('from a new customer opens a conversation, reaches the agent once and opens the 48-hour window', async () => {
    const app = await system.addApp(officialAccount(mode));
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);

    const delivery = await customer.sendFile({ title: '报价单.pdf', size: 2_516_582, description: '第二版' });
    expect(delivery.acknowledged).toBe(true);
    const frame = await socket.next(fromCustomer(customer));
    expect(frame.message).toMatchObject({
      author: 'customer',
      direction: 'inbound',
      opened: true,
      content: { type: 'file', title: '报价单.pdf', size: 2_516_582, description: '第二版' },
    });
    expect(frame.message.content).toMatchObject({ fileMd5: expect.stringMatching(/^[0-9a-f]{32}$/) });
    expect(frame.conversation).toMatchObject({ state: 'active', assigneeId: agent.agentId });
    const { conversationId } = frame.conversation;
    expect((await conversationNow(conversationId)).replyWindow).toMatchObject({ grant: 'message', used: 0 });

    // WeChat's retry: nothing more reaches the agent or the thread.
    expect((await customer.resend(delivery)).acknowledged).toBe(true);
    await nextIsMarker(socket, customer);
    const thread = await messagesOf(conversationId, agent.token);
    expect(thread.map((message) => message.content.type)).toEqual(['file', 'text']);
    await socket.close();
  });

  it('inside an open conversation is a customer message of its own type', async () => {
    const served = await servedConversation(system, officialAccount(mode));
    const before = await conversationNow(served.conversation.conversationId);
    await served.customer.sendFile({ title: 'photo.HEIC', size: 12 });
    const frame = await served.socket.next(fromCustomer(served.customer));
    expect(frame.message).toMatchObject({
      author: 'customer',
      content: { type: 'file', title: 'photo.HEIC' },
    });
    const after = await conversationNow(served.conversation.conversationId);
    expect(after.lastCustomerMessageAt).toBeGreaterThan(before.lastCustomerMessageAt ?? 0);
    expect(after.lastMessagePreview).toBe('[file] photo.HEIC');
    await served.socket.close();
  });
});

/** Pushes that are no conversation's business, by name, with the fields WeChat gives them. */
const setAside: [string, Record<string, string | number>][] = [
  ['VIEW', { EventKey: 'https://example.com/menu', MenuId: 7 }],
  ['view_miniprogram', { EventKey: 'pages/index/index', MenuId: 7 }],
  ['ENTER', {}],
  [
    'location_select',
    { EventKey: 'loc', 'SendLocationInfo.Location_X': '23.1', 'SendLocationInfo.Location_Y': '113.3' },
  ],
  ['pic_weixin', { EventKey: 'pic', 'SendPicsInfo.Count': 1 }],
  ['TEMPLATESENDJOBFINISH', { MsgID: '200163836', Status: 'success' }],
  ['MASSSENDJOBFINISH', { MsgID: '1000001625', Status: 'send success', TotalCount: 100 }],
  ['subscribe_msg_popup_event', { 'SubscribeMsgPopupEvent.List.TemplateId': 'T1' }],
  ['subscribe_msg_sent_event', { 'SubscribeMsgSentEvent.List.TemplateId': 'T1' }],
  ['card_pass_check', { CardId: 'c1' }],
  ['WifiConnected', { ConnectTime: 1, ShopId: 's' }],
];

describe.each(modes)('events that are not the customer writing (%s mode)', (_mode, mode) => {
  it('inside an open conversation: no line, no activity, no window change; kept for audit once', async () => {
    const served = await servedConversation(system, officialAccount(mode));
    const { conversationId } = served.conversation;
    const before = await conversationNow(conversationId);

    const deliveries = [];
    for (const [event, fields] of setAside) {
      const delivery = await served.customer.sendEvent(event, fields);
      expect(delivery.acknowledged, event).toBe(true);
      deliveries.push(delivery);
    }
    await served.customer.reportLocation({ latitude: 23.137466, longitude: 113.352425, precision: 119 });
    // WeChat retries one of each kind.
    for (const delivery of deliveries) await served.customer.resend(delivery);

    const after = await conversationNow(conversationId);
    expect(after.lastCustomerMessageAt).toBe(before.lastCustomerMessageAt);
    expect(after.lastMessageId).toBe(before.lastMessageId);
    expect(after.replyWindow).toEqual(before.replyWindow);
    const records = await pushRecordsOf(served.app.appId, served.customer.openId);
    expect(records.map((record) => record.event).sort()).toEqual(setAside.map(([event]) => event).sort());
    expect(records.find((record) => record.event === 'TEMPLATESENDJOBFINISH')).toMatchObject({
      pushClass: 'delivery-report',
      reportsOn: '200163836',
      fields: { Status: 'success' },
    });
    expect(records.find((record) => record.event === 'card_pass_check')).toMatchObject({
      pushClass: 'other',
    });

    const { Item: profile } = await dynamo().send(
      new GetCommand({
        TableName: system.runtime.tableNames.core,
        Key: customerProfileKey(served.app.appId, served.customer.openId),
        ConsistentRead: true,
      }),
    );
    expect(profile?.lastLocation).toMatchObject({
      latitude: 23.137466,
      longitude: 113.352425,
      precision: 119,
    });

    await nextIsMarker(served.socket, served.customer);
    const thread = await messagesOf(conversationId, served.agent.token);
    expect(thread.map((message) => message.content.type)).toEqual(['text', 'text']);
    await served.socket.close();
  });

  it('from a new customer: nothing opens, nothing reaches an agent', async () => {
    const app = await system.addApp(officialAccount(mode));
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    for (const [event, fields] of setAside) await customer.sendEvent(event, fields);
    await customer.reportLocation({ latitude: 1.5, longitude: 2.5 });
    const opened = await nextIsMarker(socket, customer);
    expect(opened.message.opened).toBe(true);
    const thread = await messagesOf(opened.conversation.conversationId, agent.token);
    expect(thread).toHaveLength(1);
    await socket.close();
  });
});

describe.each(modes)('menu clicks (%s mode)', (_mode, mode) => {
  it('a "talk to a person" key opens a conversation, is routed like a message and answered with its text', async () => {
    const app = await system.addApp(officialAccount(mode));
    const owner = await ownerOf(app);
    const changed = await system.request<{ app: { menuKeys: unknown[] } }>(
      owner.token,
      'PATCH',
      `/api/admin/apps/${app.appId}`,
      { menuKeys: [{ key: 'CONTACT_KF', action: 'contact', reply: '您好，客服马上就来。' }] },
    );
    expect(changed.status).toBe(200);
    const socket = await system.connect(owner.token);
    const customer = system.simulator.customer(app.appId);

    const delivery = await customer.clickMenu('CONTACT_KF');
    const frame = await socket.next(fromCustomer(customer));
    expect(frame.message).toMatchObject({
      opened: true,
      content: { type: 'event', event: 'CLICK', detail: { eventKey: 'CONTACT_KF' } },
    });
    expect(frame.conversation).toMatchObject({ state: 'active', assigneeId: owner.agentId });
    const { conversationId } = frame.conversation;
    const reply = await customer.nextReceived((message) => message.text === '您好，客服马上就来。');
    expect(reply.msgtype).toBe('text');
    // WeChat's window for a click: 3 within a minute, one of them now used by the answer.
    await eventually(async () =>
      expect((await conversationNow(conversationId)).replyWindow).toMatchObject({
        grant: 'menu-click',
        used: 1,
      }),
    );

    await customer.resend(delivery);
    await nextIsMarker(socket, customer);
    const thread = await messagesOf(conversationId, owner.token);
    expect(thread.filter((message) => message.author === 'customer').map((m) => m.content.type)).toEqual([
      'event',
      'text',
    ]);
    expect(thread.filter((message) => message.author === 'bot')).toHaveLength(1);
    await socket.close();
  });

  it('another key inside an open conversation is a system line and keeps the 48-hour window', async () => {
    const served = await servedConversation(system, officialAccount(mode));
    const { conversationId } = served.conversation;
    const before = await conversationNow(conversationId);
    await served.customer.clickMenu('PROMOTIONS');
    const frame = await served.socket.next(fromCustomer(served.customer));
    expect(frame.message.content).toEqual({
      type: 'event',
      event: 'CLICK',
      detail: { eventKey: 'PROMOTIONS' },
    });
    const after = await conversationNow(conversationId);
    expect(after.replyWindow).toEqual(before.replyWindow);
    await served.socket.close();
  });

  it('another key from a new customer opens nothing; a reply key is answered all the same', async () => {
    const app = await system.addApp(officialAccount(mode));
    const owner = await ownerOf(app);
    await system.request(owner.token, 'PATCH', `/api/admin/apps/${app.appId}`, {
      menuKeys: [{ key: 'HOURS', action: 'reply', reply: '营业时间 9:00–18:00' }],
    });
    const socket = await system.connect(owner.token);
    const customer = system.simulator.customer(app.appId);
    await customer.clickMenu('PROMOTIONS');
    await customer.clickMenu('HOURS');
    expect((await customer.nextReceived()).text).toBe('营业时间 9:00–18:00');
    const opened = await nextIsMarker(socket, customer);
    expect(await messagesOf(opened.conversation.conversationId, owner.token)).toHaveLength(1);
    expect(customer.inbox).toHaveLength(1);
    await socket.close();
  });
});

describe.each(modes)('QR scenes (%s mode)', (_mode, mode) => {
  it("a store's QR code reaches that store's queue, with the scan's own window", async () => {
    const app = await system.addApp(officialAccount(mode));
    const admin = await system.addAgent([app.appId], { role: 'admin' });
    const configured = await system.request(admin.token, 'PUT', `/api/admin/queues/${app.appId}/store-a`, {
      name: '门店A',
      qrSceneRules: [{ match: 'exact', pattern: 'store-a' }],
    });
    expect(configured.status).toBe(200);
    const storeAgent = await system.addAgent([app.appId], { queueIds: ['store-a'] });
    const socket = await system.connect(storeAgent.token);

    const follower = system.simulator.customer(app.appId);
    await follower.scanQrCode('store-a');
    const followed = await socket.next(fromCustomer(follower));
    expect(followed.message.content).toMatchObject({
      event: 'subscribe',
      detail: { eventKey: 'qrscene_store-a' },
    });
    expect(followed.conversation).toMatchObject({ queueId: 'store-a', assigneeId: storeAgent.agentId });
    expect((await conversationNow(followed.conversation.conversationId)).replyWindow).toMatchObject({
      grant: 'subscribe',
    });

    // Someone who already follows the account scans: SCAN with the bare scene.
    const scanner = system.simulator.customer(app.appId);
    await scanner.sendEvent('SCAN', { EventKey: 'store-a', Ticket: 'gQ1' });
    const scanned = await socket.next(fromCustomer(scanner));
    expect(scanned.message.content).toMatchObject({ event: 'SCAN', detail: { eventKey: 'store-a' } });
    expect(scanned.conversation).toMatchObject({ queueId: 'store-a' });
    expect((await conversationNow(scanned.conversation.conversationId)).replyWindow).toMatchObject({
      grant: 'qr-scan',
      used: 0,
    });
    await socket.close();
  });

  it('a scan inside an open conversation is a system line and keeps its queue', async () => {
    const served = await servedConversation(system, officialAccount(mode));
    await served.customer.sendEvent('SCAN', { EventKey: 'store-b', Ticket: 'gQ2' });
    const frame = await served.socket.next(fromCustomer(served.customer));
    expect(frame.message.content).toEqual({
      type: 'event',
      event: 'SCAN',
      detail: { eventKey: 'store-b', ticket: 'gQ2' },
    });
    expect(frame.conversation.conversationId).toBe(served.conversation.conversationId);
    await served.socket.close();
  });
});

describe.each(modes)('a message type WeChat adds later (%s mode)', (_mode, mode) => {
  it('is a customer waiting: it opens a conversation and reaches an agent', async () => {
    const app = await system.addApp(officialAccount(mode));
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.send({ MsgType: 'hologram', Depth: 3 });
    const frame = await socket.next(fromCustomer(customer));
    expect(frame.message).toMatchObject({ opened: true, content: { type: 'unknown', msgType: 'hologram' } });
    expect(frame.conversation).toMatchObject({ state: 'active', assigneeId: agent.agentId });
    await socket.close();
  });
});

describe('location reports every 5 seconds', () => {
  it('never keep a conversation open: it still closes for inactivity, with no location line', async () => {
    const served = await servedConversation(system, officialAccount({}));
    const { conversationId } = served.conversation;
    // The customer went quiet 31 minutes ago, right after the agent's reply (the default limit is 30).
    const now = Date.now();
    await dynamo().send(
      new UpdateCommand({
        TableName: system.runtime.tableNames.core,
        Key: conversationKey(conversationId),
        // As the agent's reply itself does, the customer's wait ends with it.
        UpdateExpression: 'SET lastCustomerMessageAt = :heard, lastReplyAt = :replied REMOVE unansweredSince',
        ExpressionAttributeValues: { ':heard': now - 32 * 60_000, ':replied': now - 31 * 60_000 },
      }),
    );
    // With the chat open, WeChat reports every 5 seconds (stamped 5 s apart, as WeChat would).
    const start = Math.floor(now / 1000) - 60;
    for (let report = 0; report < 12; report++) {
      await served.customer.send({
        MsgType: 'event',
        Event: 'LOCATION',
        CreateTime: start + report * 5,
        Latitude: 23.1 + report / 10_000,
        Longitude: 113.3,
        Precision: 30,
      });
    }
    await housekeeping();
    expect((await conversationNow(conversationId)).state).toBe('closed');
    const thread = await messagesOf(conversationId, served.agent.token);
    expect(thread.some((message) => JSON.stringify(message.content).includes('LOCATION'))).toBe(false);
    expect(thread.at(-1)?.content).toMatchObject({
      event: 'conversation_closed',
      detail: { reason: 'inactive' },
    });
    await served.socket.close();
  });
});
