/**
 * Everything that can go wrong while reading a WeChat callback. Each error carries a stable `code` so
 * callers map errors to HTTP statuses (and metrics) without matching on message text. Suggested mapping:
 * signature_mismatch, stale_timestamp and app_id_mismatch → 401, malformed_body and decryption_failed → 400,
 * invalid_aes_key → 500 (it is our configuration that is wrong, not the request).
 *
 * Messages never contain key material; they may name fields and echo short identifiers.
 */
export type WeChatProtocolErrorCode =
  | 'signature_mismatch'
  | 'stale_timestamp'
  | 'malformed_body'
  | 'decryption_failed'
  | 'app_id_mismatch'
  | 'invalid_aes_key';

export abstract class WeChatProtocolError extends Error {
  abstract readonly code: WeChatProtocolErrorCode;
}

/** `signature` or `msg_signature` is missing or does not match: the request did not come from WeChat. */
export class SignatureMismatchError extends WeChatProtocolError {
  override readonly name = 'SignatureMismatchError';
  readonly code = 'signature_mismatch';
}

/** The signed `timestamp` is not within minutes of now: a replayed (or wildly mis-clocked) request. */
export class StaleTimestampError extends WeChatProtocolError {
  override readonly name = 'StaleTimestampError';
  readonly code = 'stale_timestamp';
}

/** The body (or a decrypted message) is not a well-formed, safe, complete WeChat message. */
export class MalformedBodyError extends WeChatProtocolError {
  override readonly name = 'MalformedBodyError';
  readonly code = 'malformed_body';
}

/** The `Encrypt` payload cannot be decrypted: bad base64, bad length, bad padding, bad framing, bad UTF-8. */
export class DecryptionError extends WeChatProtocolError {
  override readonly name = 'DecryptionError';
  readonly code = 'decryption_failed';
}

/** The payload decrypted fine but was encrypted for another app (its receiveid is not our AppID). */
export class AppIdMismatchError extends WeChatProtocolError {
  override readonly name = 'AppIdMismatchError';
  readonly code = 'app_id_mismatch';
}

/** The configured EncodingAESKey is not 43 characters of [A-Za-z0-9]. */
export class InvalidAesKeyError extends WeChatProtocolError {
  override readonly name = 'InvalidAesKeyError';
  readonly code = 'invalid_aes_key';
}
