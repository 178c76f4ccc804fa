import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppIdMismatchError, DecryptionError, InvalidAesKeyError } from './errors.ts';

const ENCODING_AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;
const RANDOM_PREFIX_LENGTH = 16;
const LENGTH_FIELD_LENGTH = 4;
const HEADER_LENGTH = RANDOM_PREFIX_LENGTH + LENGTH_FIELD_LENGTH;
// WeChat's PKCS#7 variant pads to 32 bytes, not to the AES block size of 16.
const PAD_BLOCK_LENGTH = 32;
const AES_BLOCK_LENGTH = 16;

/**
 * The WXBizMsgCrypt message cipher (WECHAT.md §3.3): AES-256-CBC with IV = key[0:16], PKCS#7 padding to
 * 32-byte blocks, over `random(16) ‖ u32be(byteLength(msg)) ‖ msg ‖ receiveid`.
 *
 * The cipher has no integrity protection of its own (CBC is malleable); callers must verify
 * `msg_signature` before decrypting, which also keeps padding-oracle probing out of reach.
 */
export class MessageCipher {
  // Private fields keep the key out of console.log / JSON.stringify of the instance.
  readonly #key: Buffer;
  readonly #iv: Buffer;
  readonly #appId: string;
  readonly #appIdBytes: Buffer;

  /** `appId` is the receiveid: the OA/MP AppID (third-party platforms: the component AppID; WeCom: CorpID). */
  constructor(encodingAesKey: string, appId: string) {
    if (!ENCODING_AES_KEY_PATTERN.test(encodingAesKey)) {
      throw new InvalidAesKeyError('EncodingAESKey must be exactly 43 characters of [A-Za-z0-9]');
    }
    if (appId.length === 0) {
      throw new TypeError('appId must not be empty: it is what proves a payload was encrypted for us');
    }
    this.#key = Buffer.from(`${encodingAesKey}=`, 'base64');
    this.#iv = this.#key.subarray(0, AES_BLOCK_LENGTH);
    this.#appId = appId;
    this.#appIdBytes = Buffer.from(appId, 'utf8');
  }

  /** Returns the base64 `Encrypt` value. `random` is the 16-byte prefix; pass it only for reproducible tests. */
  encrypt(message: string, random: Buffer = randomBytes(RANDOM_PREFIX_LENGTH)): string {
    if (random.length !== RANDOM_PREFIX_LENGTH) {
      throw new RangeError(`random prefix must be ${RANDOM_PREFIX_LENGTH} bytes, got ${random.length}`);
    }
    const messageBytes = Buffer.from(message, 'utf8');
    const lengthField = Buffer.alloc(LENGTH_FIELD_LENGTH);
    lengthField.writeUInt32BE(messageBytes.length);
    const plaintext = padToBlock(Buffer.concat([random, lengthField, messageBytes, this.#appIdBytes]));
    const cipher = createCipheriv('aes-256-cbc', this.#key, this.#iv);
    cipher.setAutoPadding(false);
    return Buffer.concat([cipher.update(plaintext), cipher.final()]).toString('base64');
  }

  /**
   * Returns the message exactly as encrypted (no trimming: official plaintexts contain LF bytes).
   * Throws DecryptionError for anything malformed and AppIdMismatchError when the payload is well-formed
   * but addressed to another receiveid.
   */
  decrypt(encryptBase64: string): string {
    // Canonical padded base64 only: Buffer.from(…, 'base64') silently skips foreign characters and takes
    // the URL-safe alphabet too, which would let a mangled payload (e.g. '+' turned into ' ' by a double
    // URL-decode) decrypt into garbage instead of failing. Only text that encodes back to itself is taken.
    const ciphertext = Buffer.from(encryptBase64, 'base64');
    if (encryptBase64.length === 0 || ciphertext.toString('base64') !== encryptBase64) {
      throw new DecryptionError('Encrypt is not canonical base64');
    }
    if (ciphertext.length % AES_BLOCK_LENGTH !== 0) {
      throw new DecryptionError(
        `ciphertext length ${ciphertext.length} is not a multiple of the AES block size`,
      );
    }
    const decipher = createDecipheriv('aes-256-cbc', this.#key, this.#iv);
    decipher.setAutoPadding(false);
    const blocks = decipher.update(ciphertext);
    // Without padding nothing is held back, so final() has nothing to add; it still checks the length.
    const last = decipher.final();
    const padded = last.length === 0 ? blocks : Buffer.concat([blocks, last]);
    const content = stripPadding(padded);

    if (content.length < HEADER_LENGTH) {
      throw new DecryptionError('decrypted payload is shorter than its 20-byte header');
    }
    const messageLength = content.readUInt32BE(RANDOM_PREFIX_LENGTH);
    if (messageLength > content.length - HEADER_LENGTH) {
      throw new DecryptionError(
        `declared message length ${messageLength} exceeds the ${content.length - HEADER_LENGTH} bytes available`,
      );
    }
    const messageBytes = content.subarray(HEADER_LENGTH, HEADER_LENGTH + messageLength);
    const receiveId = content.subarray(HEADER_LENGTH + messageLength);
    if (!receiveId.equals(this.#appIdBytes)) {
      throw new AppIdMismatchError(
        `payload was encrypted for receiveid ${describeReceiveId(receiveId)}, expected ${JSON.stringify(this.#appId)}`,
      );
    }
    return decodeUtf8(messageBytes);
  }
}

function padToBlock(data: Buffer): Buffer {
  const padLength = PAD_BLOCK_LENGTH - (data.length % PAD_BLOCK_LENGTH);
  return Buffer.concat([data, Buffer.alloc(padLength, padLength)]);
}

function stripPadding(padded: Buffer): Buffer {
  const padLength = padded.at(-1) ?? 0;
  if (padLength < 1 || padLength > PAD_BLOCK_LENGTH || padLength > padded.length) {
    throw new DecryptionError('invalid padding');
  }
  for (let index = padded.length - padLength; index < padded.length; index += 1) {
    if (padded[index] !== padLength) {
      throw new DecryptionError('invalid padding');
    }
  }
  return padded.subarray(0, padded.length - padLength);
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function decodeUtf8(bytes: Buffer): string {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    throw new DecryptionError('decrypted message is not valid UTF-8');
  }
}

function describeReceiveId(receiveId: Buffer): string {
  const text = receiveId.toString('utf8');
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text);
}
