/**
 * Checks an S3 request's Signature Version 4 as S3 does, in both of its forms: the `Authorization`
 * header the SDK's clients send, and the query of a presigned link. Locally every function signs
 * with the same made-up key (`localCredentials`, infra/local/aws-identity.ts), so this proves what the cloud bucket would:
 * a link whose bucket, key, method or query was changed, a link of another key, and a request signed
 * by nobody are refused, and what the code signs is signed right.
 * Reference: docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-authenticating-requests.html (the
 * canonical request, the string to sign and the signing key).
 */
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

export type SignatureCheck = { valid: true } | { valid: false; code: string; message: string };

const algorithm = 'AWS4-HMAC-SHA256';

/** RFC 3986 encoding of one query name or value, as SigV4 wants it. */
const encode = (text: string) =>
  encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);

interface Signed {
  keyId: string;
  scope: [day: string, region: string, service: string, terminator: string];
  amzDate: string;
  signedHeaders: string[];
  signature: string;
  payloadHash: string;
  /** The query as signed: a presigned link's without its signature. */
  query: [string, string][];
}

function fromAuthorization(url: URL, headers: IncomingHttpHeaders): Signed | undefined {
  const header = headers.authorization;
  if (!header?.startsWith(`${algorithm} `)) return undefined;
  const fields = new Map(
    header
      .slice(algorithm.length + 1)
      .split(',')
      .map((field) => {
        const [name = '', ...value] = field.trim().split('=');
        return [name, value.join('=')] as const;
      }),
  );
  const [keyId = '', ...scope] = (fields.get('Credential') ?? '').split('/');
  return {
    keyId,
    scope: scope as Signed['scope'],
    amzDate: String(headers['x-amz-date'] ?? ''),
    signedHeaders: (fields.get('SignedHeaders') ?? '').split(';'),
    signature: fields.get('Signature') ?? '',
    payloadHash: String(headers['x-amz-content-sha256'] ?? ''),
    query: [...url.searchParams],
  };
}

function fromQuery(url: URL): Signed | undefined {
  const params = url.searchParams;
  if (params.get('X-Amz-Algorithm') !== algorithm) return undefined;
  const [keyId = '', ...scope] = (params.get('X-Amz-Credential') ?? '').split('/');
  return {
    keyId,
    scope: scope as Signed['scope'],
    amzDate: params.get('X-Amz-Date') ?? '',
    signedHeaders: (params.get('X-Amz-SignedHeaders') ?? '').split(';'),
    signature: params.get('X-Amz-Signature') ?? '',
    payloadHash: params.get('X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD',
    query: [...params].filter(([name]) => name !== 'X-Amz-Signature'),
  };
}

function headerValue(headers: IncomingHttpHeaders, name: string): string {
  const value = headers[name];
  return (Array.isArray(value) ? value.join(',') : (value ?? '')).trim().replace(/\s+/g, ' ');
}

function expectedSignature(
  method: string,
  url: URL,
  headers: IncomingHttpHeaders,
  signed: Signed,
  secret: string,
): string {
  const query = signed.query
    .map(([name, value]) => [encode(name), encode(value)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
  const canonicalHeaders = signed.signedHeaders
    .map((name) => `${name}:${headerValue(headers, name)}\n`)
    .join('');
  // S3 signs the path as sent (its segments already encoded once), not encoded again.
  const canonicalRequest = [
    method,
    url.pathname,
    query,
    canonicalHeaders,
    signed.signedHeaders.join(';'),
    signed.payloadHash,
  ].join('\n');
  const stringToSign = [
    algorithm,
    signed.amzDate,
    signed.scope.join('/'),
    createHash('sha256').update(canonicalRequest).digest('hex'),
  ].join('\n');
  let key: Buffer = createHmac('sha256', `AWS4${secret}`).update(signed.scope[0]).digest();
  for (const part of signed.scope.slice(1)) key = createHmac('sha256', key).update(part).digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

export function checkS3Signature(
  method: string,
  rawUrl: string,
  headers: IncomingHttpHeaders,
  secretOf: (keyId: string) => string | undefined,
): SignatureCheck {
  const url = new URL(rawUrl, 'http://local');
  const signed = fromAuthorization(url, headers) ?? fromQuery(url);
  if (!signed) return { valid: false, code: 'AccessDenied', message: 'Access Denied' };
  const secret = secretOf(signed.keyId);
  if (secret === undefined || signed.scope.length !== 4) {
    return {
      valid: false,
      code: 'InvalidAccessKeyId',
      message: 'The AWS Access Key Id you provided does not exist in our records.',
    };
  }
  const expected = Buffer.from(expectedSignature(method, url, headers, signed, secret));
  const given = Buffer.from(signed.signature);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    return {
      valid: false,
      code: 'SignatureDoesNotMatch',
      message: 'The request signature we calculated does not match the signature you provided.',
    };
  }
  return { valid: true };
}
