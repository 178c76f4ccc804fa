/**
 * `npm start`: the whole system on this machine with a demo workspace, the agent console and the
 * WeChat simulator (where a person plays customers). Prints where everything is
 * and writes the same to `<data dir>/runtime.json`, which the admin CLI reads to find the running
 * runtime (and which is removed again on a clean stop). Ctrl-C or SIGTERM stops everything,
 * DynamoDB Local's JVM included.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { toolEnv } from '../../shared/config/env-names.ts';
import { listEarlierServedConversations } from '../../shared/store/serving-index.ts';
import { jwtEnv, wechatApiBaseEnv } from '../manifest.ts';
import { buildConsole } from './console-build.ts';
import { type ConsoleServer, startConsoleServer } from './console-server.ts';
import { type DemoWorkspace, seedDemoWorkspace } from './demo.ts';
import { playDemoConversations } from './demo-conversations.ts';
import { type LocalRuntime, startLocalRuntime } from './runtime.ts';
import { platformApps } from './simulated-apps.ts';
import { startWeChatSimulator, type WeChatSimulator } from './wechat-simulator/index.ts';

const usage = `usage: npm start -- [--http-port N] [--ws-port N] [--console-port N] [--wechat-port N]
                    [--media-port N] [--dynamodb-port N] [--data-dir DIR] [--in-memory] [--empty]
  --http-port N      HTTP API port (env HTTP_PORT, default 3000; 0 = any free port)
  --ws-port N        WebSocket API port (env WS_PORT, default 3001)
  --console-port N   agent console (env CONSOLE_PORT, default 3002)
  --wechat-port N    WeChat simulator: WeChat's API and the customer page (env WECHAT_PORT, default 3003)
  --media-port N     S3-compatible media store (env MEDIA_PORT, default 3004)
  --dynamodb-port N  DynamoDB Local port (env DYNAMODB_PORT, default 8000)
  --data-dir DIR     data, JWT signing key and runtime.json (env DATA_DIR, default .local in the repository)
  --in-memory        keep no DynamoDB data (the data folder still holds the key and runtime.json)
  --empty            no demo workspace: register your own with npm run admin`;

class UsageError extends Error {}

interface Config {
  readonly ports: {
    readonly http: number;
    readonly webSocket: number;
    readonly console: number;
    readonly wechat: number;
    readonly media: number;
    readonly dynamodb: number;
  };
  readonly dataDir: string;
  readonly inMemory: boolean;
  /** No demo workspace, customers or conversations. */
  readonly empty: boolean;
}

const repositoryRoot = resolve(fileURLToPath(import.meta.url), '../../..');

