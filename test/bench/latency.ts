/**
 * The measurements that need the whole system: the local runtime (DynamoDB Local, the HTTP and
 * WebSocket emulators, the stream poller, the real functions) on loopback, with the WeChat simulator
 * in WeChat's place, driven over HTTP and WebSocket like a real client.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { buildCallback } from '../../shared/wechat/callback.ts';
import type { AgentSocket } from '../support/agent-socket.ts';
import { isMessageCreated } from '../support/agent-socket.ts';
import type { TestSystem } from '../support/system.ts';
import { breakdown, type CostBreakdown, type CostMeter, meterCosts, snapshot } from './cost.ts';
import { type Distribution, distribution } from './stats.ts';

export interface CallbackResult {
  messages: number;
  warmup: number;
  toAckMs: Distribution;
  toFrameMs: Distribution;
  /** The inbound path's DynamoDB units per message (callback and dispatch; see `cost.ts`). */
  capacity: { writeUnits: number; readUnits: number; dollarsPerMillion: number };
  /** Messages in open conversations, customers taking turns, by function, table and index. */
  cost: CostBreakdown;
  /** First messages of new customers, each opening a conversation that goes to an agent at once. */
  openingCost: CostBreakdown;
  /** One customer writing back to back (about ten a second) into their open conversation. */
  burstCost: CostBreakdown;
}

export interface SendResult {
  replies: number;
  warmup: number;
  toCustomerMs: Distribution;
  retriedSends: number;
  attemptsPerSend: number;
  duplicates: number;
}

export interface HandoverResult {
  handovers: number;
  closeToAssignedMs: Distribution;
}

export interface Session {
  system: TestSystem;
  app: { appId: string; token: string; encodingAesKey: string };
  token: string;
  socket: AgentSocket;
  costs: CostMeter;
}

/** One secure-mode XML app, one agent of default capacity with its socket open, and the capacity meter. */
export async function openSession(system: TestSystem): Promise<Session> {
  const added = await system.addApp({ format: 'xml' });
  if (!added.encodingAesKey) throw new Error('the bench app has no EncodingAESKey');
  const app = { appId: added.appId, token: added.token, encodingAesKey: added.encodingAesKey };
  const agent = await system.addAgent([app.appId]);
  const socket = await system.connect(agent.token);
  return { system, app, token: agent.token, socket, costs: meterCosts(system.runtime.tableNames) };
}

/** A secure-mode XML text message from the customer, signed and encrypted as WeChat would. */
function textCallback(app: Session['app'], openId: string, content: string, msgId: bigint) {
  return buildCallback(app, {
    fields: {
      ToUserName: 'gh_0123456789ab',
      FromUserName: openId,
      CreateTime: Math.floor(Date.now() / 1000),
      MsgType: 'text',
      Content: content,
      MsgId: msgId,
    },
    format: 'xml',
    mode: 'secure',
  });
}

async function postCallback(
  system: TestSystem,
  app: Session['app'],
  request: { query: Record<string, string>; body: string },
): Promise<void> {
  const response = await fetch(
    `${system.runtime.httpUrl}/wechat/${app.appId}?${new URLSearchParams(request.query)}`,
    { method: 'POST', body: request.body },
  );
  const answer = await response.text();
  if (answer !== 'success') throw new Error(`callback answered ${response.status} ${answer}`);
}

/** Lets the stream consumer finish what the last frame's message started (its reads after the push). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 500));

const newOpenId = () => `o${randomBytes(12).toString('base64url')}`;

/** The cost cases of a callback section, labelled (the report and the console show them in this order). */
export function costCases(callback: CallbackResult): [string, CostBreakdown][] {
  return [
    [`Message in an open conversation (${costedSizes.customers} customers in turn)`, callback.cost],
    ['First message of a conversation', callback.openingCost],
    ['One customer writing back to back', callback.burstCost],
  ];
}

