/**
 * Small node:http helpers for the simulator's server: bounded body reading, answers in WeChat's style,
 * and turning a node request into a fetch `Request` so multipart bodies parse with the built-in FormData.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** Above WeChat's largest upload (10 MB) plus multipart overhead, so 40009 is answered, not a cut connection. */
const MAX_BODY_BYTES = 24 * 1024 * 1024;

export class BodyTooLargeError extends Error {
  constructor() {
    super(`request body over ${MAX_BODY_BYTES} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * The body, or BodyTooLargeError once it has been read to its end: stopping early would cut the
 * connection before the client could read WeChat's answer about the size.
 */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of request) {
    const bytes = chunk as Buffer;
    total += bytes.length;
    if (total <= MAX_BODY_BYTES) chunks.push(bytes);
  }
  if (total > MAX_BODY_BYTES) throw new BodyTooLargeError();
  return Buffer.concat(chunks);
}

/** WeChat answers JSON with this exact Content-Type, `encoding` rather than `charset` included. */
export function sendWeChatJson(response: ServerResponse, body: unknown, status = 200): void {
  sendBytes(response, status, 'application/json; encoding=utf-8', Buffer.from(JSON.stringify(body), 'utf8'));
}

/** For the customer page's own endpoints. */
export function sendJson(response: ServerResponse, body: unknown, status = 200): void {
  sendBytes(response, status, 'application/json; charset=utf-8', Buffer.from(JSON.stringify(body), 'utf8'));
}

export function sendBytes(
  response: ServerResponse,
  status: number,
  contentType: string,
  bytes: Buffer,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'content-type': contentType, 'content-length': bytes.length, ...headers });
  response.end(bytes);
}

/** Multipart (and url-encoded) form parsing by the platform's own fetch implementation. */
export async function parseForm(request: IncomingMessage, body: Buffer): Promise<FormData> {
  const contentType = request.headers['content-type'] ?? '';
  return new Request('http://simulator.invalid/', {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  }).formData();
}

export function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(
              `WeChat simulator: port ${port} is already in use; pass another port, or 0 for a free one`,
            )
          : error,
      );
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** `host:port` as it goes into a URL (IPv6 literals in brackets; a wildcard host as loopback). */
export function authority(host: string, port: number): string {
  if (host === '0.0.0.0' || host === '::') return `127.0.0.1:${port}`;
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}
