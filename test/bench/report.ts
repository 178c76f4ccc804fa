/**
 * The benchmark report: `benchmarks.json` (every figure of the run), `benchmarks.md` (the figures with
 * what was measured, how often, the commands and the machine) and the SVG charts it shows.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type BarChart, barChartSvg } from './chart.ts';
import type { ColdStartResult } from './coldstart.ts';
import type { ConsoleLatencyResult } from './console-latency.ts';
import { costSection } from './cost.ts';
import type { HousekeepingBench } from './housekeeping.ts';
import type { IngestResult } from './ingest.ts';
import { type CallbackResult, costCases, type HandoverResult, type SendResult } from './latency.ts';
import type { ScaleResult } from './scale.ts';
import type { Distribution } from './stats.ts';
import type { SteadyResult } from './steady.ts';
import type { VoiceResult } from './voice.ts';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  os: string;
  /** 1-, 5- and 15-minute load averages when the run started and ended. */
  loadAtStart: number[];
  loadAtEnd: number[];
}

export interface BenchResults {
  startedAt: string;
  finishedAt: string;
  command: string;
  sections: string[];
  machine: Machine;
  callback?: CallbackResult;
  send?: SendResult;
  handover?: HandoverResult;
  console?: ConsoleLatencyResult;
  steady?: SteadyResult;
  scale?: ScaleResult;
  housekeeping?: HousekeepingBench;
  ingest?: IngestResult;
  coldstart?: ColdStartResult;
  voice?: VoiceResult;
}

const ms = (value: number) => value.toFixed(2);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const signedKb = (bytes: number) => `${bytes >= 0 ? '+' : '−'}${(Math.abs(bytes) / 1024).toFixed(0)} KB`;
const ns = (value: number) => Math.round(value).toLocaleString('en-US');
const times = (value: number) => `${value.toFixed(2)}×`;

function latencyRow(what: string, samples: string, d: Distribution): string {
  return `| ${what} | ${samples} | ${ms(d.median)} | ${ms(d.p95)} | ${ms(d.p99)} | ${ms(d.max)} |`;
}

function latencyChart(results: BenchResults): BarChart | undefined {
  const rows: BarChart['rows'] = [];
  const add = (label: string, d: Distribution | undefined) => {
    if (d) rows.push({ label: `${label} (n=${d.samples})`, values: [d.median, d.p95, d.p99] });
  };
  add('callback POST → "success"', results.callback?.toAckMs);
  add('callback POST → frame on socket', results.callback?.toFrameMs);
  add('agent send → customer receives', results.send?.toCustomerMs);
  add('close → next in line assigned', results.handover?.closeToAssignedMs);
  add('customer writes → on the agent’s screen', results.console?.toScreenMs);
  if (rows.length === 0) return undefined;
  return {
    title: 'Latency on the local runtime (loopback)',
    subtitle: `Percentiles per measurement; ${results.machine.cpu}, ${results.machine.cores} cores, Node ${results.machine.node}`,
    unit: 'milliseconds',
    series: ['p50', 'p95', 'p99'],
    rows,
  };
}

function ingestChart(ingest: IngestResult): BarChart {
  const rows: BarChart['rows'] = [];
  for (const ingestCase of ingest.cases) {
    for (const variant of ingestCase.variants.filter(
      (candidate) => !candidate.id.startsWith('ours') || candidate.id === 'ours',
    )) {
      const d = variant.nsPerCall;
      rows.push({
        label: `${ingestCase.format.toUpperCase()} · ${variant.label.replace(/:.*$/, '')}`,
        values: [d.median / 1000],
        spreads: [[d.p25 / 1000, d.p75 / 1000]],
      });
    }
  }
  return {
    title: 'CPU per secure-mode text message, one core',
    subtitle: `Median of ${ingest.cases[0]?.rounds ?? 0} interleaved rounds per variant, whiskers p25–p75`,
    unit: 'microseconds of CPU per message',
    series: ['median'],
    rows,
  };
}

