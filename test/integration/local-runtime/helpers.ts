/** Clients for the runtime's tests: raw HTTP (duplicate headers), sockets, processes. */
import { request } from 'node:http';
import WebSocket from 'ws';

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** An HTTP request with headers as a flat list, so a header can be sent twice. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: string[]; body?: Buffer | string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    // With headers as a list Node adds no Host header, which HTTP/1.1 requires.
    const headers = ['host', new URL(url).host, ...(options.headers ?? [])];
    const outgoing = request(url, { method: options.method ?? 'GET', headers }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
      );
    });
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

export interface TestSocket {
  readonly socket: WebSocket;
  /** Text messages received, in order. */
  readonly messages: string[];
  readonly closed: Promise<{ code: number; reason: string }>;
}

/** Opens a socket; rejects with the HTTP status when the upgrade is refused. */
export function openSocket(url: string): Promise<TestSocket> {
  const socket = new WebSocket(url);
  const messages: string[] = [];
  socket.on('message', (data) => messages.push(String(data)));
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve({ socket, messages, closed }));
    socket.once('unexpected-response', (_request, response) => {
      reject(new RefusedUpgrade(response.statusCode ?? 0));
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

export class RefusedUpgrade extends Error {
  constructor(readonly status: number) {
    super(`upgrade refused with HTTP ${status}`);
  }
}

/** The status a refused upgrade answered with. */
export async function refusal(url: string): Promise<number> {
  try {
    const opened = await openSocket(url);
    opened.socket.terminate();
    throw new Error('the upgrade was accepted');
  } catch (error) {
    if (error instanceof RefusedUpgrade) return error.status;
    throw error;
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

export const quiet = (): void => {};
