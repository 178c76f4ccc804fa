import { crc32 } from 'node:zlib';
import { CopyObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localCredentials, localRegion } from '../../../infra/local/aws-identity.ts';
import { type ObjectStore, startObjectStore } from '../../../infra/local/object-store.ts';

/** The local stand-in for the media bucket, where it must answer as S3 does for the console. */
let store: ObjectStore;
let s3: S3Client;

beforeAll(async () => {
  store = await startObjectStore({ host: '127.0.0.1', port: 0, dataDir: null });
  store.createBucket('media');
  s3 = new S3Client({
    endpoint: store.endpoint,
    region: localRegion,
    forcePathStyle: true,
    credentials: localCredentials,
  });
});

afterAll(async () => {
  s3?.destroy();
  await store?.stop();
});

function crc32Of(bytes: Buffer): string {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc32(bytes));
  return sum.toString('base64');
}

const uploadLink = (key: string, checksum: string, signingDate?: Date) =>
  getSignedUrl(s3, new PutObjectCommand({ Bucket: 'media', Key: key, ChecksumCRC32: checksum }), {
    expiresIn: 900,
    ...(signingDate ? { signingDate } : {}),
  });

const downloadLink = (key: string, client = s3) =>
  getSignedUrl(client, new GetObjectCommand({ Bucket: 'media', Key: key }), { expiresIn: 900 });

async function errorCode(response: Response): Promise<string | undefined> {
  return /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];
}

describe('the local object store', () => {
  it('refuses a body whose CRC32 is not the one the link announces, and keeps nothing', async () => {
    const body = Buffer.from('a video, or what stands for one');
    const refused = await fetch(await uploadLink('uploads/a', crc32Of(Buffer.alloc(0))), {
      method: 'PUT',
      body,
    });
    expect(refused.status).toBe(400);
    expect(await errorCode(refused)).toBe('BadDigest');
    expect((await fetch(await downloadLink('uploads/a'))).status).toBe(404);

    const taken = await fetch(await uploadLink('uploads/a', crc32Of(body)), { method: 'PUT', body });
    expect(taken.status).toBe(200);
    const read = await fetch(await downloadLink('uploads/a'));
    expect(Buffer.from(await read.arrayBuffer())).toEqual(body);
  });

  it('answers the console’s preflight for an upload, and refuses an expired upload link', async () => {
    const preflight = await fetch(`${store.endpoint}/media/uploads/b`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'PUT' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toBe('GET, PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('content-type');

    const body = Buffer.from('late');
    const expired = await fetch(
      await uploadLink('uploads/b', crc32Of(body), new Date('2020-01-01T00:00:00Z')),
      {
        method: 'PUT',
        body,
      },
    );
    expect(expired.status).toBe(403);
    expect((await fetch(await downloadLink('uploads/b'))).status).toBe(404);
  });

  it('checks signatures as S3 does: a link changed in any way, or no signature, is refused', async () => {
    const body = Buffer.from('a picture of workspace A');
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'ws-a/picture', Body: body }));
    await s3.send(new PutObjectCommand({ Bucket: 'media', Key: 'ws-b/picture', Body: Buffer.from('B') }));
    const link = await downloadLink('ws-a/picture');
    expect(Buffer.from(await (await fetch(link)).arrayBuffer())).toEqual(body);

    // Another key with this key's signature: the attack of moving a link across workspaces.
    const otherKey = await fetch(link.replace('/ws-a/', '/ws-b/'));
    expect(otherKey.status).toBe(403);
    expect(await errorCode(otherKey)).toBe('SignatureDoesNotMatch');
    const longer = await fetch(link.replace('X-Amz-Expires=900', 'X-Amz-Expires=604800'));
    expect(await errorCode(longer)).toBe('SignatureDoesNotMatch');
    const asUpload = await fetch(link, { method: 'PUT', body: 'overwritten' });
    expect(await errorCode(asUpload)).toBe('SignatureDoesNotMatch');
    const unsigned = await fetch(`${store.endpoint}/media/ws-a/picture`);
    expect(unsigned.status).toBe(403);
    expect(await errorCode(unsigned)).toBe('AccessDenied');

    const stranger = new S3Client({
      endpoint: store.endpoint,
      region: localRegion,
      forcePathStyle: true,
      credentials: { accessKeyId: 'someone', secretAccessKey: 'else' },
    });
    expect(await errorCode(await fetch(await downloadLink('ws-a/picture', stranger)))).toBe(
      'InvalidAccessKeyId',
    );
    stranger.destroy();

    const stored = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'ws-a/picture' }));
    expect(Buffer.from((await stored.Body?.transformToByteArray()) ?? [])).toEqual(body);
  });

  it('copies an object inside the bucket with its content type, and refuses a copy of nothing', async () => {
    const body = Buffer.from('a picture an agent sends');
    await s3.send(
      new PutObjectCommand({ Bucket: 'media', Key: 'drafts/ws-a/pic', Body: body, ContentType: 'image/png' }),
    );
    await s3.send(
      new CopyObjectCommand({
        Bucket: 'media',
        Key: 'uploads/ws-a/pic',
        CopySource: 'media/drafts/ws-a/pic',
      }),
    );
    const copy = await s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'uploads/ws-a/pic' }));
    expect(copy.ContentType).toBe('image/png');
    expect(Buffer.from((await copy.Body?.transformToByteArray()) ?? [])).toEqual(body);

    const missing = s3.send(
      new CopyObjectCommand({
        Bucket: 'media',
        Key: 'uploads/ws-a/none',
        CopySource: 'media/drafts/ws-a/none',
      }),
    );
    await expect(missing).rejects.toMatchObject({ name: 'NoSuchKey' });
    const nothing = s3.send(new GetObjectCommand({ Bucket: 'media', Key: 'uploads/ws-a/none' }));
    await expect(nothing).rejects.toMatchObject({ name: 'NoSuchKey' });
  });
});
