/**
 * The HTTP API: API Gateway's HTTP API with Lambda proxy integrations, payload format 2.0, in front
 * of the manifest's `httpRoutes` (AWS.md §1.3). Requests become the exact v2 event; results are
 * mapped back as API Gateway maps them; the gateway's own answers (404 for no route, 413 over 10 MB,
 * 500 when a function fails) and CORS (preflight answered by the gateway, allow-origin added to
 * responses) are reproduced. On a route whose caller retries identically (WeChat's callbacks), a
 * repeat that arrives while the first request is still waiting or running takes the first's answer
 * (`callerRetriesIdentically` in infra/manifest.ts says why). Connections are accepted and requests
 * read by a thread of their own (`http-listener.ts` says why); this side routes them and invokes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayId, httpApiId, localAccountId } from './aws-identity.ts';
import type { FunctionHost } from './function-host.ts';
import type { FromListener, ListenerSettings, ReceivedRequest, ToListener } from './http-listener.ts';
import { createRouter } from './http-routes.ts';
import { urlAuthority } from './ports.ts';
import { parseQuery, requestTime, splitTarget } from './request-parts.ts';
import type { RuntimeManifest } from './runtime-manifest.ts';

/** HTTP API payload limit (AWS.md §1.3). */
const maxBodyBytes = 10 * 1024 * 1024;

/**
 * Content types whose bodies reach the function as text; any other body is base64-encoded with
 * `isBase64Encoded`, as API Gateway does for binary payloads.
 */
const textContentType =
  /^(text\/|application\/(json|javascript|xml|x-www-form-urlencoded)\b|application\/[^;]*\+(json|xml)\b)/i;

export interface HttpApiOptions {
  readonly manifest: Pick<RuntimeManifest, 'httpRoutes' | 'httpCors'>;
  readonly functions: FunctionHost;
  readonly host: string;
  readonly port: number;
  readonly log: (line: string) => void;
}

export interface HttpApi {
  readonly url: string;
  close(): Promise<void>;
}

interface GatewayResponse {
  readonly status: number;
  readonly headers: [string, string][];
  readonly body: Buffer;
}