/** How many messages the cost cases send (see `measureCallbacks`). */
export const costedSizes = { customers: 25, rounds: 2, openings: 20, burst: 50 };

/**
 * Callback POST → `success`, and → `message.created` on the agent's socket, for secure-mode XML text
 * messages from one customer. Then, apart (the meter's work on transactions would slow them down),
 * what messages cost (`cost.ts`), on another app whose one agent has room for every customer:
 * - first messages: customers who each open a conversation with one message, given to the agent;
 * - messages in open conversations: those customers writing again in turn, so that each writes every
 *   few seconds, as people do;
 * - one customer writing back to back (about ten a second) into their open conversation (as the latency loop
 *   does), more than their conversation remembers for the minutes a repeated delivery may come in.
 */
export async function measureCallbacks(
  session: Session,
  messages: number,
  warmup: number,
  sizes = costedSizes,
): Promise<CallbackResult> {
  const { system, app, socket, costs } = session;
  const openId = newOpenId();
  const toFrame: number[] = [];
  const toAck: number[] = [];
  const say = async (index: number) => {
    const content = `bench message ${index}`;
    const request = textCallback(app, openId, content, BigInt(Date.now()) * 1000n + BigInt(index));
    const started = performance.now();
    await postCallback(system, app, request);
    const acked = performance.now();
    const frame = await socket.next(isMessageCreated);
    const received = performance.now();
    if (frame.message.content.type !== 'text' || frame.message.content.text !== content) {
      throw new Error(`frames out of order: expected "${content}"`);
    }
    return { toAck: acked - started, toFrame: received - started };
  };
  for (let index = 0; index < warmup + messages; index++) {
    const timing = await say(index);
    if (index >= warmup) {
      toAck.push(timing.toAck);
      toFrame.push(timing.toFrame);
    }
  }

  const added = await system.addApp({ format: 'xml' });
  if (!added.encodingAesKey) throw new Error('the bench app has no EncodingAESKey');
  const costApp = { appId: added.appId, token: added.token, encodingAesKey: added.encodingAesKey };
  const agent = await system.addAgent([costApp.appId], { capacity: sizes.customers + sizes.openings + 2 });
  const costSocket = await system.connect(agent.token);
  let sent = 0;
  const write = async (customer: string, content: string) => {
    await postCallback(
      system,
      costApp,
      textCallback(costApp, customer, content, BigInt(Date.now()) * 1000n + BigInt(sent++)),
    );
    const frame = await costSocket.next(isMessageCreated);
    if (frame.message.content.type !== 'text' || frame.message.content.text !== content) {
      throw new Error(`frames out of order: expected "${content}"`);
    }
    return frame;
  };
  const measure = async (count: number, run: () => Promise<void>) => {
    await settle();
    const before = snapshot(costs, costSocket.frames.length);
    await run();
    await settle();
    return breakdown(before, snapshot(costs, costSocket.frames.length), count);
  };
  costs.exactTransactions = true;

  const customers = Array.from({ length: sizes.customers }, newOpenId);
  const openingCost = await measure(sizes.customers, async () => {
    for (const customer of customers) {
      const frame = await write(customer, `first message of ${customer}`);
      if (!frame.message.opened || frame.conversation.assigneeId !== agent.agentId) {
        throw new Error(`${customer} did not open a conversation of the agent`);
      }
    }
  });
  const cost = await measure(sizes.customers * sizes.rounds, async () => {
    for (let round = 0; round < sizes.rounds; round++) {
      for (const customer of customers) await write(customer, `message ${round} of ${customer}`);
    }
  });
  const chatty = newOpenId();
  await write(chatty, 'hello');
  const burstCost = await measure(sizes.burst, async () => {
    for (let index = 0; index < sizes.burst; index++) await write(chatty, `quick message ${index}`);
  });
  costs.exactTransactions = false;
  await costSocket.close();

  return {
    messages,
    warmup,
    toAckMs: distribution(toAck),
    toFrameMs: distribution(toFrame),
    capacity: {
      writeUnits: cost.inbound.writeUnits,
      readUnits: cost.inbound.readUnits,
      dollarsPerMillion: cost.price.dynamodb,
    },
    cost,
    openingCost,
    burstCost,
  };
}