function machineSection(results: BenchResults): string[] {
  const { machine } = results;
  return [
    '## Machine',
    '',
    '| | |',
    '|---|---|',
    `| CPU | ${machine.cpu} |`,
    `| Cores | ${machine.cores} |`,
    `| Memory | ${machine.memoryGiB.toFixed(1)} GiB |`,
    `| Node | ${machine.node} |`,
    `| OS | ${machine.os} |`,
    `| Load average (1, 5, 15 min) at start | ${machine.loadAtStart.map((load) => load.toFixed(2)).join(', ')} |`,
    `| Load average at end | ${machine.loadAtEnd.map((load) => load.toFixed(2)).join(', ')} |`,
    '',
    'Other work on the machine during the run shows in the load averages; the CPU figures below are',
    'CPU time of the benchmark process and its variants run interleaved, which keeps their ratios',
    'meaningful under load, while the latencies are wall time and include any waiting for a core.',
    '',
  ];
}

function latencySections(results: BenchResults, charts: string[]): string[] {
  const lines: string[] = [];
  const { callback, send, handover } = results;
  const onScreen = results.console;
  if (!callback && !send && !handover && !onScreen) return lines;
  lines.push(
    '## Latency on the local runtime',
    '',
    'The whole system in one process on loopback (DynamoDB Local, the API Gateway HTTP and WebSocket',
    'emulators, the stream poller, the real functions), with the WeChat simulator in WeChat’s place. Wall',
    'time in milliseconds, each figure from the samples counted in its row (warm-up messages excluded).',
    '',
    '| What | Samples | Median | p95 | p99 | Max |',
    '|---|---|---|---|---|---|',
  );
  if (callback) {
    const samples = `${callback.messages} secure-mode XML text messages (after ${callback.warmup} warm-up)`;
    lines.push(latencyRow('Callback POST → `success` answered', samples, callback.toAckMs));
    lines.push(
      latencyRow('Callback POST → `message.created` on the agent’s socket', samples, callback.toFrameMs),
    );
  }
  if (send) {
    lines.push(
      latencyRow(
        'Agent’s send (POST) → the simulated customer receives it',
        `${send.replies} replies (after ${send.warmup} warm-up)`,
        send.toCustomerMs,
      ),
    );
  }
  if (handover) {
    lines.push(
      latencyRow(
        'Agent closes a conversation → the next waiting customer’s assignment on their socket',
        `${handover.handovers} handovers`,
        handover.closeToAssignedMs,
      ),
    );
  }
  if (onScreen) {
    lines.push(
      latencyRow(
        'A simulated customer writes (callback POST) → the text on the agent’s screen, conversation open (Chromium, MutationObserver)',
        `${onScreen.messages} messages`,
        onScreen.toScreenMs,
      ),
    );
  }
  lines.push('');
  if (send) {
    lines.push(
      `Duplicate deliveries to the customer when each of ${send.retriedSends} sends is retried ${send.attemptsPerSend} times ` +
        `at once with one client message id: **${send.duplicates}**.`,
      '',
    );
  }
  if (callback) {
    lines.push(...costSection(costCases(callback).map(([label, cost]) => ({ label, cost }))));
  }
  lines.push(...charts, '');
  return lines;
}

function steadySection(steady: SteadyResult): string[] {
  const { plan } = steady;
  const verdict = steady.ratio.median <= 1.5 ? 'met' : 'missed';
  return [
    '## End to end at a steady rate, beside the bare floor',
    '',
    `${plan.customers} customers of one app, each already served by one of ${plan.agents} agents, write in turn at`,
    `${plan.ratePerSecond} messages per second (open loop: message i leaves at i / rate whatever came back),`,
    `${plan.messages} measured messages after ${plan.warmup} warm-up; each is timed from its callback POST to the`,
    '`message.created` frame on its agent’s socket. The floor runs the same plan on the same local runtime',
    '(HTTP emulator, DynamoDB Local, the stream poller with the dispatcher’s trigger settings, the',
    'WebSocket emulator) with functions that only put the request body as one item and push that item',
    'to the socket its key names (test/bench/baseline/); it runs after ours, on a runtime of its own.',
    '',
    '| What | Samples | Median | p95 | p99 | Max | Never arrived |',
    '|---|---|---|---|---|---|---|',
    `${latencyRow('Ours: callback POST → `message.created`', `${steady.oursMs.samples}`, steady.oursMs)} ${steady.lost.ours} |`,
    `${latencyRow('Floor: POST → put → stream → push', `${steady.baselineMs.samples}`, steady.baselineMs)} ${steady.lost.baseline} |`,
    '',
    `Ours ÷ floor: **${times(steady.ratio.median)}** at the median (target ≤ 1.5×: ${verdict}), ${times(steady.ratio.p95)} at p95.`,
    '',
  ];
}

