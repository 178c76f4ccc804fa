import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';

/**
 * Serves a console build the way CloudFront does (static files, index.html at `/`) plus the
 * `/config.json` that deployment writes, pointing at whichever backend the test runs.
 */

export interface ConsoleServer {
  url: string;
  stop(): Promise<void>;
}

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export async function startConsoleServer(
  distDir: string,
  config: { httpApiUrl: string; webSocketUrl: string },
  extraFiles: Record<string, { contentType: string; body: Buffer }> = {},
): Promise<ConsoleServer> {
  const server = createServer(async (request, response) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path === '/config.json') {
      response.writeHead(200, { 'content-type': contentTypes['.json'], 'cache-control': 'no-store' });
      response.end(JSON.stringify(config));
      return;
    }
    const extra = extraFiles[path];
    if (extra) {
      response.writeHead(200, { 'content-type': extra.contentType });
      response.end(extra.body);
      return;
    }
    const relative = normalize(path === '/' ? '/index.html' : path);
    if (relative.includes('..')) {
      response.writeHead(400).end();
      return;
    }
    try {
      const body = await readFile(join(distDir, relative));
      response.writeHead(200, {
        'content-type': contentTypes[extname(relative)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
