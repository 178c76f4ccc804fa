/**
 * A stand-in for the platform's callback endpoint: records every push, verifies it with the project's own
 * `openCallback` (so a push the simulator signs or encrypts wrongly fails here), and answers per app as the
 * test says (default `success`). 'hold' never answers: the simulator's deadline has to end the request.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SimulatedApp } from '../../../infra/local/wechat-simulator/index.ts';
import {
  type CallbackCredentials,
  type OpenedCallback,
  openCallback,
} from '../../../shared/wechat/callback.ts';

export interface ReceivedCallback {
  appId: string;
  query: Record<string, string>;
  body: string;
  contentType: string | undefined;
  opened?: OpenedCallback;
  /** Why openCallback refused it. */
  error?: string;
}

export type Answer = { status?: number; body?: string } | 'hold';

/** `index` counts this app's pushes so far, from 0 (retries included). */
export type Responder = (callback: ReceivedCallback, index: number) => Answer;

export interface FakePlatform {
  callbackUrl(appId: string): string;
  register(app: SimulatedApp): void;
  respond(appId: string, responder: Responder): void;
  received(appId: string): ReceivedCallback[];
  stop(): Promise<void>;
}

/** `clock` is the simulator's (ms): its pushes are stamped by it, and judged fresh against it. */
export async function startFakePlatform(clock: () => number = Date.now): Promise<FakePlatform> {
  const credentials = new Map<string, CallbackCredentials>();
  const responders = new Map<string, Responder>();
  const received = new Map<string, ReceivedCallback[]>();

  const server = createServer(async (request, response) => {
    const url = new URL(request.url ?? '/', 'http://platform.invalid');
    const appId = decodeURIComponent(url.pathname.replace(/^\/wechat\//, ''));
    const body = await readText(request);
    const callback: ReceivedCallback = {
      appId,
      query: Object.fromEntries(url.searchParams),
      body,
      contentType: request.headers['content-type'],
    };
    const creds = credentials.get(appId);
    try {
      if (!creds) throw new Error(`unknown app ${appId}`);
      callback.opened = openCallback(creds, { query: callback.query, body }, clock());
    } catch (error) {
      callback.error = error instanceof Error ? error.message : String(error);
    }
    const list = received.get(appId) ?? [];
    list.push(callback);
    received.set(appId, list);

    const responder: Responder = responders.get(appId) ?? acknowledge;
    const answer = responder(callback, list.length - 1);
    if (answer === 'hold') return;
    response.writeHead(answer.status ?? 200, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    callbackUrl: (appId) => `http://127.0.0.1:${port}/wechat/${encodeURIComponent(appId)}`,
    // As the real platform: an app pushing in plaintext mode is registered without its EncodingAESKey
    // (one that has a key accepts only encrypted pushes).
    register: (app) =>
      credentials.set(app.appId, app.mode === 'plaintext' ? { appId: app.appId, token: app.token } : app),
    respond: (appId, responder) => responders.set(appId, responder),
    received: (appId) => received.get(appId) ?? [],
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

const acknowledge: Responder = () => ({ body: 'success' });

async function readText(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