function housekeepingSection(housekeeping: HousekeepingBench): string[] {
  const { due } = housekeeping;
  return [
    '## Housekeeping',
    '',
    `What one housekeeping run (every minute) reads and writes, in DynamoDB request units as DynamoDB Local reports them, with few and with many idle apps (each served by an agent, ${housekeeping.plan.appsPerAgent} apps per agent). The section adds ${due.openConversations} open conversation due to be looked at and ${due.waitingCustomers} waiting customer; in a run of every section, what the scale section left open or waiting is due as well, which the units include. The run reads what is due from the \`due\` index, so its units follow the open conversations and waiting customers, not the apps and agents.`,
    '',
    '| Idle apps | Idle agents | Read units | Write units |',
    '|---:|---:|---:|---:|',
    ...housekeeping.runs.map(
      (run) =>
        `| ${run.idleApps.toLocaleString('en-US')} | ${run.idleAgents} | ${run.readUnits} | ${run.writeUnits} |`,
    ),
    '',
  ];
}

function scaleSection(scale: ScaleResult): string[] {
  const { plan } = scale;
  const callbacks = plan.customers * (plan.messagesPerCustomer + 1);
  return [
    '## Scale on the local runtime',
    '',
    `${plan.customers} customers of one Mini Program enter the chat at the same moment, spread evenly over ${plan.queues} queues`,
    `(by SessionFrom), and each then sends ${plan.messagesPerCustomer} texts one after another: ${callbacks} callbacks, all customers at`,
    `once. ${plan.agents} agents of capacity ${plan.capacity}, spread evenly over the queues, hold ${plan.agents * plan.capacity} conversations, so the others wait`,
    'in line; an agent closes a conversation as soon as its customer has said everything, which hands',
    'them the next in line, until every customer has been served. The store and the frames the agents’',
    'sockets received are then checked, once the runtime has accepted every connection made to it and',
    'has no invocation left running or waiting.',
    'The runtime runs at most 16 invocations of a function at once and the rest in the order they came;',
    'a WeChat retry of a callback still waiting or running takes its answer (README, “The functions run',
    'in one process”). A callback that reached the runtime is stored even if WeChat gave up on it',
    'meanwhile; a message is lost when it is not in the store. A customer WeChat gave up on altogether',
    'is in the store all the same, and the agents stay until they too are served: “Everyone served',
    'after” includes them, and a customer never served is one with no message in the store.',
    '',
    '| | |',
    '|---|---|',
    `| Everyone served after | ${(scale.durationMs / 1000).toFixed(1)} s |`,
    `| Throughput | ${scale.messagesPerSecond.toFixed(1)} customer texts stored per second over the run |`,
    `| Callback attempts (WeChat retries after 5 s) | ${scale.callbackAttempts} for ${callbacks} callbacks; given up by WeChat: ${scale.unacknowledged} |`,
    `| Messages lost | **${scale.lost}** |`,
    `| Customers never served | **${scale.neverServed ?? 0}** |`,
    `| Messages duplicated | **${scale.duplicated}** |`,
    `| Conversations double-assigned | **${scale.doubleAssigned}** |`,
    `| Capacity breaches | **${scale.capacityBreaches}** |`,
    `| Waiting customers served out of arrival order | **${scale.servedOutOfOrder}** |`,
    `| Closes an agent had to repeat (5xx or 408 under load) | ${scale.closeRetries} |`,
    `| Peak memory | runtime process ${scale.peakMemoryMiB.runtime.toFixed(0)} MiB, DynamoDB Local ${scale.peakMemoryMiB.dynamodbLocal.toFixed(0)} MiB |`,
    '',
    '| What | Samples | Median | p95 | p99 | Max |',
    '|---|---|---|---|---|---|',
    latencyRow(
      'Callback POST → `message.created`, for texts of customers being served',
      `${scale.toFrameMs.samples}`,
      scale.toFrameMs,
    ),
    '',
  ];
}

