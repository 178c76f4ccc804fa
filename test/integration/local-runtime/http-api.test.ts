import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { httpCors } from '../../../infra/manifest.ts';
import { fixtureManifest } from '../../fixtures/local-runtime/manifest.ts';
import { callsOf } from '../../fixtures/local-runtime/probe.ts';
import { rawRequest } from './helpers.ts';

let runtime: LocalRuntime;
const logs: string[] = [];

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dataDir: null,
    manifest: fixtureManifest,
    log: (line) => logs.push(line),
  });
});

afterAll(async () => {
  await runtime?.stop();
});

function echoed(body: Buffer): APIGatewayProxyEventV2 {
  return JSON.parse(body.toString()) as APIGatewayProxyEventV2;
}

describe('HTTP API events (payload format 2.0)', () => {
  it('carries the route, the path and query parameters decoded once, headers and cookies', async () => {
    const query = 'a=1&b=x%2By&c=x+y&a=2&empty=&flag&name%20x=%E5%AE%A2%E6%9C%8D';
    const response = await rawRequest(`${runtime.httpUrl}/users/u%201/notes/n-1?${query}`, {
      headers: ['X-Dup', 'one', 'x-dup', 'two', 'Cookie', 'a=1; b=2', 'User-Agent', 'fixture-agent'],
    });
    expect(response.status).toBe(200);
    const event = echoed(response.body);

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'GET /users/{userId}/notes/{noteId}',
      rawPath: '/users/u%201/notes/n-1',
      rawQueryString: query,
      pathParameters: { userId: 'u 1', noteId: 'n-1' },
      // %2B is a literal plus and a bare + a space; duplicates are comma-joined.
      queryStringParameters: { a: '1,2', b: 'x+y', c: 'x y', empty: '', flag: '', 'name x': '客服' },
      cookies: ['a=1', 'b=2'],
      isBase64Encoded: false,
    });
    expect(event.body).toBeUndefined();
    expect(event.headers['x-dup']).toBe('one,two');
    expect(event.headers['user-agent']).toBe('fixture-agent');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.headers['x-forwarded-for']).toBe('127.0.0.1');
    expect(Object.keys(event.headers).every((name) => name === name.toLowerCase())).toBe(true);

    const host = new URL(runtime.httpUrl).host;
    expect(event.requestContext).toMatchObject({
      accountId: expect.stringMatching(/^\d{12}$/),
      apiId: expect.any(String),
      domainName: host,
      domainPrefix: host.split('.')[0],
      http: {
        method: 'GET',
        path: '/users/u%201/notes/n-1',
        protocol: 'HTTP/1.1',
        sourceIp: '127.0.0.1',
        userAgent: 'fixture-agent',
      },
      routeKey: 'GET /users/{userId}/notes/{noteId}',
      stage: '$default',
    });
    expect(event.requestContext.time).toMatch(/^\d{2}\/[A-Z][a-z]{2}\/\d{4}:\d{2}:\d{2}:\d{2} \+0000$/);
    expect(Math.abs(event.requestContext.timeEpoch - Date.now())).toBeLessThan(10_000);
    expect(response.headers['apigw-requestid']).toBe(event.requestContext.requestId);
  });

  it('prefers a literal segment to a parameter', async () => {
    const special = echoed((await rawRequest(`${runtime.httpUrl}/users/me/notes/n1`)).body);
    expect(special.routeKey).toBe('GET /users/me/notes/{noteId}');
    expect(special.pathParameters).toEqual({ noteId: 'n1' });
    const general = echoed((await rawRequest(`${runtime.httpUrl}/users/mine/notes/n1`)).body);
    expect(general.routeKey).toBe('GET /users/{userId}/notes/{noteId}');
  });

  it('passes text bodies as text and binary bodies as base64', async () => {
    const json = echoed(
      (
        await rawRequest(`${runtime.httpUrl}/upload/a`, {
          method: 'POST',
          headers: ['content-type', 'application/json; charset=utf-8'],
          body: '{"text":"你好"}',
        })
      ).body,
    );
    expect(json).toMatchObject({ body: '{"text":"你好"}', isBase64Encoded: false });

    const xml = echoed(
      (
        await rawRequest(`${runtime.httpUrl}/upload/b`, {
          method: 'POST',
          headers: ['content-type', 'text/xml'],
          body: '<xml/>',
        })
      ).body,
    );
    expect(xml).toMatchObject({ body: '<xml/>', isBase64Encoded: false });

    const bytes = Buffer.from([0, 1, 2, 255]);
    const binary = echoed(
      (
        await rawRequest(`${runtime.httpUrl}/upload/c`, {
          method: 'POST',
          headers: ['content-type', 'application/octet-stream'],
          body: bytes,
        })
      ).body,
    );
    expect(binary).toMatchObject({ body: bytes.toString('base64'), isBase64Encoded: true });
  });
});