function parseConfig(argv: string[], env: NodeJS.ProcessEnv): Config {
  let values: ReturnType<typeof parse>['values'];
  try {
    values = parse(argv).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) throw new UsageError('');
  const port = (flag: string, value: string | undefined, fallback: number) => {
    if (value === undefined || value === '') return fallback;
    const number = Number(value);
    if (!Number.isInteger(number) || number < 0 || number > 65535) {
      throw new UsageError(`${flag} must be a port number (0-65535), not ${value}`);
    }
    return number;
  };
  return {
    ports: {
      http: port('--http-port', values['http-port'] ?? env[toolEnv.httpPort], 3000),
      webSocket: port('--ws-port', values['ws-port'] ?? env[toolEnv.wsPort], 3001),
      console: port('--console-port', values['console-port'] ?? env[toolEnv.consolePort], 3002),
      wechat: port('--wechat-port', values['wechat-port'] ?? env[toolEnv.wechatPort], 3003),
      media: port('--media-port', values['media-port'] ?? env[toolEnv.mediaPort], 3004),
      dynamodb: port('--dynamodb-port', values['dynamodb-port'] ?? env[toolEnv.dynamodbPort], 8000),
    },
    dataDir: resolve(values['data-dir'] ?? env[toolEnv.dataDir] ?? resolve(repositoryRoot, '.local')),
    inMemory: values['in-memory'] ?? false,
    empty: values.empty ?? false,
  };
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    options: {
      'http-port': { type: 'string' },
      'ws-port': { type: 'string' },
      'console-port': { type: 'string' },
      'wechat-port': { type: 'string' },
      'media-port': { type: 'string' },
      'dynamodb-port': { type: 'string' },
      'data-dir': { type: 'string' },
      'in-memory': { type: 'boolean' },
      empty: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}

/**
 * The JWT signing key, generated once per data folder so that tokens survive a restart, and readable
 * by the owner only. (In the cloud the key lives in Secrets Manager.)
 */
async function signingKey(dataDir: string): Promise<string> {
  const file = resolve(dataDir, 'jwt-secret');
  try {
    await writeFile(file, randomBytes(48).toString('base64url'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = (await readFile(file, 'utf8')).trim();
  if (key.length < 32) throw new Error(`${file} holds no usable key: delete it to have a new one generated`);
  return key;
}

async function main(): Promise<void> {
  const config = parseConfig(process.argv.slice(2), process.env);
  await mkdir(config.dataDir, { recursive: true });
  const consoleDir = resolve(config.dataDir, 'console');
  console.log('building the agent console…');
  await buildConsole(consoleDir);
  let httpUrl = '';
  const simulator = await startWeChatSimulator({
    port: config.ports.wechat,
    apps: platformApps(() => httpUrl),
    log: (line) => console.log(`[wechat] ${line}`),
  });
  let runtime: LocalRuntime;
  // The runtime stops itself when DynamoDB Local will not stay up; then so does the rest.
  let onFatal = () => {};
  try {
    runtime = await startLocalRuntime({
      dataDir: config.inMemory ? null : config.dataDir,
      ports: config.ports,
      env: { [jwtEnv.secret]: await signingKey(config.dataDir), [wechatApiBaseEnv]: simulator.baseUrl },
      onFatal: () => onFatal(),
    });
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  httpUrl = runtime.httpUrl;
  // A data folder from an earlier version may hold conversations assigned before `serving` existed.
  if (!config.inMemory) {
    const listed = await listEarlierServedConversations();
    if (listed > 0) console.log(`listed ${listed} earlier assigned conversations in the serving index`);
  }
  let consoleServer: ConsoleServer | undefined;
  const runtimeFile = resolve(config.dataDir, 'runtime.json');
  let stopping = false;
  const stop = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    let code = exitCode;
    try {
      await consoleServer?.stop();
      await runtime.stop();
      await simulator.stop();
    } catch (error) {
      console.error(`stopping failed: ${error instanceof Error ? error.message : error}`);
      code = 1;
    }
    await rm(runtimeFile, { force: true });
    process.exit(code);
  };
  onFatal = () => void stop(1);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.log(`\n${signal}: stopping`);
      void stop(0);
    });
  }
  try {
    consoleServer = await startConsoleServer({
      distDir: consoleDir,
      config: { httpApiUrl: runtime.httpUrl, webSocketUrl: runtime.webSocketUrl },
      host: '127.0.0.1',
      port: config.ports.console,
    });
    await announce({ runtime, simulator, consoleUrl: consoleServer.url }, config, runtimeFile);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stop(1);
  }
}

interface Running {
  runtime: LocalRuntime;
  simulator: WeChatSimulator;
  consoleUrl: string;
}

/** The demo workspace, seeded unless `--empty`, with its customers played on a fresh data folder. */
async function demoOf({ runtime, simulator }: Running, config: Config): Promise<DemoWorkspace | undefined> {
  if (config.empty) return undefined;
  const { workspace, fresh } = await seedDemoWorkspace();
  // Listed on the customer page from the start; other apps appear once their id is entered there.
  for (const appId of [workspace.appId, workspace.officialAccount.appId]) {
    const demoApp = await platformApps(() => runtime.httpUrl)(appId);
    if (demoApp) simulator.addApp(demoApp);
  }
  if (fresh) {
    console.log('playing the demo customers…');
    await playDemoConversations({
      httpUrl: runtime.httpUrl,
      webSocketUrl: runtime.webSocketUrl,
      simulator,
      appId: workspace.appId,
      officialAccountId: workspace.officialAccount.appId,
      agent: workspace.agent,
      merchantSessionFrom: workspace.merchantSessionFrom,
    });
  }
  return workspace;
}

async function announce(running: Running, config: Config, runtimeFile: string) {
  const { runtime, simulator, consoleUrl } = running;
  const demo = await demoOf(running, config);
  const callbackUrl = `${runtime.httpUrl}/wechat/${demo?.appId ?? '{appId}'}`;
  const summary = {
    pid: process.pid,
    startedAt: new Date().toISOString(),
    callbackUrl,
    httpUrl: runtime.httpUrl,
    webSocketUrl: runtime.webSocketUrl,
    consoleUrl,
    customerPageUrl: simulator.customerPageUrl,
    wechatApiBase: simulator.baseUrl,
    mediaEndpoint: runtime.mediaEndpoint,
    connectionsEndpoint: runtime.connectionsEndpoint,
    dynamodbEndpoint: runtime.dynamodbEndpoint,
    tableNames: runtime.tableNames,
    dataDir: config.dataDir,
    inMemory: config.inMemory,
    ...(demo ? { demo } : {}),
  };
  // It holds the demo password: owner-readable only, like the signing key.
  await writeFile(runtimeFile, `${JSON.stringify(summary, null, 2)}\n`, { mode: 0o600 });
  const demoLines = demo
    ? [
        `  demo agent     ${demo.agent.username} / ${demo.agent.password}   (owner; queues Customer service and Shop 12, and the account's)`,
        `  merchant agent ${demo.merchantAgent.username} / ${demo.merchantAgent.password}   (Shop 12 only: customers entering with SessionFrom ${demo.merchantSessionFrom})`,
        `  demo app       ${demo.appId} (${demo.appType}, ${demo.format})`,
        `    token        ${demo.token}`,
        `    AES key      ${demo.encodingAesKey}`,
        `  demo account   ${demo.officialAccount.appId} (official-account, xml)`,
        `    token        ${demo.officialAccount.token}`,
        `    AES key      ${demo.officialAccount.encodingAesKey}`,
      ]
    : [
        '  no demo        (--empty) register your own with npm run admin (README: Registering apps and agents)',
      ];
  console.log(
    [
      '',
      'WeChat customer service is running locally.',
      `  agent console  ${consoleUrl}${demo ? '   (sign in as the demo agent)' : ''}`,
      `  customer page  ${simulator.customerPageUrl}   (play a WeChat customer)`,
      `  callback URL   ${callbackUrl}`,
      `  HTTP API       ${runtime.httpUrl}`,
      `  WebSocket      ${runtime.webSocketUrl}`,
      `  WeChat API     ${simulator.baseUrl}   (the simulator, standing in for api.weixin.qq.com)`,
      ...demoLines,
      `  data           ${config.inMemory ? 'in memory (nothing is kept)' : `${config.dataDir} (kept across restarts)`}`,
      `  runtime.json   ${runtimeFile}`,
      'Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
}

main().catch((error: unknown) => {
  if (error instanceof UsageError && !error.message) {
    console.log(usage);
    process.exit(0);
  }
  if (error instanceof UsageError) {
    console.error(`${error.message}\n${usage}`);
    process.exit(2);
  }
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
