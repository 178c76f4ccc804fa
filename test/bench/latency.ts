/**
 * The measurements that need the whole system: the local runtime (DynamoDB Local, the HTTP and
 * WebSocket emulators, the stream poller, the real functions) on loopback, with the WeChat simulator
 * in WeChat's place, driven over HTTP and WebSocket like a real client.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { dynamo } from '../../shared/store/client.ts';
import { buildCallback } from '../../shared/wechat/callback.ts';
import type { AgentSocket } from '../support/agent-socket.ts';
import { isMessageCreated } from '../support/agent-socket.ts';
import type { TestSystem } from '../support/system.ts';
import { type Distribution, distribution } from './stats.ts';

/** On-demand list prices, us-east-1, per million request units. */
export const prices = { writePerMillion: 0.625, readPerMillion: 0.125 };

export interface CallbackResult {
  messages: number;
  warmup: number;
  toAckMs: Distribution;
  toFrameMs: Distribution;
  capacity: { writeUnits: number; readUnits: number; dollarsPerMillion: number };
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

interface CapacityTotals {
  read: number;
  write: number;
}

const writeCommands = /^(Put|Update|Delete|BatchWrite|TransactWrite)/;

/**
 * Asks DynamoDB for the capacity every call consumed and adds it up, as reads or writes by command
 * (DynamoDB Local reports only the total per call).
 */
function meterCapacity(): CapacityTotals {
  const totals: CapacityTotals = { read: 0, write: 0 };
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity = 'TOTAL';
      const result = await next(args);
      const consumed = (result.output as { ConsumedCapacity?: unknown }).ConsumedCapacity;
      const entries = (Array.isArray(consumed) ? consumed : [consumed]) as (
        | { CapacityUnits?: number }
        | undefined
      )[];
      const units = entries.reduce((sum, entry) => sum + (entry?.CapacityUnits ?? 0), 0);
      if (writeCommands.test(context.commandName ?? '')) totals.write += units;
      else totals.read += units;
      return result;
    },
    { step: 'initialize', name: 'meterCapacity' },
  );
  return totals;
}

export interface Session {
  system: TestSystem;
  app: { appId: string; token: string; encodingAesKey: string };
  token: string;
  socket: AgentSocket;
  capacity: CapacityTotals;
}

/** One secure-mode XML app, one agent of default capacity with its socket open, and the capacity meter. */
export async function openSession(system: TestSystem): Promise<Session> {
  const added = await system.addApp({ format: 'xml' });
  if (!added.encodingAesKey) throw new Error('the bench app has no EncodingAESKey');
  const app = { appId: added.appId, token: added.token, encodingAesKey: added.encodingAesKey };
  const agent = await system.addAgent([app.appId]);
  const socket = await system.connect(agent.token);
  return { system, app, token: agent.token, socket, capacity: meterCapacity() };
}

/**
 * Callback POST → `success`, and → `message.created` on the agent's socket, for secure-mode XML text
 * messages from one customer; and the DynamoDB request units the whole ingest + dispatch took.
 */
export async function measureCallbacks(
  session: Session,
  messages: number,
  warmup: number,
): Promise<CallbackResult> {
  const { system, app, socket, capacity } = session;
  const openId = `o${randomBytes(12).toString('base64url')}`;
  const toFrame: number[] = [];
  const toAck: number[] = [];
  let before: CapacityTotals = { read: 0, write: 0 };
  for (let index = 0; index < warmup + messages; index++) {
    if (index === warmup) before = { ...capacity };
    const content = `bench message ${index}`;
    const request = buildCallback(app, {
      fields: {
        ToUserName: 'gh_0123456789ab',
        FromUserName: openId,
        CreateTime: Math.floor(Date.now() / 1000),
        MsgType: 'text',
        Content: content,
        MsgId: BigInt(Date.now()) * 1000n + BigInt(index),
      },
      format: 'xml',
      mode: 'secure',
    });
    const started = performance.now();
    const response = await fetch(
      `${system.runtime.httpUrl}/wechat/${app.appId}?${new URLSearchParams(request.query)}`,
      {
        method: 'POST',
        body: request.body,
      },
    );
    const answer = await response.text();
    const acked = performance.now();
    if (answer !== 'success') throw new Error(`callback answered ${response.status} ${answer}`);
    const frame = await socket.next(isMessageCreated);
    const received = performance.now();
    if (frame.message.content.type !== 'text' || frame.message.content.text !== content) {
      throw new Error(`frames out of order: expected "${content}"`);
    }
    if (index >= warmup) {
      toAck.push(acked - started);
      toFrame.push(received - started);
    }
  }
  const writeUnits = (capacity.write - before.write) / messages;
  const readUnits = (capacity.read - before.read) / messages;
  return {
    messages,
    warmup,
    toAckMs: distribution(toAck),
    toFrameMs: distribution(toFrame),
    capacity: {
      writeUnits,
      readUnits,
      dollarsPerMillion: writeUnits * prices.writePerMillion + readUnits * prices.readPerMillion,
    },
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
