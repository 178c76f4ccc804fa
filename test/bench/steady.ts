/**
 * End-to-end inbound latency at a steady rate, with many customers and agents at once, beside the
 * floor: the same local runtime moving the same number of messages at the same rate through functions
 * that do nothing but put an item and push it to a socket (test/bench/baseline/). Each message is
 * sent on an open-loop schedule (message i at start + i / rate, whether or not earlier ones have
 * arrived), so a slow system queues up instead of slowing the offered load down.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import { type LocalRuntime, startLocalRuntime } from '../../infra/local/runtime.ts';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import type { TestSystem } from '../support/system.ts';
import { baselineManifest } from './baseline/manifest.ts';
import { type Distribution, distribution } from './stats.ts';

export interface SteadyPlan {
  customers: number;
  agents: number;
  ratePerSecond: number;
  messages: number;
  warmup: number;
}

export interface SteadyResult {
  plan: SteadyPlan;
  /** Callback POST → `message.created` on the assigned agent's socket. */
  oursMs: Distribution;
  /** HTTP POST → bare put → the same stream poller → a bare push on a socket. */
  baselineMs: Distribution;
  /** Ours ÷ baseline, at the median and at p95. */
  ratio: { median: number; p95: number };
  /** Messages that never arrived within the wait (must be 0). */
  lost: { ours: number; baseline: number };
}

const arrivalWaitMs = 60_000;

/** Opens a socket and calls `onFrame` with each frame's arrival time and its parsed body. */
function openSocket(url: string, onFrame: (at: number, frame: unknown) => void): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url);
    socket.on('message', (data) => onFrame(performance.now(), JSON.parse(String(data))));
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Sends message i at start + i / rate and waits until every one has arrived (or the wait ends);
 * returns the latencies of the messages after the warm-up and how many never arrived.
 */
async function driveSteadily(
  plan: SteadyPlan,
  send: (index: number) => Promise<void>,
  arrivals: Map<number, number>,
): Promise<{ latencies: number[]; lost: number }> {
  const total = plan.warmup + plan.messages;
  const sentAt = new Map<number, number>();
  const started = performance.now();
  const sends: Promise<void>[] = [];
  for (let index = 0; index < total; index++) {
    const due = started + (index * 1000) / plan.ratePerSecond;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    sentAt.set(index, performance.now());
    sends.push(send(index));
  }
  await Promise.all(sends);
  const deadline = performance.now() + arrivalWaitMs;
  while (arrivals.size < total && performance.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const latencies: number[] = [];
  for (let index = plan.warmup; index < total; index++) {
    const arrived = arrivals.get(index);
    const sent = sentAt.get(index);
    if (arrived !== undefined && sent !== undefined) latencies.push(arrived - sent);
  }
  return { latencies, lost: total - arrivals.size };
}

/**
 * Ours: `customers` customers of one app, spread over `agents` agents with room for all of them, each
 * customer's conversation assigned before the clock starts; then the customers write in turn.
 */
export async function measureSteadyInbound(
  system: TestSystem,
  plan: SteadyPlan,
): Promise<{ latencies: number[]; lost: number }> {
  const app = await system.addApp({ format: 'xml' });
  const capacity = Math.ceil(plan.customers / plan.agents);
  const agents = await Promise.all(
    Array.from({ length: plan.agents }, () => system.addAgent([app.appId], { capacity })),
  );
  const run = randomUUID().slice(0, 8);
  const prefix = `steady ${run} `;
  const arrivals = new Map<number, number>();
  const assigned = new Set<string>();
  const sockets = await Promise.all(
    agents.map((agent) =>
      openSocket(`${system.runtime.webSocketUrl}?token=${encodeURIComponent(agent.token)}`, (at, body) => {
        const frame = body as ServerFrame;
        if (frame.type !== 'message.created') return;
        const { content } = frame.message;
        if (content.type !== 'text') return;
        if (content.text.startsWith(prefix)) arrivals.set(Number(content.text.slice(prefix.length)), at);
        else assigned.add(frame.conversation.openId);
      }),
    ),
  );
  try {
    const customers = Array.from({ length: plan.customers }, () => system.simulator.customer(app.appId));
    await Promise.all(customers.map((customer) => customer.say('你好')));
    const deadline = performance.now() + arrivalWaitMs;
    while (assigned.size < plan.customers && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    if (assigned.size < plan.customers) {
      throw new Error(`only ${assigned.size} of ${plan.customers} customers reached an agent`);
    }
    return await driveSteadily(
      plan,
      async (index) => {
        const customer = customers[index % customers.length];
        await customer?.say(`${prefix}${index}`);
      },
      arrivals,
    );
  } finally {
    for (const socket of sockets) socket.close();
  }
}

/** The floor: the same plan through the bare functions, on a runtime of its own. */
export async function measureSteadyBaseline(
  plan: SteadyPlan,
): Promise<{ latencies: number[]; lost: number }> {
  const runtime: LocalRuntime = await startLocalRuntime({
    dataDir: null,
    manifest: baselineManifest,
    log: () => {},
  });
  const arrivals = new Map<number, number>();
  const connectionIds: string[] = [];
  const sockets: WebSocket[] = [];
  try {
    for (let index = 0; index < plan.agents; index++) {
      let identify: (id: string) => void = () => {};
      const identified = new Promise<string>((resolve) => {
        identify = resolve;
      });
      const socket = await openSocket(runtime.webSocketUrl, (at, body) => {
        if (typeof body === 'object' && body && 'index' in body) {
          arrivals.set(Number((body as { index: number }).index), at);
        }
      });
      // The bare `$default` route answers a frame with the socket's connection id (as a JSON string).
      socket.once('message', (data) => identify(JSON.parse(String(data)) as string));
      socket.send(JSON.stringify({ action: 'whoami' }));
      connectionIds.push(await identified);
      sockets.push(socket);
    }
    // About the size of a secure-mode callback body, so that both move similar bytes.
    const padding = 'x'.repeat(500);
    return await driveSteadily(
      plan,
      async (index) => {
        const connectionId = connectionIds[index % connectionIds.length] as string;
        const response = await fetch(`${runtime.httpUrl}/bare/${encodeURIComponent(connectionId)}`, {
          method: 'POST',
          body: JSON.stringify({ index, padding }),
        });
        await response.text();
      },
      arrivals,
    );
  } finally {
    for (const socket of sockets) socket.close();
    await runtime.stop();
  }
}

export function steadyResult(
  plan: SteadyPlan,
  ours: { latencies: number[]; lost: number },
  baseline: { latencies: number[]; lost: number },
): SteadyResult {
  const oursMs = distribution(ours.latencies);
  const baselineMs = distribution(baseline.latencies);
  return {
    plan,
    oursMs,
    baselineMs,
    ratio: { median: oursMs.median / baselineMs.median, p95: oursMs.p95 / baselineMs.p95 },
    lost: { ours: ours.lost, baseline: baseline.lost },
  };
}
