/**
 * The WebSocket API: API Gateway's WebSocket API with Lambda proxy integrations, driven by the
 * manifest's `webSocket` section (AWS.md §1.1, §3.3).
 *
 * - Upgrade: a missing or empty identity source (the authorizer's query parameter) is refused with
 *   401 before anything runs; otherwise the authorizer decides, then `$connect` runs while the
 *   upgrade waits, and a non-2xx answer refuses it with that status. The socket is registered only
 *   after `$connect`, so, as in AWS, `$connect` cannot post to its own connection.
 * - Frames: the route is picked by `routeSelectionExpression` (`$request.body.<field>`), falling
 *   back to `$default`; a two-way route's response body is sent back to the socket. API Gateway's
 *   own error frames are reproduced (`Forbidden` with no route, `Internal server error` when the
 *   function fails).
 * - Close: `$disconnect` with the close code and reason, best effort as in AWS.
 * - Limits: 128 KB messages (close 1009), the idle timeout and the maximum connection duration
 *   (close 1001); the two durations are options so tests need not wait ten minutes.
 *
 * The HTTP side of the same server is the `@connections` management API.
 */
import { createServer, type IncomingMessage, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { apiGatewayId, localAccountId, localRegion, webSocketApiId, webSocketStage } from './aws-identity.ts';
import { type ManagedConnection, maxMessageBytes, serveConnectionsApi } from './connections-api.ts';
import type { FunctionHost } from './function-host.ts';
import { closeServer, listen, urlAuthority } from './ports.ts';
import { parseQuery, requestTime, sourceIp, splitTarget } from './request-parts.ts';
import type { RuntimeManifest } from './runtime-manifest.ts';
import { type AuthorizerContext, authorize } from './websocket-authorizer.ts';

export interface WebSocketApiOptions {
  readonly manifest: Pick<RuntimeManifest, 'webSocket'>;
  readonly functions: FunctionHost;
  readonly host: string;
  readonly port: number;
  readonly idleTimeoutMs: number;
  readonly maxConnectionMs: number;
  readonly log: (line: string) => void;
}

export interface WebSocketApi {
  /** Where clients connect (`ws://host:port`; the stage path is accepted too). */
  readonly url: string;
  /** The `@connections` endpoint, with a stage path like `https://{api}.execute-api…/{stage}`. */
  readonly connectionsEndpoint: string;
  close(): Promise<void>;
}

/** Everything about the upgrade request that every event of the connection repeats. */
interface ConnectionFacts {
  readonly connectionId: string;
  readonly connectedAt: number;
  readonly domainName: string;
  readonly identity: { readonly sourceIp: string; readonly userAgent: string };
}

/** How long sockets get to complete a close handshake at shutdown before they are cut. */
const shutdownGraceMs = 1000;

export async function startWebSocketApi(options: WebSocketApiOptions): Promise<WebSocketApi> {
  const { webSocket } = options.manifest;
  const routes = new Map(webSocket.routes.map((route) => [route.routeKey, route]));
  const selectRoute = routeSelector(webSocket.routeSelectionExpression);
  const connections = new Map<string, ManagedConnection>();
  const closing = new Set<Promise<void>>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: maxMessageBytes });
  const server = createServer(serveConnectionsApi(connections, options.log));
  const upgradePaths = new Set(['/', `/${webSocketStage}`, `/${webSocketStage}/`]);
  let stopped = false;

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the socket over without an error listener; until `ws` takes it, a client that
    // resets the connection while $connect runs would otherwise crash the process.
    const dropOnError = () => socket.destroy();
    socket.on('error', dropOnError);
    upgrade(request, socket, head, () => socket.off('error', dropOnError)).catch((error: unknown) => {
      options.log(`WebSocket upgrade failed: ${String(error)}`);
      refuse(socket, 500, gatewayMessage('Internal server error'));
    });
  });

  function requestContext(facts: ConnectionFacts, routeKey: string, eventType: string) {
    const now = Date.now();
    return {
      routeKey,
      eventType,
      extendedRequestId: apiGatewayId(),
      requestTime: requestTime(now),
      messageDirection: 'IN',
      stage: webSocketStage,
      connectedAt: facts.connectedAt,
      requestTimeEpoch: now,
      identity: facts.identity,
      requestId: apiGatewayId(),
      domainName: facts.domainName,
      connectionId: facts.connectionId,
      apiId: webSocketApiId,
    };
  }

  async function upgrade(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    releaseSocket: () => void,
  ): Promise<void> {
    const { rawPath, rawQueryString } = splitTarget(request.url ?? '/');
    if (!upgradePaths.has(rawPath)) return refuse(socket, 403, gatewayMessage('Forbidden'));
    const query = parseQuery(rawQueryString);
    const ip = sourceIp(request);
    const facts: ConnectionFacts = {
      connectionId: apiGatewayId(),
      connectedAt: Date.now(),
      domainName: request.headers.host ?? '',
      identity: { sourceIp: ip, userAgent: request.headers['user-agent'] ?? '' },
    };
    const requestParts = { ...headersOf(request, ip), ...queryParametersOf(query) };

    let authorizer: AuthorizerContext | undefined;
    if (webSocket.authorizer) {
      const { function: functionName, queryParameter } = webSocket.authorizer;
      // API Gateway refuses a request without its identity source before invoking the authorizer.
      if (!query.get(queryParameter)?.at(-1)) {
        options.log(`WebSocket connect refused: no ${queryParameter} in the query`);
        return refuse(socket, 401, gatewayMessage('Unauthorized'));
      }
      const event = {
        type: 'REQUEST',
        methodArn: `arn:aws:execute-api:${localRegion}:${localAccountId}:${webSocketApiId}/${webSocketStage}/$connect`,
        ...requestParts,
        stageVariables: {},
        requestContext: requestContext(facts, '$connect', 'CONNECT'),
      };
      const decision = await authorize(options.functions, functionName, event);
      if (!decision.allowed) {
        options.log(`WebSocket connect refused with ${decision.status}: ${decision.reason}`);
        const message =
          decision.status === 500 ? 'Internal server error' : (STATUS_CODES[decision.status] as string);
        return refuse(socket, decision.status, gatewayMessage(message));
      }
      authorizer = decision.authorizer;
    }

    const connectRoute = routes.get('$connect');
    if (connectRoute) {
      let result: unknown;
      try {
        result = await options.functions.invoke(connectRoute.function, {
          ...requestParts,
          requestContext: { ...requestContext(facts, '$connect', 'CONNECT'), authorizer },
          isBase64Encoded: false,
        });
      } catch (error) {
        options.log(`WebSocket $connect: function ${connectRoute.function} failed: ${describe(error)}`);
        return refuse(socket, 500, gatewayMessage('Internal server error'));
      }
      const status = Number((result as { statusCode?: unknown } | null)?.statusCode ?? 200);
      if (!(status >= 200 && status < 300)) {
        options.log(`WebSocket connect refused by $connect with ${status}`);
        return refuse(socket, status, responseBody(result) ?? '');
      }
    }
    // The client may have given up, or the runtime stopped, while $connect ran.
    if (socket.destroyed || stopped) return void socket.destroy();
    releaseSocket();
    sockets.handleUpgrade(request, socket, head, (ws) => open(ws, facts, authorizer));
  }

  function open(ws: WebSocket, facts: ConnectionFacts, authorizer: AuthorizerContext | undefined): void {
    let idleTimer: NodeJS.Timeout | undefined;
    // $disconnect reports the code the gateway closed with, whatever the client answers (if at all).
    let closedWith: { code: number; reason: string } | undefined;
    const closeFromServer = (code: number, reason: string) => {
      closedWith ??= { code, reason };
      connections.delete(facts.connectionId);
      ws.close(code, reason);
    };
    const touch = () => {
      connection.lastActiveAt = Date.now();
      clearTimeout(idleTimer);
      idleTimer = setTimeout(() => closeFromServer(1001, 'Going away'), options.idleTimeoutMs);
    };
    const connection: ManagedConnection & { lastActiveAt: number } = {
      connectedAt: facts.connectedAt,
      lastActiveAt: facts.connectedAt,
      sourceIp: facts.identity.sourceIp,
      userAgent: facts.identity.userAgent,
      isOpen: () => ws.readyState === WebSocket.OPEN,
      send(data) {
        touch();
        return new Promise((resolve, reject) => {
          ws.send(data, { binary: false }, (error) => (error ? reject(error) : resolve()));
        });
      },
      close: closeFromServer,
    };
    const lifetimeTimer = setTimeout(() => closeFromServer(1001, 'Going away'), options.maxConnectionMs);
    touch();
    connections.set(facts.connectionId, connection);
    options.log(`WebSocket ${facts.connectionId} connected`);

    ws.on('message', (data, isBinary) => {
      touch();
      // API Gateway WebSocket APIs do not accept binary frames from clients.
      if (isBinary) return closeFromServer(1003, 'Binary frames are not supported');
      void onMessage(facts, authorizer, connection, String(data));
    });
    // On a protocol error `ws` closes the socket itself: with 1009 for an oversize message.
    ws.on('error', (error: Error & { code?: string }) => {
      closedWith ??= {
        code: error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH' ? 1009 : 1002,
        reason: error.message,
      };
    });
    const closed = new Promise<void>((resolve) => {
      ws.once('close', (code, reason) => {
        clearTimeout(idleTimer);
        clearTimeout(lifetimeTimer);
        connections.delete(facts.connectionId);
        const closure = closedWith ?? { code, reason: reason.toString() };
        options.log(`WebSocket ${facts.connectionId} closed (${closure.code})`);
        void onDisconnect(facts, authorizer, closure.code, closure.reason);
        resolve();
      });
    });
    closing.add(closed);
    void closed.then(() => closing.delete(closed));
  }

  async function onMessage(
    facts: ConnectionFacts,
    authorizer: AuthorizerContext | undefined,
    connection: ManagedConnection,
    body: string,
  ): Promise<void> {
    const selected = selectRoute(body);
    const routeKey = selected && !selected.startsWith('$') && routes.has(selected) ? selected : '$default';
    const context = { ...requestContext(facts, routeKey, 'MESSAGE'), messageId: apiGatewayId(), authorizer };
    const gatewayError = (message: string) =>
      JSON.stringify({ message, connectionId: facts.connectionId, requestId: context.requestId });
    const route = routes.get(routeKey);
    try {
      if (!route) return await connection.send(Buffer.from(gatewayError('Forbidden')));
      let reply: string | undefined;
      try {
        const result = await options.functions.invoke(route.function, {
          requestContext: context,
          body,
          isBase64Encoded: false,
        });
        reply = route.returnResponse ? responseBody(result) : undefined;
      } catch (error) {
        options.log(`WebSocket ${routeKey}: function ${route.function} failed: ${describe(error)}`);
        reply = gatewayError('Internal server error');
      }
      if (reply !== undefined && connection.isOpen()) await connection.send(Buffer.from(reply));
    } catch (error) {
      options.log(`WebSocket ${facts.connectionId}: cannot answer: ${String(error)}`);
    }
  }

  async function onDisconnect(
    facts: ConnectionFacts,
    authorizer: AuthorizerContext | undefined,
    code: number,
    reason: string,
  ): Promise<void> {
    const route = routes.get('$disconnect');
    if (!route) return;
    try {
      await options.functions.invoke(route.function, {
        requestContext: {
          ...requestContext(facts, '$disconnect', 'DISCONNECT'),
          disconnectStatusCode: code,
          disconnectReason: reason,
          authorizer,
        },
        isBase64Encoded: false,
      });
    } catch (error) {
      options.log(`WebSocket $disconnect: function ${route.function} failed: ${describe(error)}`);
    }
  }

  const port = await listen(server, {
    service: 'WebSocket API',
    hint: '--ws-port or ports.webSocket',
    port: options.port,
    host: options.host,
  });
  const authority = urlAuthority(options.host, port);
  return {
    url: `ws://${authority}`,
    connectionsEndpoint: `http://${authority}/${webSocketStage}`,
    async close() {
      stopped = true;
      for (const connection of connections.values()) connection.close(1001, 'Going away');
      const grace = new Promise((resolve) => setTimeout(resolve, shutdownGraceMs).unref());
      await Promise.race([Promise.all(closing), grace]);
      for (const client of sockets.clients) client.terminate();
      await Promise.all(closing);
      sockets.close();
      await closeServer(server);
    },
  };
}