function ingestSection(ingest: IngestResult, chart: string): string[] {
  const lines = [
    '## CPU per callback: verify, decrypt, parse',
    '',
    'One process, one core; each variant runs batches of calls in interleaved rounds (A B C D A B C D …)',
    'and a batch is timed in CPU time of the process (user + system, garbage collection included). The',
    'figure is the median over rounds of the nanoseconds per call; the spread is p25–p75 over rounds.',
    `Peer: ${ingest.peer}.`,
    '',
    'Ours parses XML with shared/wechat/xml-extractor.ts, a reader of the part of XML WeChat uses (fuzzed',
    'against fast-xml-parser in test/unit/wechat/xml-extractor-fuzz.test.ts). fast-xml-parser is still a',
    'dependency, but the production path no longer uses it: only the floor below and that fuzz test do.',
    'The flat JSON object WeChat sends is read by shared/wechat/flat-json.ts, which keeps integers as',
    'their text, so a 64-bit MsgId stays exact without a reviver (checked against the general JSON path',
    'in test/unit/wechat/flat-json.test.ts); any other JSON takes that general path.',
    '',
  ];
  for (const ingestCase of ingest.cases) {
    lines.push(
      `### ${ingestCase.message}`,
      '',
      '| Variant | What one call does | Calls (rounds × batch) | Median ns | p25–p75 ns | min–max ns |',
      '|---|---|---|---|---|---|',
    );
    for (const variant of ingestCase.variants) {
      const d = variant.nsPerCall;
      lines.push(
        `| ${variant.label} | ${variant.does} | ${variant.calls.toLocaleString('en-US')} (${ingestCase.rounds} × ${variant.callsPerRound}) | ${ns(d.median)} | ${ns(d.p25)}–${ns(d.p75)} | ${ns(d.min)}–${ns(d.max)} |`,
      );
    }
    const { ratios } = ingestCase;
    const verdict = (met: boolean) => (met ? 'met' : 'missed');
    lines.push(
      '',
      `Ours ÷ floor **${times(ratios.oursOverFloor)}**; peer ÷ ours **${times(ratios.peerOverOurs)}** (target ≥ 3×: ${verdict(ratios.peerOverOurs >= 3)}); ` +
        `ours ÷ bare crypto **${times(ratios.oursOverBare)}** (target ≤ 1.5×: ${verdict(ratios.oursOverBare <= 1.5)}).`,
      '',
    );
    const part = (id: string) => ingestCase.variants.find((variant) => variant.id === id)?.nsPerCall.median;
    const checks = part('oursChecks');
    const parsing = part('oursParsing');
    const bare = part('bare');
    if (checks !== undefined && parsing !== undefined && bare !== undefined) {
      lines.push(
        `Where ours spends its time: the checks and decryption alone take ${times(checks / bare)} the bare crypto, the ` +
          `parsing alone ${times(parsing / bare)} (both parts timed on their own, so they do not add up exactly to ours).`,
        '',
      );
    }
    if (ingestCase.peerNote) lines.push(`Peer: ${ingestCase.peerNote}.`, '');
  }
  lines.push(chart, '');
  return lines;
}

function coldStartSection(coldstart: ColdStartResult): string[] {
  const lines = [
    '## Cold start: bundle size and module initialisation',
    '',
    `Each function of infra/manifest.ts bundled as the CDK stack bundles it (${coldstart.settings}; esbuild ${coldstart.esbuild}),`,
    'beside a baseline handler that imports the same AWS SDK clients and commands as the function and',
    'nothing else, bundled the same way. Initialisation: `import()` of the bundle in a fresh Node process',
    `with NODE_OPTIONS=${coldstart.nodeOptions} as on Lambda, ${coldstart.processes} processes per bundle, function and baseline`,
    `interleaved; the median is shown. Targets: at most ${signedKb(coldstart.targets.deltaBytes)} and at most ${times(coldstart.targets.initRatio)} the baseline’s init.`,
    '',
    '| Function | Bundle | Baseline | Δ size | Gzipped Δ | Init median (p25–p75) | Baseline init | Init ratio | Targets met | Largest additions |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const fn of coldstart.functions) {
    const additions = fn.deltaByPackage
      .filter(({ bytes }) => bytes > 0)
      .slice(0, 4)
      .map(({ source, bytes }) => `${source} ${kb(bytes)}`)
      .join(', ');
    const met = [fn.meetsSizeTarget ? 'size ✓' : 'size ✗', fn.meetsInitTarget ? 'init ✓' : 'init ✗'].join(
      ' ',
    );
    lines.push(
      `| ${fn.name} | ${kb(fn.bundle.bytes)} | ${kb(fn.baseline.bytes)} | ${signedKb(fn.deltaBytes)} | ${signedKb(fn.bundle.gzipBytes - fn.baseline.gzipBytes)} | ` +
        `${ms(fn.bundle.initMs.median)} ms (${ms(fn.bundle.initMs.p25)}–${ms(fn.bundle.initMs.p75)}) | ${ms(fn.baseline.initMs.median)} ms | ${times(fn.initRatio)} | ${met} | ${additions} |`,
    );
  }
  lines.push('');
  return lines;
}

