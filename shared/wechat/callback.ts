import { randomInt } from 'node:crypto';
import { MessageCipher } from './crypto.ts';
import { readEnvelope } from './envelope.ts';
import {
  DecryptionError,
  InvalidAesKeyError,
  MalformedBodyError,
  SignatureMismatchError,
  StaleTimestampError,
} from './errors.ts';
import { readFlatJson } from './flat-json.ts';
import type { InboundMessage } from './inbound-message.ts';
import { buildJsonMessage, parseJsonMessage } from './json.ts';
import type { MessageFields } from './message-fields.ts';
import { parseFlatInboundMessage, parseInboundMessage } from './parse-inbound-message.ts';
import { computeMsgSignature, computeSignature, signatureMatches } from './signature.ts';
import { wholeNumber } from './whole-number.ts';
import { buildXmlMessage, parseXmlMessage } from './xml.ts';

/**
 * The inbound side of the callback URL as pure functions: the GET handshake, opening a POST push into a
 * verified typed message, and (for tests and the local simulator) building pushes exactly as WeChat does.
 */

export interface CallbackCredentials {
  appId: string;
  token: string;
  /** Present when the app uses compatible or secure mode. */
  encodingAesKey?: string;
}

export interface CallbackRequest {
  /** Query parameters, already percent-decoded exactly once. */
  query: Record<string, string | undefined>;
  body: string;
}

export type CallbackFormat = 'xml' | 'json';
export type CallbackMode = 'plaintext' | 'compatible' | 'secure';

export interface OpenedCallback {
  message: InboundMessage;
  format: CallbackFormat;
  mode: CallbackMode;
}

/**
 * How far a request's signed `timestamp` may be from our clock, either way, in seconds. Without a
 * window, a signed URL seen once (in a log, a proxy) would be good forever; WeChat documents none.
 * WeChat stamps a push when it first sends it and retries it 3 times, 5 s apart (about 15 s in all),
 * and its servers' clocks and ours (NTP, as on Lambda) differ by seconds: 5 minutes leaves ample room
 * for both, in either direction; within it, a replayed message is stopped by its dedupe key.
 */
export const timestampToleranceSeconds = 300;

/**
 * The server-URL handshake: returns the `echostr` to send back byte for byte. OA/MP echostr is never
 * encrypted, even in secure mode (unlike WeCom).
 */
export function verifyUrlHandshake(
  creds: CallbackCredentials,
  query: Record<string, string | undefined>,
  now: number = Date.now(),
): string {
  const { timestamp, nonce } = requireSignedQuery(query);
  if (!signatureMatches(computeSignature(creds.token, timestamp, nonce), query.signature)) {
    throw new SignatureMismatchError('signature does not match');
  }
  requireFresh(timestamp, now);
  const echostr = query.echostr;
  if (echostr === undefined || echostr === '') {
    throw new MalformedBodyError('missing echostr');
  }
  return echostr;
}

/**
 * Verifies, decrypts and parses a POST push. Order: query presence, the 3-field `signature` and the
 * timestamp's freshness (cheap, no parsing, rejects unsigned garbage and replays), then the body. In
 * encrypted mode the body has to be parsed to find `Encrypt` before `msg_signature` can be checked, which
 * is why the XML codec refuses DTDs; decryption only happens once `msg_signature` matches. `now` is our
 * clock in milliseconds.
 */
export function openCallback(
  creds: CallbackCredentials,
  request: CallbackRequest,
  now: number = Date.now(),
): OpenedCallback {
  const { query, body } = request;
  const { timestamp, nonce } = requireSignedQuery(query);
  const encrypted = isEncrypted(query.encrypt_type);
  const msgSignature = query.msg_signature;
  if (encrypted && !msgSignature) {
    throw new SignatureMismatchError('encrypted push without msg_signature');
  }
  // The plaintext `signature` covers only token, timestamp and nonce, never the body: whoever saw one
  // signed URL could attach any message to it. An app that has an EncodingAESKey therefore accepts only
  // encrypted pushes, whose msg_signature covers the message.
  if (!encrypted && creds.encodingAesKey) {
    throw new SignatureMismatchError(
      `app ${creds.appId} has an EncodingAESKey, so it accepts only encrypted (compatible or secure mode) pushes`,
    );
  }
  // WeChat signs every push this way, in encrypted modes too; in those modes it is only a cheap first filter,
  // because it does not cover the body: msg_signature below is what authenticates the message.
  if (!signatureMatches(computeSignature(creds.token, timestamp, nonce), query.signature)) {
    throw new SignatureMismatchError('signature does not match');
  }
  requireFresh(timestamp, now);

  const format = detectFormat(body);
  if (!encrypted) {
    return { message: readInboundMessage(body, format), format, mode: 'plaintext' };
  }

  const { encrypt, secure } = readEnvelope(body, format);
  if (typeof encrypt !== 'string' || encrypt === '') {
    throw new MalformedBodyError('encrypted push without an Encrypt field');
  }
  if (!signatureMatches(computeMsgSignature(creds.token, timestamp, nonce, encrypt), msgSignature)) {
    throw new SignatureMismatchError('msg_signature does not match');
  }
  if (!creds.encodingAesKey) {
    throw new DecryptionError(
      `encrypted push for app ${creds.appId}, which has no EncodingAESKey configured`,
    );
  }
  const plaintext = cipherFor(creds.appId, creds.encodingAesKey).decrypt(encrypt);
  // Only the decrypted message is trusted. In compatible mode the plaintext fields beside Encrypt are not
  // covered by msg_signature (it signs Encrypt alone), so anyone replaying a captured Encrypt could put
  // whatever they like beside it; those fields are therefore ignored, never merged or compared.
  return { message: readInboundMessage(plaintext, format), format, mode: secure ? 'secure' : 'compatible' };
}

