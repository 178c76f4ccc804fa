/**
 * Scale on the local runtime: many customers writing at once to an app whose agents, spread over
 * several queues, cannot all serve them, so that most wait in line; agents close each conversation
 * once its customer has said everything, which hands them the next in line, until everyone has been
 * served. Then the store and what the sockets received are checked for what must never happen.
 */

import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import WebSocket from 'ws';
import type { CallbackDelivery } from '../../infra/local/wechat-simulator/types.ts';
import { configureQueue } from '../../shared/admin/queue-registration.ts';
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { dynamo } from '../../shared/store/client.ts';
import type { TestAgent, TestSystem } from '../support/system.ts';
import { type Distribution, distribution } from './stats.ts';

export interface ScalePlan {
  customers: number;
  /** Queues of the app, `default` included; customers and agents are spread evenly over them. */
  queues: number;
  agents: number;
  capacity: number;
  /** Text messages each customer sends, one after another, after entering the chat. */
  messagesPerCustomer: number;
}

export interface ScaleResult {
  plan: ScalePlan;
  /** Wall time from the first callback to the last customer served. */
  durationMs: number;
  /** Customer messages (texts) stored per second over the whole run. */
  messagesPerSecond: number;
  /** Callback POST → `message.created` on the agent's socket, for messages sent while being served. */
  toFrameMs: Distribution;
  /** Callbacks WeChat (the simulator) gave up on after its retries. */
  unacknowledged: number;
  callbackAttempts: number;
  /** Messages a customer sent that are not in the store (must be 0). */
  lost: number;
  /** Customers never given to an agent (none of their messages reached the system): must be 0. */
  neverServed: number;
  /** Messages stored more than once (must be 0). */
  duplicated: number;
  /** Conversations held by two agents, or a customer's two conversations held at once (must be 0). */
  doubleAssigned: number;
  /** Moments an agent held more active conversations than their capacity (must be 0). */
  capacityBreaches: number;
  /** Waiting customers served before someone of their queue who had been waiting longer (must be 0). */
  servedOutOfOrder: number;
  /** Closes an agent had to click again because the runtime answered 5xx. */
  closeRetries: number;
  /** Peak resident memory: this process (the runtime and its functions) and DynamoDB Local's JVM. */
  peakMemoryMiB: { runtime: number; dynamodbLocal: number };
}

const serveWithinMs = 30 * 60_000;
/** As often as the console's socket says it is still there (web/src/socket.ts), which keeps the agent present. */
const heartbeatMs = 5 * 60_000;

interface AgentView {
  agent: TestAgent;
  socket: WebSocket;
  active: Set<string>;
  maxActive: number;
}

function jvmPeakMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN);
  return kib / 1024;
}