function voiceSection(voice: VoiceResult): string[] {
  const d = (value: Distribution) => `${ms(value.median)} (${ms(value.p25)}–${ms(value.p75)})`;
  return [
    '## Voice playback: decoding AMR in the console',
    '',
    'Browsers do not play AMR, the format of WeChat voices. The console decodes it (opencore-amr compiled to',
    'WebAssembly, `@audio/decode-amr`) to WAV on an agent’s first play; no function transcodes, so no cold start',
    'and no cost per voice are added on the server. Chunks as `npm run build:web` makes them, minified; decoding',
    `measured in Node on the same WebAssembly module, on the project’s ${voice.recordingSeconds.toFixed(1)} s recording, CPU ms per minute of voice,`,
    `median (p25–p75) of ${voice.firstDecodeMsPerMinute.samples} fresh processes (first decode, module compiled) and ${voice.decodeMsPerMinute.samples} later decodes.`,
    '',
    '| Console chunk | Minified | Gzipped |',
    '|---|---|---|',
    ...voice.chunks.map((chunk) => `| ${chunk.file} | ${kb(chunk.bytes)} | ${kb(chunk.gzipBytes)} |`),
    '',
    '| Decoding a minute of voice | CPU ms |',
    '|---|---|',
    `| First decode in a fresh process | ${d(voice.firstDecodeMsPerMinute)} |`,
    `| Later decodes | ${d(voice.decodeMsPerMinute)} |`,
    '',
  ];
}

export function writeReport(results: BenchResults, outDir: string): { markdown: string; json: string } {
  const json = join(outDir, 'benchmarks.json');
  const markdown = join(outDir, 'benchmarks.md');
  writeFileSync(json, `${JSON.stringify(results, null, 2)}\n`);

  const charts: string[] = [];
  const latency = latencyChart(results);
  if (latency) {
    writeFileSync(join(outDir, 'benchmarks-latency.svg'), barChartSvg(latency));
    charts.push('![Latency percentiles on the local runtime](benchmarks-latency.svg)');
  }
  let ingestImage = '';
  if (results.ingest) {
    writeFileSync(join(outDir, 'benchmarks-ingest.svg'), barChartSvg(ingestChart(results.ingest)));
    ingestImage = '![CPU per secure-mode message](benchmarks-ingest.svg)';
  }

  const lines = [
    '# Benchmarks',
    '',
    `Written by \`${results.command}\` from the run of ${results.startedAt} to ${results.finishedAt}` +
      ` (sections: ${results.sections.join(', ')}). The raw figures are in [benchmarks.json](benchmarks.json).`,
    '',
    'Commands:',
    '',
    '```sh',
    'npm run bench                                   # every section; writes docs/benchmarks.*',
    'npm run bench -- --only ingest,coldstart        # some sections; writes to a temporary folder',
    'npm run bench -- --only ingest --out some/dir   # … or where --out says',
    '```',
    '',
    'Sections: `callback` (callback → frame latency, DynamoDB units and cost), `send` (send → customer,',
    'retried sends), `handover`, `console` (customer → the agent’s screen in Chromium), `steady` (callback → frame at a steady rate beside the bare floor), `scale`',
    '(1,000 customers at once), `housekeeping` (request units of a run as idle apps are added), `ingest` (CPU per callback), `coldstart` (bundle size and init time), `voice` (the console’s AMR decoder).',
    '',
    ...machineSection(results),
    ...latencySections(results, charts),
    ...(results.steady ? steadySection(results.steady) : []),
    ...(results.scale ? scaleSection(results.scale) : []),
    ...(results.housekeeping ? housekeepingSection(results.housekeeping) : []),
    ...(results.ingest ? ingestSection(results.ingest, ingestImage) : []),
    ...(results.coldstart ? coldStartSection(results.coldstart) : []),
    ...(results.voice ? voiceSection(results.voice) : []),
  ];
  writeFileSync(
    markdown,
    `${lines
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trimEnd()}\n`,
  );
  return { markdown, json };
}