export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const route = createRouter(options.manifest.httpRoutes);
  /** Answers still coming for routes whose caller retries identically, by the request's identity. */
  const answersComing = new Map<string, Promise<GatewayResponse>>();
  const settings: ListenerSettings = {
    host: options.host,
    port: options.port,
    // A crowd of callbacks arriving at once would overflow Node's 511.
    backlog: 4096,
    maxBodyBytes,
  };
  const listener = new Worker(new URL('./http-listener.ts', import.meta.url), { workerData: settings });
  const tell = (message: ToListener) => listener.postMessage(message);

  function take(request: ReceivedRequest): void {
    const requestId = apiGatewayId();
    const { rawPath } = splitTarget(request.target);
    handle(request, requestId)
      .catch((error: unknown) => {
        options.log(`HTTP ${request.method} ${rawPath} failed: ${describe(error)}`);
        return gatewayError(500, 'Internal Server Error');
      })
      .then((answer) => {
        const headers: [string, string][] = [...answer.headers, ['apigw-requestid', requestId]];
        if (request.headers.origin !== undefined) headers.push(['access-control-allow-origin', '*']);
        headers.push(['content-length', String(answer.body.length)]);
        tell({ kind: 'answer', id: request.id, status: answer.status, headers, body: answer.body });
        // The path only: the query may carry signatures and tokens.
        options.log(
          `HTTP ${request.method} ${rawPath} → ${answer.status} (${Date.now() - request.receivedAt} ms)`,
        );
      });
  }

  async function handle(request: ReceivedRequest, requestId: string): Promise<GatewayResponse> {
    const { method, body } = request;
    const { rawPath, rawQueryString } = splitTarget(request.target);
    if (isPreflight(request)) return preflight(options.manifest.httpCors);
    const matched = route(method, rawPath);
    if (!matched) return gatewayError(404, 'Not Found');
    if (!body) return gatewayError(413, 'Request Entity Too Large');

    const routeKey = `${matched.route.method} ${matched.route.path}`;
    const event = toEvent(request, {
      routeKey,
      rawPath,
      rawQueryString,
      pathParameters: matched.pathParameters,
      body: Buffer.from(body.buffer, body.byteOffset, body.byteLength),
      requestId,
      started: request.receivedAt,
    });
    const invoke = () => invokeRoute(matched.route.function, routeKey, event);
    if (!matched.route.callerRetriesIdentically) return invoke();
    return sharedAnswer(
      requestIdentity(method, request.target, request.headers['content-type']?.join(','), body),
      routeKey,
      invoke,
    );
  }

  /**
   * The answer of the identical request still being answered, or of this one. A retry is the caller's
   * next chance: when the request it joined fails (5xx), it is invoked again, as in the cloud.
   */
  function sharedAnswer(
    identity: string,
    routeKey: string,
    invoke: () => Promise<GatewayResponse>,
  ): Promise<GatewayResponse> {
    const coming = answersComing.get(identity);
    if (coming) {
      options.log(`HTTP ${routeKey}: a retry of a request still being answered takes its answer`);
      return coming.then((answer) =>
        answer.status >= 500 ? sharedAnswer(identity, routeKey, invoke) : answer,
      );
    }
    const answer = invoke().finally(() => answersComing.delete(identity));
    answersComing.set(identity, answer);
    return answer;
  }

  async function invokeRoute(
    functionName: string,
    routeKey: string,
    event: APIGatewayProxyEventV2,
  ): Promise<GatewayResponse> {
    try {
      return toGatewayResponse(await options.functions.invoke(functionName, event));
    } catch (error) {
      options.log(`HTTP ${routeKey}: function ${functionName} failed: ${describe(error)}`);
      return gatewayError(500, 'Internal Server Error');
    }
  }

  let closed: () => void = () => {};
  let exited = false;
  listener.once('exit', () => {
    exited = true;
    closed();
  });
  const port = await new Promise<number>((resolve, reject) => {
    listener.on('message', (message: FromListener) => {
      switch (message.kind) {
        case 'listening':
          return resolve(message.port);
        case 'failed':
          void listener.terminate();
          return reject(new Error(message.message));
        case 'request':
          return take(message.request);
        case 'unread':
          return options.log(
            `HTTP ${message.method} ${splitTarget(message.target).rawPath}: not read whole (${message.reason})`,
          );
        case 'closed':
          return closed();
      }
    });
    listener.once('error', reject);
  });
  listener.on('error', (error) => options.log(`HTTP API: the listening thread failed: ${describe(error)}`));
  return {
    url: `http://${urlAuthority(options.host, port)}`,
    close: async () => {
      if (exited) return;
      await new Promise<void>((resolve) => {
        closed = resolve;
        tell({ kind: 'close' });
      });
      await listener.terminate();
    },
  };
}

interface RequestFacts {
  readonly routeKey: string;
  readonly rawPath: string;
  readonly rawQueryString: string;
  readonly pathParameters: Record<string, string> | undefined;
  readonly body: Buffer;
  readonly requestId: string;
  readonly started: number;
}

