import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { monotonicFactory } from 'ulid';
import { type WebSocket, WebSocketServer } from 'ws';
import type { Agent } from '../../../shared/domain/agent.ts';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { type Message, previewOf } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import type { CustomerContent, E2eBackend, TestAgentCredentials } from './backend.ts';

/**
 * The console's backend contract in memory: login, refresh, me, conversations, messages (with `after` and
 * `nextAfter` paging), CORS as API Gateway answers it, and a socket that refuses bad tokens with
 * HTTP 401 and pushes `message.created`. Only for developing and checking the console; the e2e test
 * runs against the real runtime unless E2E_BACKEND=fake.
 */

interface FakeAgent extends Agent {
  password: string;
}

const tokenLifetimeSeconds = 3600;
const newId = monotonicFactory();

export async function startFakeBackend(): Promise<E2eBackend> {
  const agents = new Map<string, FakeAgent>();
  const tokens = new Map<string, { agentId: string; expiresAt: number }>();
  const conversations = new Map<string, Conversation>();
  /** `${appId}|${openId}` → conversationId: one open conversation per customer. */
  const byCustomer = new Map<string, string>();
  const messages: Message[] = [];
  const sockets = new Map<string, Set<WebSocket>>();

  const http = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('fake backend failed', error);
      send(response, 500, { error: { code: 'internal', message: 'internal error' } });
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse) {
    response.setHeader('access-control-allow-origin', request.headers.origin ?? '*');
    response.setHeader('vary', 'origin');
    if (request.method === 'OPTIONS') {
      response.writeHead(204, {
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': 'authorization, content-type',
        'access-control-max-age': '600',
      });
      response.end();
      return;
    }
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'POST' && url.pathname === '/api/auth/login') {
      let body: { username?: unknown; password?: unknown };
      try {
        body = JSON.parse(await readBody(request));
      } catch {
        return send(response, 400, { error: { code: 'bad_request', message: 'the body must be JSON' } });
      }
      if (
        typeof body.username !== 'string' ||
        !body.username ||
        typeof body.password !== 'string' ||
        !body.password
      ) {
        return send(response, 400, { error: { code: 'bad_request', message: 'invalid body' } });
      }
      const agent = [...agents.values()].find((candidate) => candidate.username === body.username);
      if (!agent || agent.password !== body.password) {
        return send(response, 401, {
          error: { code: 'unauthorized', message: 'wrong username or password' },
        });
      }
      const issued = issueToken(agent.agentId);
      const { password: _hidden, ...publicAgent } = agent;
      return send(response, 200, { ...issued, agent: publicAgent });
    }

    const agent = authenticate(request.headers.authorization);
    if (!agent)
      return send(response, 401, {
        error: { code: 'unauthorized', message: 'the token is invalid or expired' },
      });

    if (request.method === 'POST' && url.pathname === '/api/auth/refresh') {
      const { password: _hidden, ...publicAgent } = agent;
      return send(response, 200, { ...issueToken(agent.agentId), agent: publicAgent });
    }
    if (request.method === 'GET' && url.pathname === '/api/me') {
      const { password: _hidden, ...publicAgent } = agent;
      return send(response, 200, { agent: publicAgent });
    }
    if (request.method === 'POST' && url.pathname === '/api/auth/logout') {
      tokens.delete((request.headers.authorization ?? '').replace(/^Bearer /, ''));
      return send(response, 200, { signedOut: true });
    }
    if (request.method === 'GET' && url.pathname === '/api/conversations') {
      const limit = Number(url.searchParams.get('limit') ?? 50);
      const mine = [...conversations.values()]
        .filter((conversation) => conversation.assigneeId === agent.agentId)
        .sort((left, right) => (left.lastMessageId < right.lastMessageId ? 1 : -1));
      const state = url.searchParams.get('state');
      if (state === 'active') {
        return send(response, 200, { conversations: mine.filter((item) => item.state !== 'closed') });
      }
      if (state === 'closed') {
        const before = url.searchParams.get('before');
        const older = mine.filter(
          (item) => item.state === 'closed' && (!before || item.lastMessageId < before),
        );
        const page = older.slice(0, limit);
        const nextBefore = older.length > limit ? page.at(-1)?.lastMessageId : undefined;
        return send(
          response,
          200,
          nextBefore ? { conversations: page, nextBefore } : { conversations: page },
        );
      }
      return send(response, 200, { conversations: mine.slice(0, limit) });
    }
    const match = /^\/api\/conversations\/([^/]+)\/messages$/.exec(url.pathname);
    if (request.method === 'GET' && match) {
      const conversation = conversations.get(decodeURIComponent(match[1] ?? ''));
      if (!conversation)
        return send(response, 404, { error: { code: 'not_found', message: 'no such conversation' } });
      const after = url.searchParams.get('after') ?? '';
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const newer = messages.filter(
        (message) => message.conversationId === conversation.conversationId && message.messageId > after,
      );
      const page = newer.slice(0, limit);
      const nextAfter = newer.length > limit ? page.at(-1)?.messageId : undefined;
      return send(response, 200, nextAfter ? { messages: page, nextAfter } : { messages: page });
    }
    send(response, 404, {
      error: { code: 'not_found', message: `no route ${request.method} ${url.pathname}` },
    });
  }

  function issueToken(agentId: string) {
    const issuedAt = Math.floor(Date.now() / 1000);
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none' })}.${encode({ sub: agentId, iat: issuedAt, exp: issuedAt + tokenLifetimeSeconds })}.${randomBytes(16).toString('base64url')}`;
    const expiresAt = (issuedAt + tokenLifetimeSeconds) * 1000;
    tokens.set(token, { agentId, expiresAt });
    return { token, expiresAt };
  }

  function authenticate(header: string | undefined): FakeAgent | undefined {
    const token = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    return agentForToken(token);
  }

  function agentForToken(token: string | undefined | null): FakeAgent | undefined {
    const issued = token ? tokens.get(token) : undefined;
    if (!issued || issued.expiresAt <= Date.now()) return undefined;
    return agents.get(issued.agentId);
  }

  // The socket on its own port, like the local runtime's: a bad token is refused with HTTP 401.
  const webSockets = new WebSocketServer({ noServer: true });
  const socketServer = createServer((_request, response) => response.writeHead(426).end());
  socketServer.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const token = new URL(request.url ?? '/', 'http://localhost').searchParams.get('token');
    const agent = agentForToken(token);
    if (!agent) {
      socket.end('HTTP/1.1 401 Unauthorized\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    webSockets.handleUpgrade(request, socket, head, (webSocket) => {
      const mine = sockets.get(agent.agentId) ?? new Set();
      sockets.set(agent.agentId, mine.add(webSocket));
      webSocket.on('close', () => mine.delete(webSocket));
      webSocket.on('message', (data) => {
        let action: unknown;
        try {
          action = (JSON.parse(String(data)) as { action?: unknown }).action;
        } catch {
          action = undefined;
        }
        const frame: ServerFrame =
          action === 'ping'
            ? { type: 'pong', at: Date.now() }
            : { type: 'error', code: 'unknown_action', message: 'a frame must be JSON with an "action"' };
        webSocket.send(JSON.stringify(frame));
      });
    });
  });

  function push(agentId: string, frame: ServerFrame) {
    for (const webSocket of sockets.get(agentId) ?? []) webSocket.send(JSON.stringify(frame));
  }

  await Promise.all([
    new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve)),
    new Promise<void>((resolve) => socketServer.listen(0, '127.0.0.1', resolve)),
  ]);

  let agentCount = 0;
  return {
    kind: 'fake',
    httpUrl: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
    webSocketUrl: `ws://127.0.0.1:${(socketServer.address() as AddressInfo).port}`,

    async addAgent(): Promise<TestAgentCredentials> {
      agentCount++;
      const appId = `wx${randomBytes(8).toString('hex')}`;
      const agent: FakeAgent = {
        agentId: newId(),
        workspaceId: 'test',
        username: `agent${agentCount}-${randomBytes(3).toString('hex')}`,
        displayName: `Agent ${agentCount}`,
        role: 'agent',
        appIds: [appId],
        createdAt: Date.now(),
        password: randomBytes(9).toString('base64url'),
      };
      agents.set(agent.agentId, agent);
      return { agentId: agent.agentId, appId, username: agent.username, password: agent.password };
    },

    async customerSends(appId: string, openId: string, content: CustomerContent) {
      const assignee = [...agents.values()].find((agent) => agent.appIds.includes(appId));
      const now = Date.now();
      const messageId = newId(now);
      const key = `${appId}|${openId}`;
      const knownId = byCustomer.get(key);
      const known = knownId ? conversations.get(knownId) : undefined;
      const conversationId = known?.conversationId ?? newId(now);
      const message: Message = {
        conversationId,
        messageId,
        workspaceId: 'test',
        appId,
        openId,
        direction: 'inbound',
        author: 'customer',
        content,
        createdAt: now,
      };
      const conversation: Conversation = {
        conversationId,
        workspaceId: 'test',
        appId,
        openId,
        queueId: 'default',
        state: assignee ? 'active' : 'queued',
        assigneeId: known?.assigneeId ?? assignee?.agentId,
        createdAt: known?.createdAt ?? now,
        lastMessageAt: now,
        lastMessageId: messageId,
        lastMessagePreview: previewOf(content),
        lastCustomerMessageAt: now,
      };
      messages.push(message);
      conversations.set(conversationId, conversation);
      byCustomer.set(key, conversationId);
      if (conversation.assigneeId)
        push(conversation.assigneeId, { type: 'message.created', message, conversation });
    },

    async dropSockets(agentId: string) {
      const mine = [...(sockets.get(agentId) ?? [])];
      for (const webSocket of mine) webSocket.close(1001, 'going away');
      return mine.length;
    },

    async stop() {
      for (const webSocket of webSockets.clients) webSocket.terminate();
      http.closeAllConnections();
      socketServer.closeAllConnections();
      await Promise.all([
        new Promise((resolve) => http.close(resolve)),
        new Promise((resolve) => socketServer.close(resolve)),
      ]);
    },
  };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}
