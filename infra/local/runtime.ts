/**
 * The local runtime: the whole serverless system on one machine, from the same manifest and table
 * definitions the CDK stack reads (ARCHITECTURE.md §6). DynamoDB Local stands in for DynamoDB and
 * its Streams, and small emulators stand in for the rest: the HTTP API, the WebSocket API with its
 * `@connections` API, the stream triggers and the schedules. The functions run in this process,
 * imported from their source files, and find everything through the same environment variables as
 * in Lambda (`AWS_ENDPOINT_URL_DYNAMODB` points the SDK at DynamoDB Local), so they do not know
 * where they run.
 *
 * The environment is process-wide: one runtime per process at a time.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { functionEnv } from '../../shared/config/env-names.ts';
import { type TableId, tables } from '../../shared/store/tables.ts';
import { jwtEnv, mediaBucketEnv, wsCallbackUrlEnv } from '../manifest.ts';
import { localCredentials, localRegion } from './aws-identity.ts';
import { startCommitProxy } from './dynamodb-commit-proxy.ts';
import {
  type DynamoDbSupervision,
  type SupervisedDynamoDb,
  superviseDynamoDbLocal,
} from './dynamodb-supervisor.ts';
import { type FailureQueue, startFailureQueue } from './failure-queue.ts';
import { createFunctionHost } from './function-host.ts';
import { type HttpApi, startHttpApi } from './http-api.ts';
import { startObjectStore } from './object-store.ts';
import { assertFunctionsDeclared, defaultManifest, type RuntimeManifest } from './runtime-manifest.ts';
import { startSchedules } from './schedules.ts';
import {
  type DeadLetter,
  type StreamReader,
  type StreamTrigger,
  startStreamTrigger,
} from './stream-trigger.ts';
import { createTables } from './tables.ts';
import { startWebSocketApi, type WebSocketApi } from './websocket-api.ts';

export type { RuntimeManifest } from './runtime-manifest.ts';
export type { DeadLetter } from './stream-trigger.ts';

export interface LocalRuntimeOptions {
  /** Folder for DynamoDB Local's data (kept across restarts, under `dynamodb/`); null = in memory. */
  dataDir: string | null;
  /** 0 or absent = a free port. */
  ports?: { http?: number; webSocket?: number; dynamodb?: number; media?: number };
  /** Interface the HTTP and WebSocket servers listen on; default 127.0.0.1. */
  host?: string;
  /** Extra environment for the functions (e.g. JWT_SECRET, WECHAT_API_BASE). */
  env?: Record<string, string>;
  /** Physical table name = prefix + table id; default `local-`. */
  tablePrefix?: string;
  /** How often an idle stream shard is polled; default 50 ms. */
  streamPollIntervalMs?: number;
  /** Default: console.log with a `[local]` prefix. */
  log?: (line: string) => void;
  /** What to run; default the real `infra/manifest.ts`. Tests of the runtime pass fixtures. */
  manifest?: RuntimeManifest;
  /** API Gateway's WebSocket limits, shortened by tests; default 10 minutes idle, 2 hours in all. */
  webSocketTimeouts?: { idleMs?: number; maxConnectionMs?: number };
  /** Invocations of one function at once, the rest waiting their turn (function-host.ts); default 16. */
  concurrencyPerFunction?: number;
  /** How DynamoDB Local is restarted when it dies under the running runtime (see dynamodb-supervisor.ts). */
  dynamodbSupervision?: DynamoDbSupervision;
  /**
   * The runtime could not go on (DynamoDB Local would not stay up) and has stopped itself. Default:
   * the reason is logged; `npm start` exits.
   */
  onFatal?: (error: Error) => void;
}

