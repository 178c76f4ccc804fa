import { randomUUID } from 'node:crypto';
import {
  ApiGatewayManagementApiClient,
  DeleteConnectionCommand,
  GetConnectionCommand,
  PostToConnectionCommand,
} from '@aws-sdk/client-apigatewaymanagementapi';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalRuntime, startLocalRuntime } from '../../../infra/local/runtime.ts';
import { fixtureManifest } from '../../fixtures/local-runtime/manifest.ts';
import { callsOf } from '../../fixtures/local-runtime/probe.ts';
import { eventually } from '../../support/eventually.ts';
import { openSocket, quiet, refusal, type TestSocket } from './helpers.ts';

interface SocketEvent {
  requestContext: Record<string, unknown> & { connectionId: string; authorizer?: Record<string, unknown> };
  headers?: Record<string, string>;
  queryStringParameters?: Record<string, string>;
  body?: string;
}

let runtime: LocalRuntime;
let management: ApiGatewayManagementApiClient;
const idleMs = 1500;

beforeAll(async () => {
  runtime = await startLocalRuntime({
    dataDir: null,
    manifest: fixtureManifest,
    log: quiet,
    webSocketTimeouts: { idleMs },
  });
  management = new ApiGatewayManagementApiClient({
    endpoint: runtime.connectionsEndpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
});

afterAll(async () => {
  management?.destroy();
  await runtime?.stop();
});

/** Connects with the good token and a tag that finds this connection's events. */
async function connect(): Promise<{ client: TestSocket; connectionId: string; tag: string }> {
  const tag = randomUUID();
  const client = await openSocket(`${runtime.webSocketUrl}?token=good&tag=${tag}`);
  const connectEvent = callsOf<SocketEvent>('wsConnect').find(
    (event) => event.queryStringParameters?.tag === tag,
  );
  if (!connectEvent) throw new Error('connected without a $connect event');
  return { client, connectionId: connectEvent.requestContext.connectionId, tag };
}

const callsFor = (functionName: string, connectionId: string) =>
  callsOf<SocketEvent>(functionName).filter((event) => event.requestContext.connectionId === connectionId);

describe('WebSocket $connect', () => {
  it('refuses a missing or empty token with 401 without invoking anything', async () => {
    const authorizations = callsOf('wsAuthorize').length;
    const connects = callsOf('wsConnect').length;
    expect(await refusal(runtime.webSocketUrl)).toBe(401);
    expect(await refusal(`${runtime.webSocketUrl}?token=`)).toBe(401);
    expect(callsOf('wsAuthorize')).toHaveLength(authorizations);
    expect(callsOf('wsConnect')).toHaveLength(connects);
  });

  it('answers the authorizer: Unauthorized → 401, Deny → 403, a failure → 500, never reaching $connect', async () => {
    const connects = callsOf('wsConnect').length;
    expect(await refusal(`${runtime.webSocketUrl}?token=stolen`)).toBe(401);
    expect(await refusal(`${runtime.webSocketUrl}?token=deny`)).toBe(403);
    expect(await refusal(`${runtime.webSocketUrl}?token=broken`)).toBe(500);
    expect(callsOf('wsConnect')).toHaveLength(connects);
  });

  it('gives the authorizer a REQUEST event and $connect the authorizer context', async () => {
    const { client, connectionId, tag } = await connect();
    const authorization = callsOf<SocketEvent & { type: string; methodArn: string }>('wsAuthorize').find(
      (event) => event.queryStringParameters?.tag === tag,
    );
    expect(authorization).toMatchObject({
      type: 'REQUEST',
      methodArn: expect.stringMatching(/^arn:aws:execute-api:[a-z0-9-]+:\d{12}:[^/]+\/local\/\$connect$/),
      queryStringParameters: { token: 'good', tag },
      requestContext: { routeKey: '$connect', eventType: 'CONNECT', connectionId, stage: 'local' },
    });
    expect(authorization?.headers?.Host).toBe(new URL(runtime.webSocketUrl).host);

    const [connectEvent] = callsFor('wsConnect', connectionId);
    expect(connectEvent?.requestContext).toMatchObject({
      routeKey: '$connect',
      eventType: 'CONNECT',
      messageDirection: 'IN',
      identity: { sourceIp: '127.0.0.1' },
      authorizer: { principalId: 'agent-1', agentId: 'agent-1', workspaceId: 'ws-1', admin: false, level: 3 },
    });
    expect(connectionId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    client.socket.close();
  });

  it('refuses the upgrade with the status a non-2xx $connect answers', async () => {
    expect(await refusal(`${runtime.webSocketUrl}?token=good&refuse=1`)).toBe(429);
  });
});

describe('WebSocket messages', () => {
  it('routes by action, falling back to $default, and sends two-way replies back', async () => {
    const { client, connectionId } = await connect();
    client.socket.send(JSON.stringify({ action: 'ping' }));
    await eventually(() => expect(client.messages).toHaveLength(1));
    client.socket.send(JSON.stringify({ action: 'no-such-route' }));
    await eventually(() => expect(client.messages).toHaveLength(2));
    client.socket.send('not json');
    await eventually(() => expect(client.messages).toHaveLength(3));

    const replies = client.messages.map((message) => JSON.parse(message));
    expect(replies.map((reply) => reply.route)).toEqual(['ping', '$default', '$default']);
    expect(replies[0]).toMatchObject({
      received: '{"action":"ping"}',
      connectionId,
      authorizer: { principalId: 'agent-1', agentId: 'agent-1' },
    });
    const [pingEvent] = callsFor('wsMessage', connectionId);
    expect(pingEvent).toMatchObject({
      body: '{"action":"ping"}',
      requestContext: {
        routeKey: 'ping',
        eventType: 'MESSAGE',
        messageId: expect.any(String),
        stage: 'local',
      },
    });
    client.socket.close();
  });

  it('sends nothing back for a one-way route', async () => {
    const { client, connectionId } = await connect();
    client.socket.send(JSON.stringify({ action: 'silent' }));
    await eventually(() => expect(callsFor('wsMessage', connectionId)).toHaveLength(1));
    client.socket.send(JSON.stringify({ action: 'ping' }));
    await eventually(() => expect(client.messages).toHaveLength(1));
    expect(JSON.parse(client.messages[0] as string).route).toBe('ping');
    client.socket.close();
  });

  it("sends API Gateway's error frame when the function fails", async () => {
    const { client, connectionId } = await connect();
    client.socket.send(JSON.stringify({ action: 'explode' }));
    await eventually(() => expect(client.messages).toHaveLength(1));
    expect(JSON.parse(client.messages[0] as string)).toEqual({
      message: 'Internal server error',
      connectionId,
      requestId: expect.any(String),
    });
    client.socket.close();
  });
});

describe('WebSocket close', () => {
  it('invokes $disconnect with the close code and reason and the authorizer context', async () => {
    const { client, connectionId } = await connect();
    client.socket.close(4000, 'bye');
    await eventually(() => expect(callsFor('wsDisconnect', connectionId)).toHaveLength(1));
    expect(callsFor('wsDisconnect', connectionId)[0]?.requestContext).toMatchObject({
      routeKey: '$disconnect',
      eventType: 'DISCONNECT',
      disconnectStatusCode: 4000,
      disconnectReason: 'bye',
      authorizer: { principalId: 'agent-1' },
    });
  });

  it('closes a socket sending more than 128 KB with 1009', async () => {
    const { client, connectionId } = await connect();
    client.socket.send('x'.repeat(128 * 1024 + 1));
    expect((await client.closed).code).toBe(1009);
    await eventually(() =>
      expect(callsFor('wsDisconnect', connectionId)[0]?.requestContext.disconnectStatusCode).toBe(1009),
    );
  });

  it('closes an idle socket with 1001', async () => {
    const { client, connectionId } = await connect();
    const started = Date.now();
    expect((await client.closed).code).toBe(1001);
    expect(Date.now() - started).toBeGreaterThanOrEqual(idleMs - 100);
    await eventually(() => expect(callsFor('wsDisconnect', connectionId)).toHaveLength(1));
  });
});

describe('@connections through ApiGatewayManagementApiClient', () => {
  it('posts to a socket, describes it and deletes it', async () => {
    const { client, connectionId } = await connect();
    await management.send(
      new PostToConnectionCommand({ ConnectionId: connectionId, Data: '{"type":"pong"}' }),
    );
    await eventually(() => expect(client.messages).toEqual(['{"type":"pong"}']));

    const info = await management.send(new GetConnectionCommand({ ConnectionId: connectionId }));
    expect(info.ConnectedAt).toBeInstanceOf(Date);
    expect(info.LastActiveAt).toBeInstanceOf(Date);
    expect(info.Identity?.SourceIp).toBe('127.0.0.1');
    expect(info.Identity?.UserAgent).toBeDefined();
    expect(Math.abs((info.ConnectedAt as Date).getTime() - Date.now())).toBeLessThan(10_000);

    await management.send(new DeleteConnectionCommand({ ConnectionId: connectionId }));
    expect((await client.closed).code).toBe(1000);
    await eventually(() => expect(callsFor('wsDisconnect', connectionId)).toHaveLength(1));
    await expect(
      management.send(new PostToConnectionCommand({ ConnectionId: connectionId, Data: 'late' })),
    ).rejects.toMatchObject({ name: 'GoneException' });
  });

  it('raises GoneException for an unknown connection', async () => {
    for (const command of [
      new PostToConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=', Data: 'x' }),
      new GetConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=' }),
      new DeleteConnectionCommand({ ConnectionId: 'AAAAAAAAAAAAAAA=' }),
    ]) {
      const error = await management
        .send(command as PostToConnectionCommand)
        .catch((caught: unknown) => caught);
      expect((error as Error).name).toBe('GoneException');
      expect((error as { $metadata: { httpStatusCode: number } }).$metadata.httpStatusCode).toBe(410);
    }
  });

  it('cannot be used by $connect on its own connection, which is not open yet', async () => {
    const client = await openSocket(`${runtime.webSocketUrl}?token=good&selfpost=1`);
    expect(callsOf('wsConnect:selfpost')).toEqual(['GoneException']);
    client.socket.close();
  });
});
