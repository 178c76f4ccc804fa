import { createHash, timingSafeEqual } from 'node:crypto';

/** `signature` of the URL handshake and of every push: sha1 over the sorted (token, timestamp, nonce). */
export function computeSignature(token: string, timestamp: string, nonce: string): string {
  return sha1OfSortedConcatenation([token, timestamp, nonce]);
}

/** `msg_signature` of encrypted pushes and `MsgSignature` of encrypted replies: adds the `Encrypt` value. */
export function computeMsgSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): string {
  return sha1OfSortedConcatenation([token, timestamp, nonce, encrypt]);
}

/** Constant-time comparison, so response timing does not reveal how much of a forged signature was right. */
export function signatureMatches(expected: string, received: string | undefined): boolean {
  if (received === undefined) {
    return false;
  }
  const expectedBytes = Buffer.from(expected, 'utf8');
  const receivedBytes = Buffer.from(received, 'utf8');
  if (expectedBytes.length !== receivedBytes.length) {
    return false;
  }
  return timingSafeEqual(expectedBytes, receivedBytes);
}

function sha1OfSortedConcatenation(parts: readonly string[]): string {
  // WeChat sorts as plain strings (code-unit order), never numerically: "1590219412" < "1715943329" < "AAAAA".
  const sorted = parts.toSorted((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha1').update(sorted.join(''), 'utf8').digest('hex');
}