export interface LocalRuntime {
  /** The HTTP API, e.g. http://127.0.0.1:3000. */
  readonly httpUrl: string;
  /** Where sockets connect, e.g. ws://127.0.0.1:3001. */
  readonly webSocketUrl: string;
  /** The `@connections` base the functions get as WS_CALLBACK_URL, e.g. http://127.0.0.1:3001/local. */
  readonly connectionsEndpoint: string;
  readonly dynamodbEndpoint: string;
  /** The S3-compatible store holding the media bucket. */
  readonly mediaEndpoint: string;
  /** The JVM running DynamoDB Local now (a new one after a restart). */
  readonly dynamodbPid: number;
  readonly tableNames: Readonly<Record<TableId, string>>;
  /** Stream records that exhausted their retries or their age, as sent to the on-failure queues. */
  readonly deadLetters: readonly DeadLetter[];
  /** The on-failure queue of each stream trigger that has a redrive, by the trigger's function. */
  readonly failureQueues: ReadonlyMap<string, FailureQueue>;
  /** Invocations of a function waiting for their turn now (function-host.ts). */
  waiting(functionName: string): number;
  /** Resolves once no function invocation is running or waiting for its turn. */
  idle(): Promise<void>;
  /** Stops servers, pollers, timers and the JVM; idempotent. */
  stop(): Promise<void>;
}

const repositoryRoot = resolve(fileURLToPath(import.meta.url), '../../..');

const localMediaBucket = 'local-media';
const defaultTimeouts = { idleMs: 10 * 60_000, maxConnectionMs: 2 * 60 * 60_000 };
const shardDiscoveryIntervalMs = 1000;

