import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  downloadBounded,
  downloadWithRetries,
  MediaTooLargeError,
  MediaUnreachableError,
} from '../../../shared/media/bounded-download.ts';

/** A file host: `/file?size=N` (with its length), `/chunked?size=N` (without), `/slow`, `/missing`. */
let server: Server;
let base = '';
let requests = 0;

beforeAll(async () => {
  server = createServer((request, response) => {
    requests++;
    const url = new URL(request.url ?? '/', 'http://host');
    const size = Number(url.searchParams.get('size') ?? 0);
    if (url.pathname === '/file') {
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': size });
      response.end(Buffer.alloc(size, 1));
    } else if (url.pathname === '/chunked') {
      response.writeHead(200, { 'content-type': 'video/mp4' });
      for (let sent = 0; sent < size; sent += 1024)
        response.write(Buffer.alloc(Math.min(1024, size - sent), 1));
      response.end();
    } else if (url.pathname === '/slow') {
      response.writeHead(200, { 'content-type': 'video/mp4' });
      response.write(Buffer.alloc(10));
      // The rest never comes: the download must give up by its own deadline.
    } else {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const limits = { timeoutMs: 2000, maxBytes: 4096 };

describe('a bounded download', () => {
  it('returns the bytes and their type within the limit', async () => {
    const media = await downloadBounded(`${base}/file?size=4096`, limits);
    expect(media.bytes.length).toBe(4096);
    expect(media.contentType).toBe('video/mp4');
  });

  it('refuses a file whose declared length is over the limit, and one that turns out to be while read', async () => {
    await expect(downloadBounded(`${base}/file?size=4097`, limits)).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
    await expect(downloadBounded(`${base}/chunked?size=8192`, limits)).rejects.toBeInstanceOf(
      MediaTooLargeError,
    );
  });

  it('gives up on a host that stops sending, and on an HTTP error, as unreachable', async () => {
    await expect(downloadBounded(`${base}/slow`, { ...limits, timeoutMs: 200 })).rejects.toBeInstanceOf(
      MediaUnreachableError,
    );
    await expect(downloadBounded(`${base}/missing`, limits)).rejects.toThrow(/HTTP 404/);
  });

  it('is tried three times when unreachable, once when too large', async () => {
    requests = 0;
    await expect(
      downloadWithRetries(() => downloadBounded(`${base}/missing`, limits), 1),
    ).rejects.toBeInstanceOf(MediaUnreachableError);
    expect(requests).toBe(3);
    requests = 0;
    await expect(
      downloadWithRetries(() => downloadBounded(`${base}/file?size=5000`, limits), 1),
    ).rejects.toBeInstanceOf(MediaTooLargeError);
    expect(requests).toBe(1);
  });
});
