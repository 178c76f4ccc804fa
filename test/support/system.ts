import { randomBytes } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { type LocalRuntime, type LocalRuntimeOptions, startLocalRuntime } from '../../infra/local/runtime.ts';
import { platformApps } from '../../infra/local/simulated-apps.ts';
import { startWeChatSimulator, type WeChatSimulator } from '../../infra/local/wechat-simulator/index.ts';
import { registerAgent, registerApp } from '../../shared/admin/registration.ts';
import type { AppType, MessageFormat } from '../../shared/domain/app.ts';
import { dynamo } from '../../shared/store/client.ts';
import { tables } from '../../shared/store/tables.ts';
import { type AgentSocket, connectAgentSocket } from './agent-socket.ts';

/**
 * The whole system on this machine (DynamoDB Local, the HTTP and WebSocket emulators, the stream
 * poller, the media store and the real functions) with the WeChat simulator in WeChat's place, driven
 * like a real client. The runtime lives in this test process, so the store modules here see the same
 * tables through the same environment.
 */
export interface TestSystem {
  runtime: LocalRuntime;
  simulator: WeChatSimulator;
  addApp(options?: Partial<TestApp>): Promise<TestApp>;
  addAgent(
    appIds: string[],
    options?: {
      username?: string;
      capacity?: number;
      queueIds?: string[];
      role?: 'agent' | 'admin' | 'owner';
    },
  ): Promise<TestAgent>;
  login(username: string, password: string): Promise<Response>;
  connect(token: string): Promise<AgentSocket>;
  api(path: string, token: string): Promise<Response>;
  /** An HTTP API call as the console makes it, with a JSON body if given, and the JSON answer. */
  request<T>(
    token: string,
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }>;
  callback(appId: string, request: { query: Record<string, string>; body: string }): Promise<Response>;
  countItems(): Promise<number>;
  stop(): Promise<void>;
}

export interface TestApp {
  appId: string;
  type: AppType;
  format: MessageFormat;
  token: string;
  /** Absent for an app whose pushes come in plaintext mode. */
  encodingAesKey?: string;
  workspaceId: string;
  /** Official Accounts: the Mini Programs linked to it. */
  linkedMiniPrograms?: string[];
}

export interface TestAgent {
  agentId: string;
  username: string;
  password: string;
  token: string;
}

const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

export function randomAlphanumeric(length: number): string {
  return Array.from(randomBytes(length), (byte) => alphanumeric[byte % alphanumeric.length]).join('');
}

export function randomAppId(): string {
  return `wx${randomBytes(8).toString('hex')}`;
}

export interface SystemOptions {
  /** Receives the runtime's lines (the functions' logs among them); default: nothing is shown. */
  log?: (line: string) => void;
  /** More environment for the functions, e.g. `POWERTOOLS_LOG_LEVEL` (vitest.config.ts silences them). */
  env?: Record<string, string>;
  /** A folder for DynamoDB Local's data (tests that restart it); default: in memory. */
  dataDir?: string;
  /** Another manifest (tests that wrap a function to inject faults); default: the real one. */
  manifest?: LocalRuntimeOptions['manifest'];
  dynamodbSupervision?: LocalRuntimeOptions['dynamodbSupervision'];
}

export async function startSystem(options: SystemOptions = {}): Promise<TestSystem> {
  let httpUrl = '';
  const simulator = await startWeChatSimulator({ apps: platformApps(() => httpUrl), log: () => {} });
  const runtime = await startLocalRuntime({
    dataDir: options.dataDir ?? null,
    env: { JWT_SECRET: randomAlphanumeric(48), WECHAT_API_BASE: simulator.baseUrl, ...options.env },
    log: options.log ?? (() => {}),
    manifest: options.manifest,
    dynamodbSupervision: options.dynamodbSupervision,
  });
  httpUrl = runtime.httpUrl;
  let agents = 0;

  const system: TestSystem = {
    runtime,
    simulator,
    async addApp(options = {}) {
      const app: TestApp = {
        appId: randomAppId(),
        type: 'miniprogram',
        format: 'xml',
        token: randomAlphanumeric(16),
        encodingAesKey: randomAlphanumeric(43),
        workspaceId: 'test',
        ...options,
      };
      await registerApp({ ...app, name: `app ${app.appId}`, secret: randomAlphanumeric(32) });
      return app;
    },
    async addAgent(appIds, options = {}) {
      const username = options.username ?? `agent${++agents}-${randomAlphanumeric(6)}`;
      const password = randomAlphanumeric(12);
      const agent = await registerAgent({
        appIds,
        username,
        password,
        capacity: options.capacity,
        queueIds: options.queueIds,
        role: options.role,
      });
      const response = await system.login(username, password);
      const { token } = (await response.json()) as { token: string };
      return { agentId: agent.agentId, username, password, token };
    },
    login(username, password) {
      return fetch(`${runtime.httpUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    },
    connect(token) {
      return connectAgentSocket(runtime.webSocketUrl, token);
    },
    api(path, token) {
      return fetch(`${runtime.httpUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    },
    async request<T>(token: string, method: string, path: string, body?: unknown) {
      const response = await fetch(`${runtime.httpUrl}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as T };
    },
    callback(appId, { query, body }) {
      return fetch(`${runtime.httpUrl}/wechat/${appId}?${new URLSearchParams(query)}`, {
        method: 'POST',
        headers: { 'content-type': body.trimStart().startsWith('{') ? 'application/json' : 'text/xml' },
        body,
      });
    },
    async countItems() {
      let count = 0;
      for (const table of tables) {
        const { Count } = await dynamo().send(
          new ScanCommand({ TableName: runtime.tableNames[table.id], Select: 'COUNT', ConsistentRead: true }),
        );
        count += Count ?? 0;
      }
      return count;
    },
    async stop() {
      await runtime.stop();
      await simulator.stop();
    },
  };
  return system;
}
