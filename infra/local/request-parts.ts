/**
 * Taking an HTTP request apart the way API Gateway does before it builds an event: path and query,
 * query values, the caller's address, the body, and API Gateway's timestamp format.
 */
import type { IncomingMessage } from 'node:http';

/** The path and the query string exactly as received (still percent-encoded). */
export function splitTarget(target: string): { rawPath: string; rawQueryString: string } {
  const question = target.indexOf('?');
  return question < 0
    ? { rawPath: target, rawQueryString: '' }
    : { rawPath: target.slice(0, question), rawQueryString: target.slice(question + 1) };
}

/**
 * Query parameters, in order, each name and value decoded exactly once. A `+` decodes to a space, as
 * in form encoding: API Gateway's events show `?sort=-+createdAt` as `"- createdAt"` (aws-cdk#19827),
 * and AWS's own emulator (SAM CLI) decodes the same way; a literal plus arrives as `%2B`. Decoding
 * once matters for WeChat (WECHAT.md §12.7): `%2B` must become `+`, never a space. A malformed
 * escape (`%zz`) is passed through as it came rather than failing the request.
 */
export function parseQuery(rawQueryString: string): Map<string, string[]> {
  const parameters = new Map<string, string[]>();
  for (const pair of rawQueryString.split('&')) {
    if (!pair) continue;
    const equals = pair.indexOf('=');
    const name = decodeQueryPart(equals < 0 ? pair : pair.slice(0, equals));
    const value = equals < 0 ? '' : decodeQueryPart(pair.slice(equals + 1));
    const values = parameters.get(name);
    if (values) values.push(value);
    else parameters.set(name, [value]);
  }
  return parameters;
}

function decodeQueryPart(part: string): string {
  return decodeOnce(part.replaceAll('+', ' '));
}

/** Percent-decodes once; a malformed escape is kept as it came. */
export function decodeOnce(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The client's address without the IPv4-mapped prefix Node reports on dual-stack sockets. */
export function sourceIp(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** API Gateway's `requestContext.time` / `requestTime` format: `24/Nov/2026:14:18:39 +0000`. */
export function requestTime(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  return (
    `${two(date.getUTCDate())}/${months[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} +0000`
  );
}

export type Body = { kind: 'ok'; bytes: Buffer } | { kind: 'tooLarge' };

/**
 * Reads the request body, up to `limitBytes`. An oversize body is still read to its end (and
 * dropped) so that the client, which is usually still sending, gets to read the 413 rather than a
 * reset connection.
 */
export function readBody(request: IncomingMessage, limitBytes: number): Promise<Body> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limitBytes) chunks.push(chunk);
    });
    request.on('end', () => {
      resolve(size > limitBytes ? { kind: 'tooLarge' } : { kind: 'ok', bytes: Buffer.concat(chunks) });
    });
    request.on('error', reject);
  });
}
