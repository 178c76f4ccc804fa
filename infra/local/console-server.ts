/**
 * Serves a console build the way CloudFront does: static files, `index.html` for every other path
 * (the SPA fallback) and the `config.json` that deployment writes, here pointing at the local APIs.
 */
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

export interface ConsoleServer {
  readonly url: string;
  stop(): Promise<void>;
}

export interface ConsoleConfig {
  httpApiUrl: string;
  webSocketUrl: string;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export async function startConsoleServer(options: {
  distDir: string;
  config: ConsoleConfig;
  host: string;
  port: number;
}): Promise<ConsoleServer> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://local').pathname;
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': contentTypes['.json'], 'cache-control': 'no-store' });
      response.end(JSON.stringify(options.config));
      return;
    }
    const relative = normalize(path === '/' ? '/index.html' : path);
    if (relative.includes('..')) {
      response.writeHead(400).end();
      return;
    }
    const file = extname(relative) ? relative : '/index.html';
    try {
      const body = await readFile(join(options.distDir, file));
      response.writeHead(200, { 'content-type': contentTypes[extname(file)] ?? 'application/octet-stream' });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} is already in use; pass a different --console-port`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
