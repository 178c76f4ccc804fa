/**
 * `npm run bench`: measures, prints, and writes the report (docs/benchmarks.md, docs/benchmarks.json
 * and the charts they show). Numbers, not assertions. Sections:
 *  - callback: callback POST → `success` and → `message.created` on the agent's socket, 100 messages,
 *    and what an inbound message costs (cost.ts: DynamoDB units by function, table and index, and the
 *    list price of the whole inbound path) in open conversations, opening ones and back to back;
 *  - send: an agent's send → the (simulated) WeChat customer receiving it, 200 messages, and the
 *    duplicates under retried sends;
 *  - handover: an agent freeing capacity (closing) → the oldest waiting customer assigned, 50 times;
 *  - console: a simulated customer's message → on the agent's screen in Chromium, 50 messages;
 *  - steady: callback → frame at a steady rate, many customers and agents, beside the bare floor;
 *  - scale: 1,000 customers at once, 100 agents in 4 queues: loss, duplicates, double assignment,
 *    capacity, line order, throughput and peak memory;
 *  - housekeeping: the request units of one run with 10 idle apps and with 1,000;
 *  - ingest: the CPU cost of verify + decrypt + parse beside the floor, a peer library and the bare crypto;
 *  - coldstart: each function's bundle size and module initialisation time beside an SDK-only baseline;
 *  - voice: the console's AMR decoder, its chunk's size and its CPU per minute of voice.
 *
 * `npm run bench -- --only ingest,coldstart` runs some sections and writes the report to a temporary
 * folder (or to `--out DIR`), so that a quick run never replaces the committed report of a full one.
 * ingest, coldstart and voice run first, while this process has run nothing else; the sections from
 * callback to housekeeping then share one local runtime on loopback; everything stops by itself.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { cpus, loadavg, release, tmpdir, totalmem, type } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { functions } from '../../infra/manifest.ts';
import { startSystem } from '../support/system.ts';
import { measureColdStart } from './coldstart.ts';
import { measureConsoleLatency } from './console-latency.ts';
import { costLines } from './cost.ts';
import { measureHousekeeping } from './housekeeping.ts';
import { measureIngest } from './ingest.ts';
import { costCases, measureCallbacks, measureHandovers, measureSends, openSession } from './latency.ts';
import { type BenchResults, type Machine, writeReport } from './report.ts';
import { measureScale } from './scale.ts';
import type { Distribution } from './stats.ts';
import { measureSteadyBaseline, measureSteadyInbound, steadyResult } from './steady.ts';
import { measureVoice } from './voice.ts';

const sections = [
  'callback',
  'send',
  'handover',
  'console',
  'steady',
  'scale',
  'housekeeping',
  'ingest',
  'coldstart',
  'voice',
] as const;
type Section = (typeof sections)[number];

const sizes = {
  messages: 100,
  replies: 200,
  warmup: 10,
  retriedSends: 20,
  handovers: 50,
  consoleMessages: 50,
  steady: { customers: 50, agents: 10, ratePerSecond: 20, messages: 400, warmup: 40 },
  scale: { customers: 1000, agents: 100, queues: 4, capacity: 5, messagesPerCustomer: 3 },
  housekeeping: { idleApps: [10, 1000], appsPerAgent: 20 },
  ingestRounds: 300,
  ingestBatchMs: 4,
  coldStartProcesses: 20,
  voice: { processes: 10, rounds: 20 },
};

const projectRoot = resolve(import.meta.dirname, '..', '..');

function options(): { selected: Section[]; outDir: string; full: boolean; command: string } {
  const { values } = parseArgs({
    options: { only: { type: 'string' }, out: { type: 'string' } },
    allowPositionals: false,
  });
  const requested = values.only
    ?.split(',')
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = requested?.filter((name) => !(sections as readonly string[]).includes(name)) ?? [];
  if (unknown.length > 0) {
    throw new Error(`unknown section ${unknown.join(', ')}; the sections are ${sections.join(', ')}`);
  }
  const selected = requested ? sections.filter((section) => requested.includes(section)) : [...sections];
  const full = selected.length === sections.length;
  const outDir = values.out
    ? resolve(values.out)
    : full
      ? join(projectRoot, 'docs')
      : mkdtempSync(join(tmpdir(), 'wechat-cs-bench-'));
  const args = [
    ...(values.only ? ['--only', values.only] : []),
    ...(values.out ? ['--out', values.out] : []),
  ];
  return { selected, outDir, full, command: `npm run bench${args.length ? ` -- ${args.join(' ')}` : ''}` };
}

function machine(loadAtStart: number[]): Machine {
  return {
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    cores: cpus().length,
    memoryGiB: totalmem() / 1024 ** 3,
    node: process.version,
    os: `${type()} ${release()} ${process.arch}`,
    loadAtStart,
    loadAtEnd: loadavg(),
  };
}

function line(label: string, samples: Distribution, unit = 'ms'): string {
  const f = (value: number) => value.toFixed(2).padStart(8);
  return `${label.padEnd(40)} n=${String(samples.samples).padEnd(4)} median ${f(samples.median)} ${unit}   p95 ${f(samples.p95)} ${unit}   p99 ${f(samples.p99)} ${unit}   max ${f(samples.max)} ${unit}`;
}

async function main(): Promise<void> {
  const { selected, outDir, command } = options();
  const has = (section: Section) => selected.includes(section);
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const results: Omit<BenchResults, 'machine' | 'finishedAt'> = {
    startedAt: startedAt.toISOString(),
    command,
    sections: selected,
  };
  console.log(
    `sections: ${selected.join(', ')}; load average ${loadAtStart.map((load) => load.toFixed(2)).join(' ')}`,
  );

  // The CPU sections first, in a process that has run nothing yet: after the runtime sections its heap
  // is large, and the garbage collection it costs would weigh on the variants that allocate most.
  if (has('ingest')) {
    const ingest = measureIngest({ rounds: sizes.ingestRounds, batchMs: sizes.ingestBatchMs });
    results.ingest = ingest;
    for (const ingestCase of ingest.cases) {
      console.log(`${ingestCase.message}, ${ingestCase.rounds} interleaved rounds, CPU ns per call:`);
      for (const variant of ingestCase.variants) {
        const d = variant.nsPerCall;
        console.log(
          `  ${variant.label.padEnd(42)} median ${d.median.toFixed(0).padStart(7)}   p25–p75 ${d.p25.toFixed(0)}–${d.p75.toFixed(0)}   (${variant.calls} calls)`,
        );
      }
      const { ratios } = ingestCase;
      console.log(
        `  ours/floor ${ratios.oursOverFloor.toFixed(2)}×   peer/ours ${ratios.peerOverOurs.toFixed(2)}×   ours/bare crypto ${ratios.oursOverBare.toFixed(2)}×`,
      );
    }
  }

  if (has('coldstart')) {
    const coldstart = await measureColdStart(functions, { processes: sizes.coldStartProcesses });
    results.coldstart = coldstart;
    console.log(
      `cold start: ${coldstart.processes} fresh processes per bundle; Δ against an SDK-only baseline`,
    );
    for (const fn of coldstart.functions) {
      console.log(
        `  ${fn.name.padEnd(16)} ${(fn.bundle.bytes / 1024).toFixed(0).padStart(6)} KB (Δ ${(fn.deltaBytes / 1024).toFixed(0).padStart(5)} KB)` +
          `   init ${fn.bundle.initMs.median.toFixed(1).padStart(6)} ms vs ${fn.baseline.initMs.median.toFixed(1).padStart(6)} ms (${fn.initRatio.toFixed(2)}×)` +
          `   ${fn.meetsSizeTarget && fn.meetsInitTarget ? 'meets targets' : 'misses'}`,
      );
    }
  }

  if (has('voice')) {
    const voice = await measureVoice(sizes.voice);
    results.voice = voice;
    const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
    console.log(
      `voice: the decoder chunk ${kib(voice.decoderChunk.bytes)} (${kib(voice.decoderChunk.gzipBytes)} gzipped), fetched on the first play`,
    );
    console.log(line('  first decode in a fresh process', voice.firstDecodeMsPerMinute, 'ms/min'));
    console.log(line('  later decodes', voice.decodeMsPerMinute, 'ms/min'));
  }

  // One runtime for every section that needs one: the store's client and the functions' modules are
  // made once per process, for the runtime that was there first.
  let steadyOurs: Awaited<ReturnType<typeof measureSteadyInbound>> | undefined;
  if (
    ['callback', 'send', 'handover', 'console', 'steady', 'scale', 'housekeeping'].some((section) =>
      has(section as Section),
    )
  ) {
    const system = await startSystem();
    try {
      if (has('callback') || has('send')) {
        const session = await openSession(system);
        if (has('callback')) {
          const callback = await measureCallbacks(session, sizes.messages, sizes.warmup);
          results.callback = callback;
          console.log(`local runtime, ${callback.messages} secure-mode XML text messages, one agent socket`);
          console.log(line('callback POST → "success"', callback.toAckMs));
          console.log(line('callback POST → frame on socket', callback.toFrameMs));
          for (const [label, cost] of costCases(callback)) {
            for (const line of costLines(label, cost)) console.log(line);
          }
        }
        if (has('send')) {
          const send = await measureSends(session, sizes.replies, sizes.warmup, sizes.retriedSends);
          results.send = send;
          console.log(line('agent send → customer receives', send.toCustomerMs));
          console.log(
            `duplicate deliveries to the customer under ${send.attemptsPerSend}× retried sends (${send.retriedSends} sends): ${send.duplicates}`,
          );
        }
        await session.socket.close();
      }
      if (has('handover')) {
        const handover = await measureHandovers(system, sizes.handovers);
        results.handover = handover;
        console.log(line('close → next in line assigned', handover.closeToAssignedMs));
      }
      if (has('console')) {
        const onScreen = await measureConsoleLatency(system, sizes.consoleMessages, sizes.warmup);
        results.console = onScreen;
        console.log(line('customer writes → on the agent’s screen', onScreen.toScreenMs));
      }
      if (has('steady')) steadyOurs = await measureSteadyInbound(system, sizes.steady);
      if (has('scale')) {
        const scale = await measureScale(system, sizes.scale);
        results.scale = scale;
        console.log(
          `scale: ${scale.plan.customers} customers × ${scale.plan.messagesPerCustomer} messages, ${scale.plan.agents} agents of capacity ${scale.plan.capacity} in ${scale.plan.queues} queues: ` +
            `everyone served in ${(scale.durationMs / 1000).toFixed(1)} s, ${scale.messagesPerSecond.toFixed(1)} messages/s`,
        );
        console.log(
          `  lost ${scale.lost}, never served ${scale.neverServed}, duplicated ${scale.duplicated}, double-assigned ${scale.doubleAssigned}, capacity breaches ${scale.capacityBreaches}, served out of order ${scale.servedOutOfOrder}`,
        );
        console.log(
          `  callback attempts ${scale.callbackAttempts} (unacknowledged ${scale.unacknowledged}), closes retried ${scale.closeRetries}; peak memory: runtime ${scale.peakMemoryMiB.runtime.toFixed(0)} MiB, DynamoDB Local ${scale.peakMemoryMiB.dynamodbLocal.toFixed(0)} MiB`,
        );
        console.log(line('  callback POST → frame (while served)', scale.toFrameMs));
      }
      if (has('housekeeping')) {
        const housekeeping = await measureHousekeeping(system, sizes.housekeeping);
        results.housekeeping = housekeeping;
        for (const run of housekeeping.runs) {
          console.log(
            `housekeeping run with ${run.idleApps} idle apps and ${run.idleAgents} idle agents: ${run.readUnits} read units, ${run.writeUnits} write units`,
          );
        }
      }
    } finally {
      await system.stop();
    }
  }

  // The floor runs on a runtime of its own, after ours has stopped.
  if (steadyOurs) {
    const steady = steadyResult(sizes.steady, steadyOurs, await measureSteadyBaseline(sizes.steady));
    results.steady = steady;
    console.log(
      `steady: ${sizes.steady.ratePerSecond}/s from ${sizes.steady.customers} customers to ${sizes.steady.agents} agents`,
    );
    console.log(line('ours: callback POST → frame', steady.oursMs));
    console.log(line('floor: POST → put → stream → push', steady.baselineMs));
    console.log(
      `ours/floor ${steady.ratio.median.toFixed(2)}× at the median, ${steady.ratio.p95.toFixed(2)}× at p95; never arrived: ours ${steady.lost.ours}, floor ${steady.lost.baseline}`,
    );
  }

  const finished: BenchResults = {
    ...results,
    finishedAt: new Date().toISOString(),
    machine: machine(loadAtStart),
  };
  mkdirSync(outDir, { recursive: true });
  const written = writeReport(finished, outDir);
  console.log(
    `report: ${relative(process.cwd(), written.markdown)}, ${relative(process.cwd(), written.json)}`,
  );
}

await main();
