import {
  CopyObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  NotFound,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { functionEnv } from '../config/env-names.ts';

/** Agents see media through links that expire soon after the page that shows them. */
const mediaUrlLifetimeSeconds = 15 * 60;

let client: S3Client | undefined;

/**
 * The endpoint comes from the environment (`AWS_ENDPOINT_URL_S3` locally), like every other client.
 * Checksums only where S3 requires them: an upload link is signed before its body exists, and a
 * checksum the client computed then (the empty body's) would make S3 refuse every upload (BadDigest).
 */
function s3(): S3Client {
  client ??= new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED' });
  return client;
}

export function mediaBucketName(): string {
  const name = process.env[functionEnv.mediaBucket];
  if (!name) {
    throw new Error(
      `${functionEnv.mediaBucket} is not set: the function was deployed without the media bucket`,
    );
  }
  return name;
}

export interface StoredMedia {
  bytes: Buffer;
  contentType: string;
}

export async function putMedia(key: string, media: StoredMedia): Promise<void> {
  await s3().send(
    new PutObjectCommand({
      Bucket: mediaBucketName(),
      Key: key,
      Body: media.bytes,
      ContentType: media.contentType,
    }),
  );
}

export async function getMedia(key: string): Promise<StoredMedia> {
  const object = await s3().send(new GetObjectCommand({ Bucket: mediaBucketName(), Key: key }));
  if (!object.Body) throw new Error(`media ${key} is empty`);
  return {
    bytes: Buffer.from(await object.Body.transformToByteArray()),
    contentType: object.ContentType ?? 'application/octet-stream',
  };
}

/** A copy of one object under another key, made inside the bucket (the bytes never travel). */
export async function copyMedia(from: string, to: string): Promise<void> {
  const bucket = mediaBucketName();
  await s3().send(
    new CopyObjectCommand({
      Bucket: bucket,
      Key: to,
      CopySource: `${bucket}/${from.split('/').map(encodeURIComponent).join('/')}`,
    }),
  );
}

export async function mediaExists(key: string): Promise<boolean> {
  try {
    await s3().send(new HeadObjectCommand({ Bucket: mediaBucketName(), Key: key }));
    return true;
  } catch (error) {
    if (error instanceof NotFound || (error as { name?: string }).name === 'NotFound') return false;
    throw error;
  }
}

/**
 * A short-lived link through which a browser puts one object of exactly `bytes` bytes of
 * `contentType`: both headers are signed, so S3 refuses a body of another size or type.
 */
export function mediaUploadUrl(key: string, contentType: string, bytes: number): Promise<string> {
  return getSignedUrl(
    s3(),
    new PutObjectCommand({
      Bucket: mediaBucketName(),
      Key: key,
      ContentType: contentType,
      ContentLength: bytes,
    }),
    { expiresIn: mediaUrlLifetimeSeconds, signableHeaders: new Set(['content-length', 'content-type']) },
  );
}

export function mediaUrl(key: string): Promise<string> {
  return getSignedUrl(s3(), new GetObjectCommand({ Bucket: mediaBucketName(), Key: key }), {
    expiresIn: mediaUrlLifetimeSeconds,
  });
}
