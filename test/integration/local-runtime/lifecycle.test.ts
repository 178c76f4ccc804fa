import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient, GetItemCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { fixtureManifest } from '../../fixtures/local-runtime/manifest.ts';
import { callsOf, probe } from '../../fixtures/local-runtime/probe.ts';
import { messageIdOf } from '../../fixtures/local-runtime/stream-consumer.ts';
import { eventually } from '../../support/eventually.ts';
import { isAlive, quiet } from './helpers.ts';

const repositoryRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'local-runtime-'));
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

function clientFor(runtime: LocalRuntime): DynamoDBClient {
  return new DynamoDBClient({
    endpoint: runtime.dynamodbEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
}

function occupy(host: string): Promise<{ server: Server; port: number }> {
  return new Promise((resolvePort) => {
    const server = createServer().listen(0, host, () => {
      resolvePort({ server, port: (server.address() as { port: number }).port });
    });
  });
}

/** JVMs of DynamoDB Local listening on a port (none once it is stopped). */
function javaOnPort(port: number): string[] {
  try {
    return execFileSync('pgrep', ['-f', `DynamoDBLocal.jar .*-port ${port}( |$)`], { encoding: 'utf8' })
      .trim()
      .split('\n');
  } catch {
    return [];
  }
}

/** A Node process running TypeScript the way `npm start` does (tsx), with this test's Node. */
function runTs(file: string, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', file, ...args], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

describe('persistence', () => {
  it('keeps data across a restart with a data folder and does not replay old stream records', async () => {
    const dataDir = join(scratch, 'persisted');
    const write = (runtime: LocalRuntime, messageId: string) =>
      clientFor(runtime).send(
        new PutItemCommand({
          TableName: runtime.tableNames.messages,
          Item: { conversationId: { S: 'plain-restart' }, messageId: { S: messageId } },
        }),
      );
    const delivered = () =>
      callsOf<DynamoDBStreamEvent>('streamPlain')
        .flatMap((event) => event.Records)
        .map(messageIdOf);

    const first = await startLocalRuntime({ dataDir, manifest: fixtureManifest, log: quiet });
    await write(first, 'before-restart');
    await eventually(() => expect(delivered()).toEqual(['before-restart']));
    await first.stop();
    expect(isAlive(first.dynamodbPid)).toBe(false);

    probe().calls.clear();
    const second = await startLocalRuntime({ dataDir, manifest: fixtureManifest, log: quiet });
    try {
      const { Item } = await clientFor(second).send(
        new GetItemCommand({
          TableName: second.tableNames.messages,
          Key: { conversationId: { S: 'plain-restart' }, messageId: { S: 'before-restart' } },
        }),
      );
      expect(Item).toBeDefined();
      await write(second, 'after-restart');
      // Records of a shard arrive in order: a replayed record would have come first.
      await eventually(() => expect(delivered()).toEqual(['after-restart']));
    } finally {
      await second.stop();
    }
    // Two whole runtimes, each with its own JVM, start and stop in this test.
  }, 90_000);
});

describe('stop', () => {
  it('leaves no JVM behind and can be called again', async () => {
    const runtime = await startLocalRuntime({ dataDir: null, manifest: fixtureManifest, log: quiet });
    expect(isAlive(runtime.dynamodbPid)).toBe(true);
    const stopping = runtime.stop();
    expect(runtime.stop()).toBe(stopping);
    await stopping;
    expect(isAlive(runtime.dynamodbPid)).toBe(false);
    await runtime.stop();
    await expect(fetch(runtime.httpUrl)).rejects.toThrow();
  });

  it('kills the JVM when the process is terminated by a signal it does not handle', async () => {
    const child = runTs('test/fixtures/local-runtime/standalone.ts');
    const [line] = (await once(child.stdout as NodeJS.ReadableStream, 'data')) as [Buffer];
    const { dynamodbPid } = JSON.parse(line.toString()) as { dynamodbPid: number };
    expect(isAlive(dynamodbPid)).toBe(true);
    child.kill('SIGTERM');
    const [code, signal] = await once(child, 'exit');
    expect({ code, signal }).toEqual({ code: null, signal: 'SIGTERM' });
    await eventually(() => expect(isAlive(dynamodbPid)).toBe(false));
  });
});

describe('start failures', () => {
  it('says which port is taken', async () => {
    const taken = await occupy('0.0.0.0');
    try {
      await expect(
        startLocalRuntime({
          dataDir: null,
          manifest: fixtureManifest,
          log: quiet,
          ports: { dynamodb: taken.port },
        }),
      ).rejects.toThrow(`DynamoDB Local: port ${taken.port} is already in use; pass a different port`);
    } finally {
      taken.server.close();
    }
  });

  it('stops DynamoDB Local again when a server port is taken', async () => {
    const taken = await occupy('127.0.0.1');
    const free = await occupy('0.0.0.0');
    free.server.close();
    try {
      await expect(
        startLocalRuntime({
          dataDir: null,
          manifest: fixtureManifest,
          log: quiet,
          ports: { http: taken.port, dynamodb: free.port },
        }),
      ).rejects.toThrow(`HTTP API: port ${taken.port} is already in use`);
      expect(javaOnPort(free.port)).toEqual([]);
    } finally {
      taken.server.close();
    }
  });

  it('says that Java 17 is needed when there is no java', async () => {
    const path = process.env.PATH;
    process.env.PATH = join(scratch, 'no-java-here');
    try {
      await expect(
        startLocalRuntime({ dataDir: null, manifest: fixtureManifest, log: quiet }),
      ).rejects.toThrow(
        'Java 17 is required to run DynamoDB Local: install a JRE, e.g. apt-get install openjdk-17-jre-headless',
      );
    } finally {
      process.env.PATH = path;
    }
  });
});

/** Every port of `npm start` on any free one, so tests run beside a developer's own `npm start`. */
const anyFreePorts = [
  '--http-port',
  '--ws-port',
  '--dynamodb-port',
  '--console-port',
  '--wechat-port',
  '--media-port',
].flatMap((flag) => [flag, '0']);

describe('npm start (infra/local/main.ts)', () => {
  it('prints and writes where everything is, and stops everything on SIGINT', async () => {
    const dataDir = join(scratch, 'main');
    const main = runTs('infra/local/main.ts', ['--data-dir', dataDir, '--in-memory', ...anyFreePorts]);
    let output = '';
    main.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    main.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    const exited = once(main, 'exit');
    try {
      const summary = await eventually(
        async () =>
          JSON.parse(await readFile(join(dataDir, 'runtime.json'), 'utf8')) as Record<string, unknown>,
        { timeoutMs: 60_000 },
      );
      expect(summary).toMatchObject({
        httpUrl: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        webSocketUrl: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+$/),
        dynamodbEndpoint: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
        tableNames: { core: 'local-core', messages: 'local-messages', connections: 'local-connections' },
        demo: { agent: { username: expect.any(String), password: expect.any(String) } },
      });
      const demo = summary.demo as { appId: string; token: string; encodingAesKey: string };
      expect(summary.callbackUrl).toBe(`${summary.httpUrl}/wechat/${demo.appId}`);
      await eventually(() => {
        expect(output).toContain(String(summary.callbackUrl));
        expect(output).toContain(demo.token);
        expect(output).toContain(demo.encodingAesKey);
      });
      expect((await stat(join(dataDir, 'jwt-secret'))).mode & 0o777).toBe(0o600);
      expect((await fetch(`${summary.httpUrl}/nowhere`)).status).toBe(404);
      // The demo workspace is real: its agent can sign in, and the console and customer page are served.
      const agent = (summary.demo as { agent: { username: string; password: string } }).agent;
      const login = await fetch(`${summary.httpUrl}/api/auth/login`, {
        method: 'POST',
        body: JSON.stringify(agent),
      });
      expect(login.status).toBe(200);
      // With quick replies to try in the composer (`/thh` finds 退换货).
      const { token } = (await login.json()) as { token: string };
      const quickReplies = await fetch(`${summary.httpUrl}/api/quick-replies`, {
        headers: { authorization: `Bearer ${token}` },
      });
      const { quickReplies: seeded } = (await quickReplies.json()) as { quickReplies: { title?: string }[] };
      expect(seeded.map((reply) => reply.title)).toEqual(
        expect.arrayContaining(['问候', '退换货', '发货时间']),
      );
      // Lived in: customers with history, a picture and a card, one served and closed, one waiting.
      const asDemo = { headers: { authorization: `Bearer ${token}` } };
      const listed = async (state: string) =>
        (
          (await (await fetch(`${summary.httpUrl}/api/conversations?state=${state}`, asDemo)).json()) as {
            conversations: { conversationId: string; rating?: number }[];
          }
        ).conversations;
      const [active, closed] = [await listed('active'), await listed('closed')];
      expect([active.length, closed.length]).toEqual([3, 1]);
      // The closed one's customer answered the survey that came with the closing words.
      expect(closed[0]?.rating).toBe(5);
      const contents = await Promise.all(
        [...active, ...closed].map(async ({ conversationId }) => {
          const page = (await (
            await fetch(`${summary.httpUrl}/api/conversations/${conversationId}/messages`, asDemo)
          ).json()) as { messages: { author: string; content: { type: string } }[] };
          return page.messages.map((message) => `${message.author}:${message.content.type}`);
        }),
      );
      expect(contents.flat()).toEqual(
        expect.arrayContaining([
          'customer:image',
          'customer:miniprogrampage',
          'customer:voice',
          'agent:text',
          'agent:note',
        ]),
      );
      // The closed one is in the workspace's history, found by a word of its note.
      await eventually(async () => {
        const found = (await (
          await fetch(`${summary.httpUrl}/api/history?q=${encodeURIComponent('包邮')}`, asDemo)
        ).json()) as { results: { conversationId: string }[] };
        expect(found.results.map((result) => result.conversationId)).toEqual(
          closed.map((conversation) => conversation.conversationId),
        );
      });
      const { queues } = (await (await fetch(`${summary.httpUrl}/api/queues`, asDemo)).json()) as {
        queues: { waiting: unknown[] }[];
      };
      expect(queues.flatMap((queue) => queue.waiting)).toHaveLength(1);
      expect(await (await fetch(`${summary.consoleUrl}/config.json`)).json()).toEqual({
        httpApiUrl: summary.httpUrl,
        webSocketUrl: summary.webSocketUrl,
      });
      expect(await (await fetch(String(summary.consoleUrl))).text()).toContain('<div id="app"');
      expect((await fetch(String(summary.customerPageUrl))).status).toBe(200);

      const dynamodbPort = Number(new URL(String(summary.dynamodbEndpoint)).port);
      expect(javaOnPort(dynamodbPort)).toHaveLength(1);
      main.kill('SIGINT');
      const [code] = await exited;
      expect(code).toBe(0);
      expect(javaOnPort(dynamodbPort)).toEqual([]);
      await expect(stat(join(dataDir, 'runtime.json'))).rejects.toThrow();
    } finally {
      main.kill('SIGKILL');
    }
  });

  it('with --empty seeds no demo workspace', async () => {
    const dataDir = join(scratch, 'empty');
    const main = runTs('infra/local/main.ts', [
      '--data-dir',
      dataDir,
      '--in-memory',
      '--empty',
      ...anyFreePorts,
    ]);
    const exited = once(main, 'exit');
    try {
      const summary = await eventually(
        async () =>
          JSON.parse(await readFile(join(dataDir, 'runtime.json'), 'utf8')) as Record<string, unknown>,
        { timeoutMs: 60_000 },
      );
      expect(summary.demo).toBeUndefined();
      const login = await fetch(`${summary.httpUrl}/api/auth/login`, {
        method: 'POST',
        body: JSON.stringify({ username: 'demo', password: 'demo-password' }),
      });
      expect(login.status).toBe(401);
      main.kill('SIGINT');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      main.kill('SIGKILL');
    }
  });

  it('refuses a malformed port with its usage', async () => {
    const main = runTs('infra/local/main.ts', ['--http-port', 'eighty']);
    let errors = '';
    main.stderr?.on('data', (chunk: Buffer) => {
      errors += chunk.toString();
    });
    const [code] = await once(main, 'exit');
    expect(code).toBe(2);
    expect(errors).toContain('--http-port must be a port number');
    expect(errors).toContain('usage: npm start');
  });
});