export async function startLocalRuntime(options: LocalRuntimeOptions): Promise<LocalRuntime> {
  const manifest = options.manifest ?? defaultManifest;
  assertFunctionsDeclared(manifest);
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? ((line: string) => console.log(`[local] ${line}`));
  const timeouts = { ...defaultTimeouts, ...options.webSocketTimeouts };

  // Everything started so far, stopped in reverse order if a later step fails, or by stop():
  // schedules, the HTTP API and the pollers first, then the WebSocket API (closing sockets runs
  // their $disconnect), then every invocation still running is awaited; DynamoDB Local goes last.
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    const failures: unknown[] = [];
    for (const stop of stops.reverse()) await stop().catch((error: unknown) => failures.push(error));
    if (failures.length > 0) throw failures[0];
  };

  // Set once everything is up: what to do when DynamoDB Local comes back after dying.
  let afterDynamoDbRestart = async (_restart: { dataLost: boolean }) => {};
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopping ??= stopAll();
    return stopping;
  };

  try {
    const dynamodb: SupervisedDynamoDb = await superviseDynamoDbLocal({
      ...options.dynamodbSupervision,
      port: options.ports?.dynamodb ?? 0,
      dataPath: options.dataDir === null ? null : resolve(options.dataDir, 'dynamodb'),
      log,
      onRestarted: (restart) => afterDynamoDbRestart(restart),
      onGaveUp: (error) => {
        void stop().catch((stopError: unknown) => log(`stopping failed: ${String(stopError)}`));
        (options.onFatal ?? ((fatal: Error) => log(fatal.message)))(error);
      },
    });
    stops.push(() => dynamodb.stop());
    // With a data folder the functions write through it: DynamoDB Local would otherwise answer a
    // transaction before committing it to its file (see dynamodb-commit-proxy.ts). In memory there is
    // no file to reach, whatever dies with the JVM is lost either way, and the proxy would only double
    // the requests of every write.
    let functionsDynamodbEndpoint = dynamodb.endpoint;
    if (options.dataDir !== null) {
      const commitProxy = await startCommitProxy({ target: () => dynamodb.endpoint });
      stops.push(() => commitProxy.stop());
      functionsDynamodbEndpoint = commitProxy.endpoint;
    }

    const clientConfig = {
      endpoint: dynamodb.endpoint,
      region: localRegion,
      credentials: localCredentials,
    };
    const dynamodbClient = new DynamoDBClient(clientConfig);
    const streamsClient = new DynamoDBStreamsClient(clientConfig);
    stops.push(async () => {
      dynamodbClient.destroy();
      streamsClient.destroy();
    });
    const tablePrefix = options.tablePrefix ?? 'local-';
    const tableNames = await createTables(dynamodbClient, tables, tablePrefix);

    const objects = await startObjectStore({
      host,
      port: options.ports?.media ?? 0,
      dataDir: options.dataDir === null ? null : resolve(options.dataDir, 'media'),
    });
    objects.createBucket(localMediaBucket);
    stops.push(() => objects.stop());

    const functions = createFunctionHost(
      manifest.functions,
      repositoryRoot,
      log,
      options.concurrencyPerFunction,
    );
    stops.push(() => functions.idle());

    const webSocket: WebSocketApi = await startWebSocketApi({
      manifest,
      functions,
      host,
      port: options.ports?.webSocket ?? 0,
      idleTimeoutMs: timeouts.idleMs,
      maxConnectionMs: timeouts.maxConnectionMs,
      log,
    });
    // The on-failure queues (before the environment: the redrive functions get a queue's URL).
    const failureQueues = new Map<string, FailureQueue>();
    for (const trigger of manifest.streamTriggers) {
      if (!trigger.onFailure) continue;
      if (failureQueues.size > 0) {
        throw new Error(
          'the local runtime supports one stream trigger with a redrive (the environment is shared)',
        );
      }
      const redrive = trigger.onFailure.redrive;
      const queue = await startFailureQueue({
        name: `${trigger.table}-stream-failures`,
        functionName: redrive,
        invoke: (event: SQSEvent) => functions.invoke(redrive, event),
        maxReceiveCount: trigger.onFailure.maxReceiveCount,
        visibilityTimeoutSeconds: failureQueueVisibilitySeconds(
          manifest.functions[redrive]?.timeoutSeconds ?? 30,
        ),
        log,
      });
      stops.push(() => queue.stop());
      failureQueues.set(trigger.function, queue);
    }
    const [failureQueue] = failureQueues.values();

    // Synchronously after the WebSocket port is known, before anything can invoke a function.
    setFunctionEnvironment({
      dynamodbEndpoint: functionsDynamodbEndpoint,
      dynamodbStreamsEndpoint: dynamodb.endpoint,
      mediaEndpoint: objects.endpoint,
      tableNames,
      connectionsEndpoint: webSocket.connectionsEndpoint,
      failureQueue,
      extra: options.env ?? {},
    });
    stops.push(() => webSocket.close());

    const deadLetters: DeadLetter[] = [];
    const reader = streamReader(streamsClient);
    const pollers = new Map<string, { streamArn: string; poller: StreamTrigger }>();
    const startPollers = async () => {
      for (const [index, trigger] of manifest.streamTriggers.entries()) {
        const { Table } = await dynamodbClient.send(
          new DescribeTableCommand({ TableName: tableNames[trigger.table] }),
        );
        if (!Table?.LatestStreamArn)
          throw new Error(`table ${trigger.table} has a stream trigger but no stream`);
        const key = `${index}`;
        const running = pollers.get(key);
        // With a data folder DynamoDB Local comes back with the same stream; in memory, a new one.
        if (running?.streamArn === Table.LatestStreamArn) continue;
        await running?.poller.stop();
        const queue = failureQueues.get(trigger.function);
        const poller: StreamTrigger = await startStreamTrigger({
          ...trigger,
          functionName: trigger.function,
          streamArn: Table.LatestStreamArn,
          reader,
          invoke: (event: DynamoDBStreamEvent) => functions.invoke(trigger.function, event),
          pollIntervalMs: options.streamPollIntervalMs ?? 50,
          discoveryIntervalMs: shardDiscoveryIntervalMs,
          // A stream that replaced another (in memory, after a restart) is read from its start.
          startingPosition: running ? 'TRIM_HORIZON' : 'LATEST',
          onDeadLetter: (letter) => {
            deadLetters.push(letter);
            // In the cloud the queue gets Lambda's note without the records: so here too.
            const { records: _records, ...note } = letter;
            queue?.send(JSON.stringify(note));
          },
          log,
        });
        pollers.set(key, { streamArn: Table.LatestStreamArn, poller });
      }
    };
    await startPollers();
    stops.push(async () => {
      for (const { poller } of pollers.values()) await poller.stop();
    });
    afterDynamoDbRestart = async ({ dataLost }) => {
      if (dataLost) await createTables(dynamodbClient, tables, tablePrefix);
      await startPollers();
    };

    // After the pollers: a callback could otherwise write a message before its shard is watched.
    const http: HttpApi = await startHttpApi({
      manifest,
      functions,
      host,
      port: options.ports?.http ?? 0,
      log,
    });
    stops.push(() => http.close());

    const schedules = startSchedules(manifest.schedules, functions, log);
    stops.push(() => schedules.stop());

    return {
      httpUrl: http.url,
      webSocketUrl: webSocket.url,
      connectionsEndpoint: webSocket.connectionsEndpoint,
      dynamodbEndpoint: dynamodb.endpoint,
      mediaEndpoint: objects.endpoint,
      get dynamodbPid() {
        return dynamodb.pid;
      },
      tableNames,
      deadLetters,
      failureQueues,
      waiting: (functionName: string) => functions.waiting(functionName),
      idle: () => functions.idle(),
      stop,
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function setFunctionEnvironment(settings: {
  dynamodbEndpoint: string;
  dynamodbStreamsEndpoint: string;
  mediaEndpoint: string;
  tableNames: Record<TableId, string>;
  connectionsEndpoint: string;
  failureQueue: FailureQueue | undefined;
  extra: Record<string, string>;
}): void {
  // The made-up local key, which the local object store checks; real credentials must never be used from here.
  process.env.AWS_REGION = localRegion;
  process.env.AWS_ACCESS_KEY_ID = localCredentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = localCredentials.secretAccessKey;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  process.env.AWS_ENDPOINT_URL_DYNAMODB = settings.dynamodbEndpoint;
  process.env.AWS_ENDPOINT_URL_DYNAMODB_STREAMS = settings.dynamodbStreamsEndpoint;
  if (settings.failureQueue) {
    process.env.AWS_ENDPOINT_URL_SQS = settings.failureQueue.endpoint;
    process.env[functionEnv.streamFailuresQueueUrl] = settings.failureQueue.url;
  }
  process.env.AWS_ENDPOINT_URL_S3 = settings.mediaEndpoint;
  process.env[mediaBucketEnv] = localMediaBucket;
  for (const table of tables) process.env[table.envVar] = settings.tableNames[table.id];
  process.env[wsCallbackUrlEnv] = settings.connectionsEndpoint;
  // The cloud reads the JWT key from Secrets Manager; locally the key itself comes in `extra`.
  delete process.env[jwtEnv.secretArn];
  // EMF metrics mean something only to CloudWatch: none locally, unless asked for with
  // POWERTOOLS_METRICS_DISABLED=false (they are then shown as METRIC lines). Not POWERTOOLS_DEV: it
  // would also make the Logger write indented, multi-line JSON through the global console.
  process.env.POWERTOOLS_METRICS_DISABLED ??= 'true';
  Object.assign(process.env, settings.extra);
}

/** As AWS advises for a queue that triggers a function: six times the function's timeout. */
export function failureQueueVisibilitySeconds(functionTimeoutSeconds: number): number {
  return Math.ceil(6 * functionTimeoutSeconds);
}

function streamReader(client: DynamoDBStreamsClient): StreamReader {
  return {
    describeStream: (input) => client.send(new DescribeStreamCommand(input)),
    getShardIterator: (input) => client.send(new GetShardIteratorCommand(input)),
    getRecords: (input) => client.send(new GetRecordsCommand(input)),
  };
}
