import { hash, timingSafeEqual } from 'node:crypto';

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

/** `parts` is the caller's own array: it is sorted in place. */
function sha1OfSortedConcatenation(parts: string[]): string {
  // WeChat sorts as plain strings, never numerically: "1590219412" < "1715943329" < "AAAAA". That is
  // the default order of sort(), by UTF-16 code units.
  return hash('sha1', parts.sort().join(''), 'hex');
}
