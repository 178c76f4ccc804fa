/**
 * The floor the end-to-end latency is compared with: the same local runtime (HTTP emulator, DynamoDB
 * Local, the stream poller with the dispatcher's trigger settings, the WebSocket emulator and its
 * `@connections` API), running functions that do nothing but move the bytes: an HTTP POST puts one
 * item, the stream trigger posts it to the socket named in it. What the product adds on top of this
 * is its own work (verify, decrypt, parse, store exactly once, route, push).
 */
import type { RuntimeManifest } from '../../../infra/local/runtime.ts';
import { httpCors, streamTriggers } from '../../../infra/manifest.ts';

const dispatchTrigger = streamTriggers.find((trigger) => trigger.function === 'dispatch');
if (!dispatchTrigger) throw new Error('the manifest has no dispatch trigger to mirror');

const bare = (file: string, spec: Partial<RuntimeManifest['functions'][string]> = {}) => ({
  entry: `test/bench/baseline/${file}`,
  memoryMb: 512,
  timeoutSeconds: 10,
  tables: {},
  ...spec,
});

export const baselineManifest: RuntimeManifest = {
  functions: {
    put: bare('put.ts', { tables: { messages: 'readWrite' } }),
    push: bare('push.ts', { managesConnections: true }),
    socket: bare('socket.ts'),
  },
  httpRoutes: [{ method: 'POST', path: '/bare/{connectionId}', function: 'put' }],
  httpCors,
  webSocket: {
    routeSelectionExpression: '$request.body.action',
    routes: [
      { routeKey: '$connect', function: 'socket' },
      { routeKey: '$disconnect', function: 'socket' },
      { routeKey: '$default', function: 'socket', returnResponse: true },
    ],
  },
  streamTriggers: [
    {
      table: 'messages',
      function: 'push',
      batchSize: dispatchTrigger.batchSize,
      retryAttempts: dispatchTrigger.retryAttempts,
      maxRecordAgeSeconds: dispatchTrigger.maxRecordAgeSeconds,
      bisectBatchOnError: dispatchTrigger.bisectBatchOnError,
    },
  ],
  schedules: [],
};