/**
 * An agent's send → the (simulated) WeChat customer receiving it; every reply answers a fresh customer
 * message, so WeChat's quota never interferes. Then sends retried 4 times with one client message id,
 * which must reach the customer once each.
 */
export async function measureSends(
  session: Session,
  replies: number,
  warmup: number,
  retried: number,
): Promise<SendResult> {
  const { system, app, socket, token } = session;
  const httpUrl = system.runtime.httpUrl;
  const customer = system.simulator.customer(app.appId);
  const send = (conversationId: string, body: string) =>
    fetch(`${httpUrl}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body,
    });
  const toCustomer: number[] = [];
  let conversationId = '';
  for (let index = 0; index < warmup + replies; index++) {
    await customer.say(`question ${index}`);
    conversationId = (await socket.next(isMessageCreated)).message.conversationId;
    const text = `answer ${index}`;
    const started = performance.now();
    const response = await send(
      conversationId,
      JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text } }),
    );
    if (response.status !== 201) throw new Error(`send answered ${response.status}`);
    await customer.nextReceived((received) => received.text === text);
    if (index >= warmup) toCustomer.push(performance.now() - started);
  }
  const attemptsPerSend = 4;
  for (let index = 0; index < retried; index++) {
    await customer.say(`retry question ${index}`);
    await socket.next(isMessageCreated);
    const body = JSON.stringify({
      clientMessageId: randomUUID(),
      content: { type: 'text', text: `retried ${index}` },
    });
    await Promise.all(Array.from({ length: attemptsPerSend }, () => send(conversationId, body)));
    await customer.nextReceived((received) => received.text === `retried ${index}`);
  }
  // A last send, after which every earlier delivery has arrived.
  await customer.say('last');
  await socket.next(isMessageCreated);
  const marker = `marker ${randomUUID()}`;
  await send(
    conversationId,
    JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text: marker } }),
  );
  await customer.nextReceived((received) => received.text === marker);
  const duplicates =
    customer.inbox.filter((received) => received.text?.startsWith('retried ')).length - retried;
  return {
    replies,
    warmup,
    toCustomerMs: distribution(toCustomer),
    retriedSends: retried,
    attemptsPerSend,
    duplicates,
  };
}

/**
 * One agent of capacity 1 with a line of waiting customers: each close must hand the agent the next
 * customer in line. Measures the close request until the assignment reaches the agent's socket.
 */
export async function measureHandovers(system: TestSystem, handovers: number): Promise<HandoverResult> {
  const app = await system.addApp();
  const agent = await system.addAgent([app.appId], { capacity: 1 });
  const socket = await system.connect(agent.token);
  const customers = Array.from({ length: handovers + 1 }, () => system.simulator.customer(app.appId));
  const [first, ...waiting] = customers;
  if (!first) throw new Error('no customers');
  await first.say('first');
  let current = (await socket.next(isMessageCreated)).conversation.conversationId;
  for (const customer of waiting) await customer.say('waiting');
  const samples: number[] = [];
  for (const next of waiting) {
    const started = performance.now();
    const closed = await fetch(`${system.runtime.httpUrl}/api/conversations/${current}/close`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.token}` },
    });
    if (closed.status !== 200) throw new Error(`close answered ${closed.status}`);
    const assigned = await socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'conversation.updated' }> =>
        frame.type === 'conversation.updated' &&
        frame.conversation.state === 'active' &&
        frame.conversation.openId === next.openId,
    );
    samples.push(performance.now() - started);
    current = assigned.conversation.conversationId;
  }
  await socket.close();
  return { handovers, closeToAssignedMs: distribution(samples) };
}