/** Supports the `$request.body.<field>[.<field>…]` expressions; others are refused at start. */
function routeSelector(expression: string): (body: string) => string | undefined {
  const prefix = '$request.body.';
  if (!expression.startsWith(prefix)) {
    throw new Error(
      `route selection expression ${expression} is not emulated locally (only ${prefix}<field>)`,
    );
  }
  const path = expression.slice(prefix.length).split('.');
  return (body) => {
    let value: unknown;
    try {
      value = JSON.parse(body);
    } catch {
      return undefined;
    }
    for (const key of path) {
      value =
        typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[key] : undefined;
    }
    return typeof value === 'string' ? value : undefined;
  };
}

/**
 * `$connect` and authorizer events carry headers as sent (original case, last value wins, all
 * values in `multiValueHeaders`), plus the forwarding headers API Gateway adds.
 */
function headersOf(request: IncomingMessage, ip: string) {
  const headers: Record<string, string> = {};
  const multiValueHeaders: Record<string, string[]> = {};
  const raw = request.rawHeaders;
  const add = (name: string, value: string) => {
    headers[name] = value;
    multiValueHeaders[name] = [...(multiValueHeaders[name] ?? []), value];
  };
  for (let index = 0; index + 1 < raw.length; index += 2) add(raw[index] as string, raw[index + 1] as string);
  add('X-Forwarded-For', ip);
  add('X-Forwarded-Port', String(request.socket.localPort));
  add('X-Forwarded-Proto', 'http');
  return { headers, multiValueHeaders };
}

/** Query parameters the v1 way (last value wins, all in the multi-value map); absent when none. */
function queryParametersOf(query: Map<string, string[]>) {
  if (query.size === 0) return {};
  return {
    queryStringParameters: Object.fromEntries(
      [...query].map(([name, values]) => [name, values.at(-1) as string]),
    ),
    multiValueQueryStringParameters: Object.fromEntries(query),
  };
}

/** The body a function's result sends back: `body` of a response object, or a bare string. */
function responseBody(result: unknown): string | undefined {
  if (typeof result === 'string') return result;
  const body = (result as { body?: unknown } | null)?.body;
  return typeof body === 'string' ? body : undefined;
}

function gatewayMessage(message: string): string {
  return JSON.stringify({ message });
}

/** Answers an upgrade request with an HTTP error instead of switching protocols. */
function refuse(socket: Duplex, status: number, body: string): void {
  if (socket.destroyed) return;
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