describe('HTTP API responses', () => {
  it('maps a response object: status, headers, cookies and a base64 body', async () => {
    const response = await fetch(`${runtime.httpUrl}/binary`);
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('x-fixture')).toBe('yes');
    expect(response.headers.getSetCookie()).toEqual(['a=1', 'b=2; Path=/']);
    expect(Buffer.from(await response.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
  });

  it('turns a result without statusCode into a 200 JSON body', async () => {
    const response = await fetch(`${runtime.httpUrl}/plain`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(await response.json()).toEqual({ plain: true, path: '/plain' });
  });

  it('answers 404 for no route, whatever the method', async () => {
    for (const [method, path] of [
      ['GET', '/nowhere'],
      ['POST', '/plain'],
      ['GET', '/users/u1/notes'],
    ] as const) {
      const response = await fetch(`${runtime.httpUrl}${path}`, { method });
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ message: 'Not Found' });
    }
  });

  it('answers 413 for a body over 10 MB without invoking the function', async () => {
    const before = callsOf('http').length;
    const response = await fetch(`${runtime.httpUrl}/upload/big`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: Buffer.alloc(10 * 1024 * 1024 + 1),
    });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ message: 'Request Entity Too Large' });
    expect(callsOf('http')).toHaveLength(before);
  });

  it('answers 500 when the function throws or times out, and logs why', async () => {
    const thrown = await fetch(`${runtime.httpUrl}/throw`);
    expect(thrown.status).toBe(500);
    expect(await thrown.json()).toEqual({ message: 'Internal Server Error' });
    expect(logs.join('\n')).toContain('fixture failure');

    const slow = await fetch(`${runtime.httpUrl}/slow`);
    expect(slow.status).toBe(500);
    expect(logs.join('\n')).toContain('Task timed out after 0.20 seconds');
  });
});

describe('HTTP API under load', () => {
  it('takes a request in while the functions are busy, stamped when it arrived, as API Gateway does', async () => {
    // The caller is another process, so that holding this one's thread does not hold the caller.
    const caller = spawn(
      process.execPath,
      [
        '--input-type=module',
        '--eval',
        `console.log('ready');
         await new Promise((resolve) => setTimeout(resolve, 300));
         const response = await fetch(${JSON.stringify(`${runtime.httpUrl}/users/u1/notes/n1`)});
         process.stdout.write(await response.text());`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const output: Buffer[] = [];
    const [ready] = (await once(caller.stdout, 'data')) as [Buffer];
    expect(ready.toString()).toBe('ready\n');
    caller.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    const exited = once(caller, 'exit');

    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
    const busyUntil = Date.now();
    await exited;

    const event = echoed(Buffer.concat(output));
    expect(event.routeKey).toBe('GET /users/{userId}/notes/{noteId}');
    expect(event.requestContext.timeEpoch).toBeLessThan(busyUntil - 500);
  });
});

describe('HTTP API CORS', () => {
  it('answers preflights itself', async () => {
    const before = callsOf('http').length;
    const response = await fetch(`${runtime.httpUrl}/upload/x`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://console.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-methods')).toBe(httpCors.allowMethods.join(','));
    expect(response.headers.get('access-control-allow-headers')).toBe(httpCors.allowHeaders.join(','));
    expect(response.headers.get('access-control-max-age')).toBe(String(httpCors.maxAgeSeconds));
    expect(callsOf('http')).toHaveLength(before);
  });

  it('allows any origin on responses to cross-origin requests', async () => {
    const response = await fetch(`${runtime.httpUrl}/plain`, {
      headers: { origin: 'http://console.example' },
    });
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const missing = await fetch(`${runtime.httpUrl}/nowhere`, {
      headers: { origin: 'http://console.example' },
    });
    expect(missing.headers.get('access-control-allow-origin')).toBe('*');
  });
});
