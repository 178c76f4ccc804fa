/**
 * The HTTP API: API Gateway's HTTP API with Lambda proxy integrations, payload format 2.0, in front
 * of the manifest's `httpRoutes` (AWS.md §1.3). Requests become the exact v2 event; results are
 * mapped back as API Gateway maps them; the gateway's own answers (404 for no route, 413 over 10 MB,
 * 500 when a function fails) and CORS (preflight answered by the gateway, allow-origin added to
 * responses) are reproduced. On a route whose caller retries identically (WeChat's callbacks), a
 * repeat that arrives while the first request is still waiting or running takes the first's answer
 * (`callerRetriesIdentically` in infra/manifest.ts says why).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { apiGatewayId, httpApiId, localAccountId } from './aws-identity.ts';
import type { FunctionHost } from './function-host.ts';
import { createRouter } from './http-routes.ts';
import { closeServer, listen, urlAuthority } from './ports.ts';
import { parseQuery, readBody, requestTime, sourceIp, splitTarget } from './request-parts.ts';
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
  const server: Server = createServer((request, response) => {
    const started = Date.now();
    const requestId = apiGatewayId();
    const rawPath = splitTarget(request.url ?? '/').rawPath;
    handle(request, requestId, started)
      .catch((error: unknown) => {
        options.log(`HTTP ${request.method} ${rawPath} failed: ${describe(error)}`);
        return gatewayError(500, 'Internal Server Error');
      })
      .then((answer) => {
        send(request, response, answer, requestId);
        // The path only: the query may carry signatures and tokens.
        options.log(`HTTP ${request.method} ${rawPath} → ${answer.status} (${Date.now() - started} ms)`);
      });
  });

  async function handle(
    request: IncomingMessage,
    requestId: string,
    started: number,
  ): Promise<GatewayResponse> {
    const method = request.method ?? 'GET';
    const { rawPath, rawQueryString } = splitTarget(request.url ?? '/');
    if (isPreflight(request)) return preflight(options.manifest.httpCors);
    const matched = route(method, rawPath);
    const body = await readBody(request, maxBodyBytes);
    if (!matched) return gatewayError(404, 'Not Found');
    if (body.kind === 'tooLarge') return gatewayError(413, 'Request Entity Too Large');

    const routeKey = `${matched.route.method} ${matched.route.path}`;
    const event = toEvent(request, {
      routeKey,
      rawPath,
      rawQueryString,
      pathParameters: matched.pathParameters,
      body: body.bytes,
      requestId,
      started,
    });
    const invoke = () => invokeRoute(matched.route.function, routeKey, event);
    if (!matched.route.callerRetriesIdentically) return invoke();
    return sharedAnswer(
      requestIdentity(method, request.url ?? '/', request.headers['content-type'], body.bytes),
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

  const port = await listen(server, {
    service: 'HTTP API',
    hint: '--http-port or ports.http',
    // A crowd of callbacks arriving while the process is busy would overflow Node's 511, and a
    // dropped connection is retried by the client only after a second or more: past WeChat's 5 s.
    backlog: 4096,
    port: options.port,
    host: options.host,
  });
  return {
    url: `http://${urlAuthority(options.host, port)}`,
    close: () => closeServer(server),
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

function toEvent(request: IncomingMessage, facts: RequestFacts): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (const [name, values = []] of Object.entries(request.headersDistinct)) {
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
  const ip = sourceIp(request);
  headers['x-forwarded-for'] = headers['x-forwarded-for'] ? `${headers['x-forwarded-for']},${ip}` : ip;
  headers['x-forwarded-port'] = String(request.socket.localPort);
  headers['x-forwarded-proto'] = 'http';
  headers['x-amzn-trace-id'] = traceId(facts.started);

  const query = parseQuery(facts.rawQueryString);
  const domainName =
    headers.host ?? urlAuthority(request.socket.localAddress ?? '127.0.0.1', request.socket.localPort ?? 0);
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
        method: request.method ?? 'GET',
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
function requestIdentity(method: string, target: string, contentType: string | undefined, body: Buffer) {
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

function isPreflight(request: IncomingMessage): boolean {
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

function send(
  request: IncomingMessage,
  response: ServerResponse,
  answer: GatewayResponse,
  requestId: string,
): void {
  const headers = [...answer.headers, ['apigw-requestid', requestId]];
  if (request.headers.origin !== undefined) headers.push(['access-control-allow-origin', '*']);
  headers.push(['content-length', String(answer.body.length)]);
  response.writeHead(answer.status, headers.flat());
  response.end(answer.body);
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}