export async function measureScale(system: TestSystem, plan: ScalePlan): Promise<ScaleResult> {
  const app = await system.addApp({ format: 'xml' });
  const queueIds = Array.from({ length: plan.queues }, (_, index) =>
    index === 0 ? 'default' : `shop-${index}`,
  );
  for (const queueId of queueIds.slice(1)) {
    await configureQueue({
      appId: app.appId,
      queueId,
      name: queueId,
      sessionFromRules: [{ match: 'exact', pattern: queueId }],
    });
  }
  // A few at a time: each registration and sign-in hashes a password (scrypt, 32 MiB, libuv's pool).
  const agents: TestAgent[] = [];
  for (let first = 0; first < plan.agents; first += 4) {
    const batch = Array.from({ length: Math.min(4, plan.agents - first) }, (_, offset) =>
      system.addAgent([app.appId], {
        capacity: plan.capacity,
        queueIds: [queueIds[(first + offset) % queueIds.length] as string],
      }),
    );
    agents.push(...(await Promise.all(batch)));
  }

  const customers = Array.from({ length: plan.customers }, () => system.simulator.customer(app.appId));
  const queueOf = new Map(
    customers.map((customer, index) => [customer.openId, queueIds[index % queueIds.length]]),
  );
  const finishedWriting = new Set<string>();
  /** Per conversation: the agent it was assigned to, each time it was. */
  const assignments = new Map<string, Set<string>>();
  /**
   * Per queue: the customers who waited, in the order their assignments reached the agents' sockets
   * (sockets of different agents may deliver two assignments made within a millisecond in either
   * order, so a non-zero count is looked into, not taken as proof).
   */
  const servedOrder = new Map<string, { openId: string; createdAt: number }[]>();
  const openConversations = new Map<string, Conversation>();
  const served = new Set<string>();
  const deliveryOf = new Map<string, CallbackDelivery>();
  /** When the last customer was first given to an agent: the run's end, whatever is checked after it. */
  let lastServedAt = 0;
  const sentAt = new Map<string, number>();
  const toFrame: number[] = [];
  let capacityBreaches = 0;
  let heldTwiceAtOnce = 0;
  const closeFailures: unknown[] = [];
  let allServed: () => void = () => {};
  const everyoneServed = new Promise<void>((resolve) => {
    allServed = resolve;
  });
  /** Customers WeChat (the simulator) heard back from at least once: they must all be served. */
  const heard = new Set<string>();
  let everyoneWrote = false;
  // A customer none of whose deliveries was acknowledged may be unknown to the system altogether
  // (each is counted as lost below); waiting for them to be served would wait for ever.
  const checkEveryoneServed = () => {
    if (served.size === plan.customers) allServed();
    else if (everyoneWrote && [...heard].every((openId) => served.has(openId))) allServed();
  };

  const views: AgentView[] = [];
  let closeRetries = 0;
  // An agent whose close fails (a 5xx, a 408 or a dropped connection when the runtime is
  // overwhelmed) clicks again a little later.
  const close = async (view: AgentView, conversationId: string): Promise<void> => {
    for (let attempt = 1; ; attempt++) {
      const status = await fetch(`${system.runtime.httpUrl}/api/conversations/${conversationId}/close`, {
        method: 'POST',
        headers: { authorization: `Bearer ${view.agent.token}` },
      }).then(
        async (response) => {
          await response.text();
          return response.status;
        },
        () => 0,
      );
      if (status === 200 || status === 409) return;
      // 408: the runtime did not read the request in time (Node's server gives up on slow headers).
      const refused = status > 0 && status < 500 && status !== 408;
      if (refused || attempt === 10) throw new Error(`close answered ${status}`);
      closeRetries++;
      await sleep(1000 * attempt);
    }
  };
  const closeIfDone = (view: AgentView, conversation: Conversation) => {
    if (!view.active.has(conversation.conversationId)) return;
    if (!finishedWriting.has(conversation.openId)) return;
    view.active.delete(conversation.conversationId);
    close(view, conversation.conversationId).catch((error: unknown) => closeFailures.push(error));
  };
  /** `waited`: assigned later from the line (a `conversation.updated`), not on arrival. */
  const onAssigned = (view: AgentView, conversation: Conversation, waited: boolean) => {
    const holders = assignments.get(conversation.conversationId) ?? new Set<string>();
    holders.add(view.agent.agentId);
    assignments.set(conversation.conversationId, holders);
    if (view.active.has(conversation.conversationId)) return;
    const heldElsewhere = views.some((other) =>
      [...other.active].some(
        (held) =>
          held !== conversation.conversationId && openConversations.get(held)?.openId === conversation.openId,
      ),
    );
    if (heldElsewhere) heldTwiceAtOnce++;
    view.active.add(conversation.conversationId);
    view.maxActive = Math.max(view.maxActive, view.active.size);
    if (view.active.size > plan.capacity) capacityBreaches++;
    openConversations.set(conversation.conversationId, conversation);
    if (!served.has(conversation.openId)) {
      served.add(conversation.openId);
      lastServedAt = performance.now();
      if (waited) {
        const order = servedOrder.get(conversation.queueId) ?? [];
        order.push({ openId: conversation.openId, createdAt: conversation.createdAt });
        servedOrder.set(conversation.queueId, order);
      }
      checkEveryoneServed();
    }
    closeIfDone(view, conversation);
  };

  for (const agent of agents) {
    const view: AgentView = {
      agent,
      socket: undefined as unknown as WebSocket,
      active: new Set(),
      maxActive: 0,
    };
    view.socket = await new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`${system.runtime.webSocketUrl}?token=${encodeURIComponent(agent.token)}`);
      socket.on('message', (data) => {
        const at = performance.now();
        const frame = JSON.parse(String(data)) as ServerFrame;
        if (frame.type !== 'message.created' && frame.type !== 'conversation.updated') return;
        const { conversation } = frame;
        if (conversation.state === 'active' && conversation.assigneeId === agent.agentId) {
          onAssigned(view, conversation, frame.type === 'conversation.updated');
        } else if (conversation.state === 'closed' || conversation.assigneeId !== agent.agentId) {
          view.active.delete(conversation.conversationId);
        }
        if (frame.type === 'message.created' && frame.message.content.type === 'text') {
          const sent = sentAt.get(frame.message.content.text);
          if (sent !== undefined) toFrame.push(at - sent);
        }
      });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });
    views.push(view);
  }

  const heartbeat = setInterval(() => {
    for (const view of views) view.socket.send(JSON.stringify({ action: 'ping' }));
  }, heartbeatMs);
  let attempts = 0;
  let unacknowledged = 0;
  const started = performance.now();
  const progress = setInterval(() => {
    const waitingFor = customers.filter((customer) => !served.has(customer.openId)).length;
    const holding = views.reduce((sum, view) => sum + view.active.size, 0);
    console.log(
      `  scale: ${((performance.now() - started) / 1000).toFixed(0)} s, ${finishedWriting.size} finished writing, ${served.size} of ${plan.customers} served, ${waitingFor} not yet, ${holding} conversations held`,
    );
  }, 10_000);
  await Promise.all(
    customers.map(async (customer) => {
      const queueId = queueOf.get(customer.openId) as string;
      const deliveries = [await customer.enterSession(queueId === 'default' ? 'home' : queueId)];
      for (let index = 0; index < plan.messagesPerCustomer; index++) {
        const text = `${customer.openId} ${index}`;
        sentAt.set(text, performance.now());
        const delivery = await customer.say(text);
        deliveryOf.set(text, delivery);
        deliveries.push(delivery);
      }
      attempts += deliveries.reduce((sum, delivery) => sum + delivery.attempts.length, 0);
      unacknowledged += deliveries.filter((delivery) => !delivery.acknowledged).length;
      if (deliveries.some((delivery) => delivery.acknowledged)) heard.add(customer.openId);
      finishedWriting.add(customer.openId);
      for (const view of views) {
        for (const conversationId of view.active) {
          const conversation = openConversations.get(conversationId);
          if (conversation?.openId === customer.openId) closeIfDone(view, conversation);
        }
      }
    }),
  );
  everyoneWrote = true;
  checkEveryoneServed();
  let giveUp: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      everyoneServed,
      new Promise((_, reject) => {
        giveUp = setTimeout(
          () => reject(new Error(`only ${served.size} of ${plan.customers} customers served`)),
          serveWithinMs,
        );
      }),
    ]);
    // Callbacks WeChat gave up on may still be waiting for their turn, or for the runtime to take them
    // from its listening thread (the request was sent whole): they are late, not lost. Once the runtime has
    // taken them all, a customer none of whose deliveries WeChat saw answered is in the store all the
    // same, and is served like everyone else: the agents stay until then.
    await acceptedAfterEveryone(system.runtime.httpUrl);
    await system.runtime.idle();
    const storedCustomers = customersWithTexts(customers, await scanCustomerTexts(system), plan);
    while (storedCustomers.some((openId) => !served.has(openId))) {
      if (performance.now() - started > serveWithinMs) {
        throw new Error(`only ${served.size} of ${storedCustomers.length} customers in the store served`);
      }
      await sleep(500);
    }
  } finally {
    clearTimeout(giveUp);
    clearInterval(progress);
    clearInterval(heartbeat);
  }
  const durationMs = lastServedAt - started;
  if (closeFailures.length > 0) throw closeFailures[0];
  for (const view of views) view.socket.close();
  await system.runtime.idle();

  const stored = await scanCustomerTexts(system);
  let lost = 0;
  let duplicated = 0;
  for (const customer of customers) {
    for (let index = 0; index < plan.messagesPerCustomer; index++) {
      const copies = stored.get(`${customer.openId} ${index}`) ?? 0;
      if (copies === 0) {
        lost++;
        const delivery = deliveryOf.get(`${customer.openId} ${index}`);
        console.log(
          `  lost: ${customer.openId} ${index}, acknowledged ${delivery?.acknowledged}, attempts ${JSON.stringify(delivery?.attempts.map(({ status, error, ms }) => ({ status, error, ms: Math.round(ms) })))}`,
        );
      }
      if (copies > 1) duplicated += copies - 1;
    }
  }
  // A customer may rightly have a second conversation after the first closed (a late WeChat retry
  // opens one); what must never happen is one conversation held by two agents, or two held at once.
  const doubleAssigned =
    [...assignments.values()].filter((holders) => holders.size > 1).length + heldTwiceAtOnce;
  let servedOutOfOrder = 0;
  for (const order of servedOrder.values()) {
    let latest = Number.NEGATIVE_INFINITY;
    for (const entry of order) {
      if (entry.createdAt < latest) servedOutOfOrder++;
      latest = Math.max(latest, entry.createdAt);
    }
  }
  const texts = plan.customers * plan.messagesPerCustomer;
  return {
    plan,
    durationMs,
    messagesPerSecond: (texts - lost) / (durationMs / 1000),
    toFrameMs: distribution(toFrame),
    unacknowledged,
    callbackAttempts: attempts,
    lost,
    neverServed: plan.customers - served.size,
    duplicated,
    doubleAssigned,
    capacityBreaches,
    servedOutOfOrder,
    closeRetries,
    peakMemoryMiB: {
      runtime: process.resourceUsage().maxRSS / 1024,
      dynamodbLocal: jvmPeakMiB(system.runtime.dynamodbPid),
    },
  };
}

