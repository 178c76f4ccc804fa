/**
 * `npm run bench`: numbers, not assertions. Starts the local runtime in memory and measures
 *  - callback POST → `message.created` on the agent's socket (and POST → `success`), 100 messages;
 *  - an agent's send → the (simulated) WeChat customer receiving it, 200 messages, and duplicates;
 *  - the CPU cost of verify + decrypt + parse against the bare crypto it contains;
 *  - DynamoDB request units per inbound message (ingest + dispatch) and what they cost at list prices;
 *  - an agent freeing capacity (closing) → the oldest waiting customer assigned to them, 50 times.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { dynamo } from '../../shared/store/client.ts';
import { registerAgent, registerApp } from '../../shared/admin/registration.ts';
import { buildCallback, openCallback } from '../../shared/wechat/callback.ts';
import { MessageCipher } from '../../shared/wechat/crypto.ts';
import { connectAgentSocket, isMessageCreated } from '../support/agent-socket.ts';
import { randomAlphanumeric, randomAppId, startSystem, type TestSystem } from '../support/system.ts';

const messages = 100;
const replies = 200;
const warmup = 10;
const cpuIterations = 5000;
const handovers = 50;
/** On-demand list prices, us-east-1, per million request units. */
const writePricePerMillion = 0.625;
const readPricePerMillion = 0.125;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

function summary(label: string, samples: number[]): string {
  const sorted = [...samples].sort((a, b) => a - b);
  const f = (value: number) => value.toFixed(2).padStart(8);
  return `${label.padEnd(34)} median ${f(percentile(sorted, 50))} ms   p95 ${f(percentile(sorted, 95))} ms   p99 ${f(
    percentile(sorted, 99),
  )} ms   max ${f(sorted.at(-1) ?? Number.NaN)} ms`;
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

/**
 * One agent of capacity 1 with a line of waiting customers: each close must hand the agent the next
 * customer in line. Measures the close request until the assignment reaches the agent's socket.
 */
async function measureHandovers(system: TestSystem): Promise<number[]> {
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
  return samples;
}

async function main(): Promise<void> {
  const system = await startSystem();
  const { runtime } = system;
  try {
    const app = {
      appId: randomAppId(),
      workspaceId: 'bench',
      type: 'miniprogram' as const,
      name: 'bench',
      format: 'xml' as const,
      token: randomAlphanumeric(16),
      encodingAesKey: randomAlphanumeric(43),
      secret: randomAlphanumeric(32),
    };
    await registerApp(app);
    const password = randomAlphanumeric(16);
    await registerAgent({ appIds: [app.appId], username: 'bench-agent', password });
    const login = await fetch(`${runtime.httpUrl}/api/auth/login`, {
      method: 'POST',
      body: JSON.stringify({ username: 'bench-agent', password }),
    });
    const { token } = (await login.json()) as { token: string };
    const socket = await connectAgentSocket(runtime.webSocketUrl, token);
    const openId = `o${randomBytes(12).toString('base64url')}`;
    const capacity = meterCapacity();

    const toFrame: number[] = [];
    const toAck: number[] = [];
    let capacityBefore: CapacityTotals = { read: 0, write: 0 };
    for (let index = 0; index < warmup + messages; index++) {
      if (index === warmup) capacityBefore = { ...capacity };
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
        `${runtime.httpUrl}/wechat/${app.appId}?${new URLSearchParams(request.query)}`,
        {
          method: 'POST',
          body: request.body,
        },
      );
      await response.text();
      const acked = performance.now();
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
    const reads = (capacity.read - capacityBefore.read) / messages;
    const writes = (capacity.write - capacityBefore.write) / messages;

    // Outbound: every reply answers a fresh customer message, so WeChat's quota never interferes.
    const customer = system.simulator.customer(app.appId);
    const toCustomer: number[] = [];
    let conversationId = '';
    for (let index = 0; index < warmup + replies; index++) {
      await customer.say(`question ${index}`);
      conversationId = (await socket.next(isMessageCreated)).message.conversationId;
      const text = `answer ${index}`;
      const started = performance.now();
      const response = await fetch(`${runtime.httpUrl}/api/conversations/${conversationId}/messages`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text } }),
      });
      if (response.status !== 201) throw new Error(`send answered ${response.status}`);
      await customer.nextReceived((received) => received.text === text);
      if (index >= warmup) toCustomer.push(performance.now() - started);
    }
    // Retried sends (same client message id, 4 times each) must reach the customer once.
    const retried = 20;
    for (let index = 0; index < retried; index++) {
      await customer.say(`retry question ${index}`);
      await socket.next(isMessageCreated);
      const body = JSON.stringify({
        clientMessageId: randomUUID(),
        content: { type: 'text', text: `retried ${index}` },
      });
      await Promise.all(
        [1, 2, 3, 4].map(() =>
          fetch(`${runtime.httpUrl}/api/conversations/${conversationId}/messages`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body,
          }),
        ),
      );
      await customer.nextReceived((received) => received.text === `retried ${index}`);
    }
    await customer.say('last');
    await socket.next(isMessageCreated);
    const marker = `marker ${randomUUID()}`;
    await fetch(`${runtime.httpUrl}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text: marker } }),
    });
    await customer.nextReceived((received) => received.text === marker);
    const duplicates =
      customer.inbox.filter((received) => received.text?.startsWith('retried ')).length - retried;
    await socket.close();

    console.log(`local runtime, ${messages} secure-mode XML text messages, one agent socket`);
    console.log(summary('callback POST → "success"', toAck));
    console.log(summary('callback POST → frame on socket', toFrame));
    console.log(summary('agent send → customer receives', toCustomer));
    console.log(
      `duplicate deliveries to the customer under 4× retried sends (${retried} sends): ${duplicates}`,
    );
    const toHandover = await measureHandovers(system);
    console.log(summary('close → next in line assigned', toHandover));
    console.log(
      `DynamoDB per inbound message: ${writes.toFixed(2)} WRU + ${reads.toFixed(2)} RRU ` +
        `→ $${(writes * writePricePerMillion + reads * readPricePerMillion).toFixed(2)} per million messages (on-demand list price)`,
    );
  } finally {
    await system.stop();
  }

  const app = { appId: randomAppId(), token: randomAlphanumeric(16), encodingAesKey: randomAlphanumeric(43) };
  const request = buildCallback(app, {
    fields: {
      ToUserName: 'gh_0123456789ab',
      FromUserName: 'oBench',
      CreateTime: 1_714_112_445,
      MsgType: 'text',
      Content: '你好，我想问一下订单什么时候发货？',
      MsgId: 6054768590064713728n,
    },
    format: 'xml',
    mode: 'secure',
  });
  const encrypted = /<Encrypt><!\[CDATA\[(.*)\]\]><\/Encrypt>/.exec(request.body)?.[1] ?? '';
  const cipher = new MessageCipher(app.encodingAesKey, app.appId);
  const time = (run: () => void) => {
    for (let index = 0; index < 500; index++) run();
    const started = performance.now();
    for (let index = 0; index < cpuIterations; index++) run();
    return ((performance.now() - started) * 1000) / cpuIterations;
  };
  const whole = time(() => openCallback(app, request));
  const crypto = time(() => {
    createHash('sha1').update(encrypted).digest('hex');
    cipher.decrypt(encrypted);
  });
  console.log(
    `verify + decrypt + parse: ${whole.toFixed(1)} µs per callback; the sha1 + AES inside it alone: ${crypto.toFixed(1)} µs`,
  );
}

await main();
