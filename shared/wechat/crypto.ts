import { createCipheriv, createDecipheriv, type Decipher, randomBytes } from 'node:crypto';
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
  /** The AES-256-CBC decipher decrypt() keeps, made on its first use (see #decryptCbc). */
  #decipher: Decipher | undefined;
  /** The IV, then room for the ciphertext of the longest push so far: what #decryptCbc feeds the decipher. */
  #input: Buffer = Buffer.alloc(0);

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
    // The plaintext starts a block into what #decryptCbc returns (see there): offsets, not a subarray.
    const decrypted = this.#decryptCbc(encryptBase64);
    const start = AES_BLOCK_LENGTH;
    const contentEnd = decrypted.length - paddingLength(decrypted, start);

    if (contentEnd - start < HEADER_LENGTH) {
      throw new DecryptionError('decrypted payload is shorter than its 20-byte header');
    }
    const messageLength = decrypted.readUInt32BE(start + RANDOM_PREFIX_LENGTH);
    const available = contentEnd - start - HEADER_LENGTH;
    if (messageLength > available) {
      throw new DecryptionError(
        `declared message length ${messageLength} exceeds the ${available} bytes available`,
      );
    }
    const messageEnd = start + HEADER_LENGTH + messageLength;
    const appIdBytes = this.#appIdBytes;
    if (contentEnd - messageEnd !== appIdBytes.length || !holdsAt(decrypted, messageEnd, appIdBytes)) {
      throw new AppIdMismatchError(
        `payload was encrypted for receiveid ${describeReceiveId(decrypted.subarray(messageEnd, contentEnd))}, expected ${JSON.stringify(this.#appId)}`,
      );
    }
    return decodeUtf8(decrypted.subarray(start + HEADER_LENGTH, messageEnd));
  }

  /**
   * AES-256-CBC decryption of the base64 ciphertext, without unpadding. Creating a decipher costs more
   * than decrypting a whole push with it, so one is kept and never finalised. What a message leaves in
   * it is only the CBC chaining value, its last block of ciphertext (without padding, whole blocks leave
   * nothing buffered, and only whole blocks get through): the IV is therefore fed first, as a block of
   * ciphertext, which makes it the chaining value for the message's first block; the block it decrypts
   * to is left at the start of what this returns, for the caller to skip.
   */
  #decryptCbc(encryptBase64: string): Buffer {
    const capacity = AES_BLOCK_LENGTH + Math.ceil((encryptBase64.length * 3) / 4);
    if (this.#input.length < capacity) {
      this.#input = Buffer.alloc(capacity);
      this.#iv.copy(this.#input);
    }
    const input = this.#input;
    const length = input.write(encryptBase64, AES_BLOCK_LENGTH, 'base64');
    if (!isCanonicalBase64(encryptBase64, length)) {
      throw new DecryptionError('Encrypt is not canonical base64');
    }
    if (length % AES_BLOCK_LENGTH !== 0) {
      throw new DecryptionError(`ciphertext length ${length} is not a multiple of the AES block size`);
    }
    if (this.#decipher === undefined) {
      this.#decipher = createDecipheriv('aes-256-cbc', this.#key, this.#iv);
      this.#decipher.setAutoPadding(false);
    }
    return this.#decipher.update(input.subarray(0, AES_BLOCK_LENGTH + length));
  }
}

/**
 * Whether `text`, which Node's base64 decoder turned into `length` bytes, is canonical padded base64:
 * only text that encodes back to itself is taken. That decoder silently skips foreign characters and
 * takes the URL-safe alphabet too, which would let a mangled payload (e.g. '+' turned into ' ' by a
 * double URL-decode) decrypt into garbage instead of failing.
 *
 * Checked without encoding the bytes back into a second copy of the text: a skipped character (or a
 * `=` before the end) leaves fewer bytes than the length of the text promises; the URL-safe characters
 * and any beyond ASCII are looked for; every group of four characters then stands for its three bytes
 * alone, except a padded last group, whose unused bits (the low 2 or 4 of the character before the
 * padding) must be zero.
 */
function isCanonicalBase64(text: string, length: number): boolean {
  const size = text.length;
  if (size === 0 || size % 4 !== 0) return false;
  const padding = !text.endsWith('=') ? 0 : !text.endsWith('==') ? 1 : 2;
  if (length !== (size / 4) * 3 - padding) return false;
  if (text.includes('-') || text.includes('_') || Buffer.byteLength(text, 'utf8') !== size) return false;
  if (padding === 0) return true;
  const unusedBits = padding === 1 ? 0b11 : 0b1111;
  return (base64Digit(text.charCodeAt(size - 1 - padding)) & unusedBits) === 0;
}

/** The value of a character of the standard base64 alphabet, which the checks above leave it to be. */
function base64Digit(code: number): number {
  if (code >= 0x61) return code - 0x61 + 26; // a-z
  if (code >= 0x41) return code - 0x41; // A-Z
  if (code >= 0x30) return code - 0x30 + 52; // 0-9
  return code === 0x2b ? 62 : 63; // + and /
}

/**
 * Whether `bytes` holds `expected` from `offset` on. For an AppID's few bytes, comparing them one by one
 * costs less than Buffer#compare's argument checks and native call.
 */
function holdsAt(bytes: Buffer, offset: number, expected: Buffer): boolean {
  for (let index = 0; index < expected.length; index++) {
    if (bytes[offset + index] !== expected[index]) return false;
  }
  return true;
}

function padToBlock(data: Buffer): Buffer {
  const padLength = PAD_BLOCK_LENGTH - (data.length % PAD_BLOCK_LENGTH);
  return Buffer.concat([data, Buffer.alloc(padLength, padLength)]);
}

/**
 * The length of the padding at the end of `padded`, whose plaintext starts at `start`: WeChat's PKCS#7 to
 * 32 bytes.
 */
function paddingLength(padded: Buffer, start: number): number {
  const padLength = padded.at(-1) ?? 0;
  if (padLength < 1 || padLength > PAD_BLOCK_LENGTH || padLength > padded.length - start) {
    throw new DecryptionError('invalid padding');
  }
  for (let index = padded.length - padLength; index < padded.length; index += 1) {
    if (padded[index] !== padLength) {
      throw new DecryptionError('invalid padding');
    }
  }
  return padLength;
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
