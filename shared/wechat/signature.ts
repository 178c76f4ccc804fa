import { hash } from 'node:crypto';

/** `signature` of the URL handshake and of every push: sha1 over the sorted (token, timestamp, nonce). */
export function computeSignature(token: string, timestamp: string, nonce: string): string {
  return hash('sha1', sortedConcatenation3(token, timestamp, nonce), 'hex');
}

/** `msg_signature` of encrypted pushes and `MsgSignature` of encrypted replies: adds the `Encrypt` value. */
export function computeMsgSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): string {
  return hash('sha1', sortedConcatenation4(token, timestamp, nonce, encrypt), 'hex');
}

/**
 * Constant-time comparison, so response timing does not reveal how much of a forged signature was right:
 * every character is compared, whatever the first difference. Done on the strings themselves, which
 * costs less than encoding both to compare them with timingSafeEqual.
 */
export function signatureMatches(expected: string, received: string | undefined): boolean {
  if (received === undefined || received.length !== expected.length) {
    return false;
  }
  let difference = 0;
  for (let index = 0; index < expected.length; index++) {
    difference |= expected.charCodeAt(index) ^ received.charCodeAt(index);
  }
  return difference === 0;
}

// WeChat sorts as plain strings, never numerically: "1590219412" < "1715943329" < "AAAAA". That is the
// order of `<` on strings (by UTF-16 code units), the default order of sort(); the parts are few and
// fixed, so sorting networks put them in order without the cost of an array and its sort.

function sortedConcatenation3(a: string, b: string, c: string): string {
  let swap: string;
  if (b < a) {
    swap = a;
    a = b;
    b = swap;
  }
  if (c < b) {
    swap = b;
    b = c;
    c = swap;
  }
  if (b < a) {
    swap = a;
    a = b;
    b = swap;
  }
  return a + b + c;
}

function sortedConcatenation4(a: string, b: string, c: string, d: string): string {
  let swap: string;
  if (b < a) {
    swap = a;
    a = b;
    b = swap;
  }
  if (d < c) {
    swap = c;
    c = d;
    d = swap;
  }
  if (c < a) {
    swap = a;
    a = c;
    c = swap;
  }
  if (d < b) {
    swap = b;
    b = d;
    d = swap;
  }
  if (c < b) {
    swap = b;
    b = c;
    c = swap;
  }
  return a + b + c + d;
}