function toEvent(request: ReceivedRequest, facts: RequestFacts): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values] of Object.entries(request.headers)) {
    // Cookies travel in their own field in format 2.0, not among the headers.
    if (name === 'cookie') {
      for (const value of values)
        cookies.push(
          ...value
            .split(';')
            .map((cookie) => cookie.trim())
            .filter(Boolean),
        );
    } else {
      headers[name] = values.join(',');
    }
  }
  const ip = request.sourceIp;
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']},${ip}` : ip;
  headers['x-forwarded-port'] = String(request.localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = traceId(facts.started);

  const query = parseQuery(facts.rawQueryString);
  const domainName = headers.host ?? urlAuthority(request.localAddress, request.localPort);
  const contentType = headers['content-type'] ?? '';
  const binary = facts.body.length > 0 && !textContentType.test(contentType);
  return {
    version: '2.0',
    routeKey: facts.routeKey,
    rawPath: facts.rawPath,
    rawQueryString: facts.rawQueryString,
    cookies: cookies.length ? cookies : undefined,
    headers,
    queryStringParameters: query.size
      ? Object.fromEntries([...query].map(([name, values]) => [name, values.join(',')]))
      : undefined,
    pathParameters: facts.pathParameters,
    requestContext: {
      accountId: localAccountId,
      apiId: httpApiId,
      domainName,
      domainPrefix: domainName.split('.')[0] as string,
      http: {
        method: request.method,
        path: facts.rawPath,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: ip,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: facts.requestId,
      routeKey: facts.routeKey,
      stage: '$default',
      time: requestTime(facts.started),
      timeEpoch: facts.started,
    },
    body: facts.body.length ? facts.body.toString(binary ? 'base64' : 'utf8') : undefined,
    isBase64Encoded: binary,
  };
}

/** The same method, target, content type and body: WeChat's retry of a callback, byte for byte. */
function requestIdentity(method: string, target: string, contentType: string | undefined, body: Uint8Array) {
  const hash = createHash('sha256')
    .update(`${method} ${target}\n${contentType ?? ''}\n`)
    .update(body);
  return hash.digest('base64');
}

/** `Root=1-<epoch seconds, hex>-<96 random bits>`, the X-Ray trace header API Gateway adds. */
function traceId(epochMs: number): string {
  return `Root=1-${Math.floor(epochMs / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

/**
 * Format 2.0 response mapping: a result with `statusCode` is a response (headers, `cookies` as
 * Set-Cookie, a body that is base64 when `isBase64Encoded`); any other result is taken as the JSON
 * body of a 200. A malformed response is the gateway's 500, as in AWS.
 */
function toGatewayResponse(result: unknown): GatewayResponse {
  if (typeof result !== 'object' || result === null || !('statusCode' in result)) {
    return {
      status: 200,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(JSON.stringify(result ?? null)),
    };
  }
  const response = result as {
    statusCode: unknown;
    headers?: Record<string, unknown>;
    cookies?: unknown;
    body?: unknown;
    isBase64Encoded?: unknown;
  };
  const status = Number(response.statusCode);
  if (!Number.isInteger(status) || status < 100 || status > 599) {
    throw new Error(`malformed response: statusCode ${String(response.statusCode)}`);
  }
  if (response.body !== undefined && typeof response.body !== 'string') {
    throw new Error('malformed response: body must be a string');
  }
  // The gateway frames the body itself: a function's own framing headers would contradict it.
  const headers: [string, string][] = Object.entries(response.headers ?? {})
    .map(([name, value]): [string, string] => [name.toLowerCase(), String(value)])
    .filter(([name]) => name !== 'content-length' && name !== 'transfer-encoding');
  if (Array.isArray(response.cookies)) {
    for (const cookie of response.cookies) headers.push(['set-cookie', String(cookie)]);
  }
  const body = response.body ?? '';
  return { status, headers, body: Buffer.from(body, response.isBase64Encoded === true ? 'base64' : 'utf8') };
}

function gatewayError(status: number, message: string): GatewayResponse {
  return {
    status,
    headers: [['content-type', 'application/json']],
    body: Buffer.from(JSON.stringify({ message })),
  };
}

function isPreflight(request: ReceivedRequest): boolean {
  return (
    request.method === 'OPTIONS' &&
    request.headers.origin !== undefined &&
    request.headers['access-control-request-method'] !== undefined
  );
}

/**
 * API Gateway answers CORS preflights itself when the API has a CORS configuration, without
 * invoking anything. The console is served from another origin, so any origin is allowed locally
 * (the cloud stack allows the console's origin only).
 */
function preflight(cors: RuntimeManifest['httpCors']): GatewayResponse {
  return {
    status: 204,
    headers: [
      ['access-control-allow-methods', cors.allowMethods.join(',')],
      ['access-control-allow-headers', cors.allowHeaders.join(',')],
      ['access-control-max-age', String(cors.maxAgeSeconds)],
    ],
    body: Buffer.alloc(0),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
