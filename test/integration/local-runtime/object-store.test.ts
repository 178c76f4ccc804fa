import { crc32 } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ObjectStore, startObjectStore } from '../../../infra/local/object-store.ts';

/** The local stand-in for the media bucket, where it must answer as S3 does for the console. */
let store: ObjectStore;

beforeAll(async () => {
  store = await startObjectStore({ host: '127.0.0.1', port: 0, dataDir: null });
  store.createBucket('media');
});

afterAll(async () => {
  await store?.stop();
});

const objectUrl = (key: string, query = '') => `${store.endpoint}/media/${key}${query}`;

function crc32Param(bytes: Buffer): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(bytes));
  return encodeURIComponent(sum.toString('base64'));
}

describe('the local object store', () => {
  it('refuses a body whose CRC32 is not the one the link announces, and keeps nothing', async () => {
    const body = Buffer.from('a video, or what stands for one');
    const refused = await fetch(
      objectUrl('uploads/a', `?x-amz-checksum-crc32=${crc32Param(Buffer.alloc(0))}`),
      {
        method: 'PUT',
        body,
      },
    );
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('<Code>BadDigest</Code>');
    expect((await fetch(objectUrl('uploads/a'))).status).toBe(404);

    const taken = await fetch(objectUrl('uploads/a', `?x-amz-checksum-crc32=${crc32Param(body)}`), {
      method: 'PUT',
      body,
    });
    expect(taken.status).toBe(200);
    expect(Buffer.from(await (await fetch(objectUrl('uploads/a'))).arrayBuffer())).toEqual(body);
  });

  it('answers the console’s preflight for an upload, and refuses an expired upload link', async () => {
    const preflight = await fetch(objectUrl('uploads/b'), {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');

    const expired = await fetch(objectUrl('uploads/b', '?X-Amz-Date=20200101T000000Z&X-Amz-Expires=900'), {
      method: 'PUT',
      body: 'late',
    });
    expect(expired.status).toBe(403);
    expect((await fetch(objectUrl('uploads/b'))).status).toBe(404);
  });
});
