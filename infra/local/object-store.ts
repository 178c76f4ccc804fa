/**
 * A small S3-compatible object store for the local runtime: enough of S3's REST API (path-style
 * PUT/GET/HEAD/DELETE and copies of objects, PUT of buckets) for the real `S3Client` and presigned GET and PUT
 * links to work unchanged. Objects live in memory, or in a folder when the runtime persists its data.
 * Every request must be signed with the local key (infra/local/s3-signature.ts), as the cloud bucket
 * is private; a presigned link's expiry is checked, because consoles rely on links expiring, and so is
 * a checksum a link carries, as S3 checks it.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { localCredentials } from './aws-identity.ts';
import { checkS3Signature } from './s3-signature.ts';

interface StoredObject {
  body: Buffer;
  contentType: string;
  lastModified: Date;
}

export interface ObjectStore {
  readonly endpoint: string;
  createBucket(name: string): void;
  stop(): Promise<void>;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

/**
 * Undoes `Content-Encoding: aws-chunked`, which the SDK uses to send a checksum trailer:
 * `<hex size>[;chunk-signature=…]\r\n<bytes>\r\n` … `0\r\n<trailers>\r\n\r\n`.
 */
function decodeAwsChunked(raw: Buffer): Buffer {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', offset);
    if (lineEnd < 0) throw new Error('malformed aws-chunked body');
    const size = Number.parseInt(raw.subarray(offset, lineEnd).toString('latin1').split(';')[0] ?? '', 16);
    if (Number.isNaN(size)) throw new Error('malformed aws-chunked body');
    if (size === 0) return Buffer.concat(parts);
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    offset = lineEnd + 2 + size + 2;
  }
}

function xmlError(response: ServerResponse, status: number, code: string, message: string): void {
  response.writeHead(status, { 'content-type': 'application/xml' });
  response.end(
    `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>${message}</Message></Error>`,
  );
}

/** S3's ETag of an object put in one request: the MD5 of its bytes, quoted. */
function etagOf(body: Buffer): string {
  return `"${createHash('md5').update(body).digest('hex')}"`;
}

/** S3's form of a CRC32 checksum: the four bytes, big-endian, in base64. */
function crc32Base64(body: Buffer): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(body));
  return sum.toString('base64');
}

/** A presigned link carries its signing time and lifetime; past them S3 answers 403. */
function presignExpired(url: URL, now: number): boolean {
  const date = url.searchParams.get('X-Amz-Date');
  const expires = url.searchParams.get('X-Amz-Expires');
  if (!date || !expires) return false;
  const signedAt = Date.parse(
    `${date.slice(0, 4)}-${date.slice(4, 6)}-${date.slice(6, 8)}T${date.slice(9, 11)}:${date.slice(11, 13)}:${date.slice(13, 15)}Z`,
  );
  return now > signedAt + Number(expires) * 1000;
}