/**
 * Returns once the HTTP API has answered a request made now, and so has taken every request made
 * before it: its listening thread hands requests to the runtime in the order it read them.
 */
async function acceptedAfterEveryone(httpUrl: string): Promise<void> {
  // A runtime that accepts nothing for ten minutes is stuck, not slow: the run fails, saying so.
  const attempts = 10;
  for (let attempt = 0; attempt < attempts; attempt++) {
    const answered = await fetch(`${httpUrl}/_bench/accepted`, { signal: AbortSignal.timeout(60_000) }).then(
      async (response) => {
        await response.text();
        return true;
      },
      () => false,
    );
    if (answered) return;
  }
  throw new Error(`the HTTP API accepted no connection in ${attempts} minutes`);
}

/** The customers with at least one text in the store. */
function customersWithTexts(
  customers: readonly { openId: string }[],
  stored: ReadonlyMap<string, number>,
  plan: ScalePlan,
): string[] {
  return customers
    .filter((customer) =>
      Array.from({ length: plan.messagesPerCustomer }, (_, index) => `${customer.openId} ${index}`).some(
        (text) => (stored.get(text) ?? 0) > 0,
      ),
    )
    .map((customer) => customer.openId);
}

/** How many times each customer text is stored (customer messages only). */
async function scanCustomerTexts(system: TestSystem): Promise<Map<string, number>> {
  const copies = new Map<string, number>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new ScanCommand({ TableName: system.runtime.tableNames.messages, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      const content = item.content as { type?: string; text?: string } | undefined;
      if (item.author !== 'customer' || content?.type !== 'text' || !content.text) continue;
      copies.set(content.text, (copies.get(content.text) ?? 0) + 1);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return copies;
}
