/**
 * The HTTP API's front door, in a thread of its own (started by `http-api.ts`): it accepts every
 * connection and reads every request at once, and hands them to the runtime's thread, which invokes
 * the functions and hands back the answers to write. In the cloud, API Gateway takes a request
 * whatever the functions behind it are doing. On one event loop, a crowd of callbacks kept the loop
 * busy for seconds at a time; connections waited to be accepted until the system's listen queue
 * overflowed, WeChat's SYNs were dropped, and a push whose every attempt went unconnected for 5 s
 * never reached the system at all. A request read here is answered sooner or later, and a push whose
 * sender gave up waiting is still taken in, as API Gateway would have invoked the function for it.
 *
 * Node loads this file itself (type stripping), so it and what it imports use only erasable
 * TypeScript, and import nothing but `node:` modules and files like themselves.
 */
import { createServer, type ServerResponse } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { closeServer, listen } from './ports.ts';
import { readBody, sourceIp } from './request-parts.ts';

export interface ListenerSettings {
  readonly host: string;
  readonly port: number;
  readonly backlog: number;
  readonly maxBodyBytes: number;
}

/** A request as it arrived, read whole. */
export interface ReceivedRequest {
  readonly id: number;
  readonly method: string;
  /** Path and query, as sent. */
  readonly target: string;
  readonly httpVersion: string;
  readonly headers: Record<string, string[]>;
  readonly sourceIp: string;
  readonly localAddress: string;
  readonly localPort: number;
  /** Epoch ms when its head arrived. */
  readonly receivedAt: number;
  /** Absent when it was larger than `maxBodyBytes`. */
  readonly body: Uint8Array | undefined;
}

export interface ListenerAnswer {
  readonly kind: 'answer';
  readonly id: number;
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: Uint8Array;
}

export type ToListener = ListenerAnswer | { readonly kind: 'close' };

export type FromListener =
  | { readonly kind: 'listening'; readonly port: number }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'request'; readonly request: ReceivedRequest }
  | { readonly kind: 'unread'; readonly method: string; readonly target: string; readonly reason: string }
  | { readonly kind: 'closed' };

const settings = workerData as ListenerSettings;
const port = parentPort;
if (!port) throw new Error('http-listener.ts runs as a worker thread of http-api.ts');
const tell = (message: FromListener) => port.postMessage(message);

const responses = new Map<number, ServerResponse>();
let nextId = 0;

const server = createServer((request, response) => {
  const receivedAt = Date.now();
  const id = nextId++;
  const target = request.url ?? '/';
  readBody(request, settings.maxBodyBytes).then(
    (body) => {
      responses.set(id, response);
      tell({
        kind: 'request',
        request: {
          id,
          method: request.method ?? 'GET',
          target,
          httpVersion: request.httpVersion,
          headers: request.headersDistinct as Record<string, string[]>,
          sourceIp: sourceIp(request),
          localAddress: request.socket.localAddress ?? '127.0.0.1',
          localPort: request.socket.localPort ?? 0,
          receivedAt,
          body: body.kind === 'ok' ? body.bytes : undefined,
        },
      });
    },
    (error: unknown) => {
      // The caller went away before sending all of it: there is nothing to invoke, as in the cloud.
      const reason = error instanceof Error ? error.message : String(error);
      tell({ kind: 'unread', method: request.method ?? 'GET', target, reason });
    },
  );
});

port.on('message', (message: ToListener) => {
  if (message.kind === 'close') {
    void closeServer(server).then(() => tell({ kind: 'closed' }));
    return;
  }
  const response = responses.get(message.id);
  responses.delete(message.id);
  if (!response || response.destroyed) return;
  response.writeHead(message.status, message.headers.flat());
  response.end(message.body);
});

listen(server, {
  service: 'HTTP API',
  hint: '--http-port or ports.http',
  backlog: settings.backlog,
  port: settings.port,
  host: settings.host,
}).then(
  (listening) => tell({ kind: 'listening', port: listening }),
  (error: unknown) =>
    tell({ kind: 'failed', message: error instanceof Error ? error.message : String(error) }),
);