export async function startObjectStore(options: {
  host: string;
  port: number;
  /** Folder to keep objects in; null keeps them in memory. */
  dataDir: string | null;
}): Promise<ObjectStore> {
  const buckets = new Map<string, Map<string, StoredObject>>();
  const fileOf = (bucket: string, key: string) =>
    options.dataDir ? join(options.dataDir, encodeURIComponent(bucket), encodeURIComponent(key)) : undefined;

  async function load(bucket: string, key: string): Promise<StoredObject | undefined> {
    const cached = buckets.get(bucket)?.get(key);
    if (cached) return cached;
    const file = fileOf(bucket, key);
    if (!file) return undefined;
    try {
      const meta = JSON.parse(await readFile(`${file}.meta.json`, 'utf8')) as {
        contentType: string;
        lastModified: string;
      };
      return {
        body: await readFile(file),
        contentType: meta.contentType,
        lastModified: new Date(meta.lastModified),
      };
    } catch {
      return undefined;
    }
  }

  async function save(bucket: string, key: string, object: StoredObject): Promise<void> {
    const file = fileOf(bucket, key);
    if (file) {
      await mkdir(join(file, '..'), { recursive: true });
      await writeFile(file, object.body);
      await writeFile(
        `${file}.meta.json`,
        JSON.stringify({ contentType: object.contentType, lastModified: object.lastModified }),
      );
      return;
    }
    buckets.get(bucket)?.set(key, object);
  }

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://local');
    const [bucket = '', ...rest] = url.pathname.slice(1).split('/');
    const key = decodeURIComponent(rest.join('/'));
    const method = request.method ?? 'GET';
    if (!bucket) return xmlError(response, 400, 'InvalidRequest', 'path-style requests only');
    if (!key) {
      if (method === 'PUT') {
        buckets.set(bucket, buckets.get(bucket) ?? new Map());
        response.writeHead(200).end();
        return;
      }
      return xmlError(response, 405, 'MethodNotAllowed', 'only object requests are supported');
    }
    if (!buckets.has(bucket) && !options.dataDir) return xmlError(response, 404, 'NoSuchBucket', bucket);
    // The console puts large videos through upload links from another origin, as the cloud bucket's
    // CORS rule lets the console's origin do.
    if (method === 'OPTIONS') {
      response
        .writeHead(204, {
          'access-control-allow-origin': '*',
          'access-control-allow-methods': 'GET, PUT',
          'access-control-allow-headers': 'content-type',
          'access-control-max-age': '3600',
        })
        .end();
      return;
    }
    const signature = checkS3Signature(method, request.url ?? '/', request.headers, (keyId) =>
      keyId === localCredentials.accessKeyId ? localCredentials.secretAccessKey : undefined,
    );
    if (!signature.valid) return xmlError(response, 403, signature.code, signature.message);
    if (presignExpired(url, Date.now()))
      return xmlError(response, 403, 'AccessDenied', 'Request has expired');
    const copySource = request.headers['x-amz-copy-source'];
    if (method === 'PUT' && typeof copySource === 'string') {
      const [sourceBucket = '', ...sourceKey] = decodeURIComponent(copySource.replace(/^\//, '')).split('/');
      const source = await load(sourceBucket, sourceKey.join('/'));
      if (!source) return xmlError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
      const copy = { ...source, lastModified: new Date() };
      await save(bucket, key, copy);
      response.writeHead(200, { 'content-type': 'application/xml' });
      response.end(
        `<?xml version="1.0" encoding="UTF-8"?><CopyObjectResult><ETag>${etagOf(copy.body)}</ETag>` +
          `<LastModified>${copy.lastModified.toISOString()}</LastModified></CopyObjectResult>`,
      );
      return;
    }
    if (method === 'PUT') {
      const raw = await readBody(request);
      const body = String(request.headers['content-encoding'] ?? '').includes('aws-chunked')
        ? decodeAwsChunked(raw)
        : raw;
      const announced = url.searchParams.get('x-amz-checksum-crc32');
      if (announced !== null && announced !== crc32Base64(body)) {
        return xmlError(
          response,
          400,
          'BadDigest',
          'The CRC32 you specified did not match the calculated checksum.',
        );
      }
      await save(bucket, key, {
        body,
        contentType: String(request.headers['content-type'] ?? 'application/octet-stream'),
        lastModified: new Date(),
      });
      response
        .writeHead(200, {
          'access-control-allow-origin': '*',
          etag: etagOf(body),
        })
        .end();
      return;
    }
    if (method === 'DELETE') {
      buckets.get(bucket)?.delete(key);
      const file = fileOf(bucket, key);
      if (file) await Promise.all([rm(file, { force: true }), rm(`${file}.meta.json`, { force: true })]);
      response.writeHead(204).end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return xmlError(response, 405, 'MethodNotAllowed', method);
    const object = await load(bucket, key);
    if (!object) return xmlError(response, 404, 'NoSuchKey', 'The specified key does not exist.');
    response.writeHead(200, {
      // The console reads voices' bytes from another origin; the cloud bucket allows its origin only.
      'access-control-allow-origin': '*',
      'content-type': object.contentType,
      'content-length': object.body.length,
      etag: etagOf(object.body),
      'last-modified': object.lastModified.toUTCString(),
    });
    response.end(method === 'HEAD' ? undefined : object.body);
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) xmlError(response, 500, 'InternalError', String(error));
      else response.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`port ${options.port} is already in use; pass a different media port`)
          : error,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://${options.host}:${port}`,
    createBucket(name) {
      buckets.set(name, buckets.get(name) ?? new Map());
    },
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