export interface BuildCallbackOptions {
  /** The message as WeChat would send it in plaintext, e.g. { ToUserName, FromUserName, CreateTime, … }. */
  fields: MessageFields;
  format: CallbackFormat;
  mode: CallbackMode;
  /** Defaults to now, in Unix seconds. */
  timestamp?: string;
  /** Defaults to a random decimal number, like WeChat's. */
  nonce?: string;
  /** The 16-byte random prefix of the ciphertext; only for reproducible tests. */
  random?: Buffer;
}

export interface BuiltCallback {
  query: Record<string, string>;
  body: string;
}

/**
 * Builds the POST WeChat would send for a message: `signature` always; in encrypted modes also `openid`,
 * `encrypt_type=aes` and `msg_signature`, with a body of ToUserName + Encrypt (secure) or the plaintext
 * fields + Encrypt (compatible).
 */
export function buildCallback(creds: CallbackCredentials, options: BuildCallbackOptions): BuiltCallback {
  const { fields, format, mode } = options;
  const timestamp = options.timestamp ?? String(Math.floor(Date.now() / 1000));
  const nonce = options.nonce ?? String(randomInt(100_000_000, 2_000_000_000));
  const signature = computeSignature(creds.token, timestamp, nonce);
  const build = format === 'xml' ? buildXmlMessage : buildJsonMessage;
  const plaintext = build(fields);
  if (mode === 'plaintext') {
    return { query: { signature, timestamp, nonce }, body: plaintext };
  }

  if (!creds.encodingAesKey) {
    throw new InvalidAesKeyError(
      `app ${creds.appId} has no EncodingAESKey, so it cannot receive ${mode} pushes`,
    );
  }
  const encrypt = new MessageCipher(creds.encodingAesKey, creds.appId).encrypt(plaintext, options.random);
  const outer: MessageFields =
    mode === 'secure'
      ? { ToUserName: fields.ToUserName ?? '', Encrypt: encrypt }
      : { ...fields, Encrypt: encrypt };
  const query: Record<string, string> = { signature, timestamp, nonce };
  if (fields.FromUserName !== undefined) {
    query.openid = String(fields.FromUserName);
  }
  query.encrypt_type = 'aes';
  query.msg_signature = computeMsgSignature(creds.token, timestamp, nonce, encrypt);
  return { query, body: build(outer) };
}

/**
 * Ciphers of the apps seen lately, by AppID, with the EncodingAESKey each was built from: building one
 * checks and decodes the key, and a cipher keeps its decipher from one push to the next.
 */
const ciphers = new Map<string, { encodingAesKey: string; cipher: MessageCipher }>();
const maxCachedCiphers = 64;

function cipherFor(appId: string, encodingAesKey: string): MessageCipher {
  const cached = ciphers.get(appId);
  if (cached !== undefined && cached.encodingAesKey === encodingAesKey) return cached.cipher;
  const cipher = new MessageCipher(encodingAesKey, appId);
  if (ciphers.size >= maxCachedCiphers) ciphers.clear();
  ciphers.set(appId, { encodingAesKey, cipher });
  return cipher;
}

function requireSignedQuery(query: Record<string, string | undefined>): { timestamp: string; nonce: string } {
  const { signature, timestamp, nonce } = query;
  if (!signature || !timestamp || !nonce) {
    throw new SignatureMismatchError('missing signature, timestamp or nonce');
  }
  return { timestamp, nonce };
}

/** Checked after the signature, so that a stale timestamp means a genuine request, replayed or late. */
function requireFresh(timestamp: string, now: number): void {
  // At most 12 digits: Unix seconds for the next 30,000 years.
  const seconds = (timestamp.length <= 12 ? wholeNumber(timestamp) : undefined) ?? Number.NaN;
  if (!(Math.abs(seconds - now / 1000) <= timestampToleranceSeconds)) {
    throw new StaleTimestampError(
      `timestamp must be Unix seconds within ${timestampToleranceSeconds} s of now`,
    );
  }
}

function isEncrypted(encryptType: string | undefined): boolean {
  if (encryptType === undefined || encryptType === '' || encryptType === 'raw') {
    return false;
  }
  if (encryptType === 'aes') {
    return true;
  }
  throw new MalformedBodyError('unsupported encrypt_type');
}

function detectFormat(body: string): CallbackFormat {
  const first = body.trimStart()[0];
  if (first === '<') {
    return 'xml';
  }
  if (first === '{') {
    return 'json';
  }
  throw new MalformedBodyError('body is neither XML nor JSON');
}

/** The typed message in a plaintext body or a decrypted one. */
export function readInboundMessage(text: string, format: CallbackFormat): InboundMessage {
  // The XML codec's record is flat strings already, which parseFlatInboundMessage takes as it is, and so
  // is readFlatJson's for the flat JSON object WeChat sends; other JSON takes the general path.
  if (format === 'xml') return parseFlatInboundMessage(parseXmlMessage(text));
  const flat = readFlatJson(text);
  return flat !== undefined ? parseFlatInboundMessage(flat) : parseInboundMessage(parseJsonMessage(text));
}
