import { hash } from 'node:crypto';

/** `signature` of the URL handshake and of every push: sha1 over the sorted (token, timestamp, nonce). */
export function computeSignature(token: string, timestamp: string, nonce: string): string {
  return hash('sha1', sortedConcatenation([token, timestamp, nonce]), 'hex');
}

/** `msg_signature` of encrypted pushes and `MsgSignature` of encrypted replies: adds the `Encrypt` value. */
export function computeMsgSignature(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): string {
  return hash('sha1', sortedConcatenation([token, timestamp, nonce, encrypt]), 'hex');
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

/**
 * The parts in WeChat's order, concatenated. WeChat sorts as plain strings, never numerically:
 * "1590219412" < "1715943329" < "AAAAA", the order of `<` on strings (by UTF-16 code units). The parts
 * are three or four, so an insertion sort in place costs less than sort() and join(). `parts` is the
 * caller's own array.
 */
function sortedConcatenation(parts: string[]): string {
  for (let index = 1; index < parts.length; index++) {
    const part = parts[index] as string;
    let before = index - 1;
    for (; before >= 0 && (parts[before] as string) > part; before--)
      parts[before + 1] = parts[before] as string;
    parts[before + 1] = part;
  }
  let joined = '';
  for (const part of parts) joined += part;
  return joined;
}
