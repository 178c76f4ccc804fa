/**
 * Voice and video an agent may send, checked by their bytes, in the browser before the upload and on
 * the server again. WeChat's temporary media (uploadTempMedia,
 * developers.weixin.qq.com/doc/service/api/material/temporary/api_uploadtempmedia): voice AMR or MP3,
 * at most 2 MB and 60 s; video MP4, at most 10 MB. A request body reaches a function base64-encoded
 * and capped at 6 MB, so `POST /api/media` takes a video of at most 4 MB; a larger one is put
 * straight into the media bucket through an upload link (`POST /api/media/upload-links`).
 *
 * The duration is read from the frames rather than with a media library: AMR and MP3 need a few
 * lines each, and the api function's bundle is already over its size target.
 */

export const voiceLimits = { maxBytes: 2 * 1024 * 1024, maxDurationMs: 60_000 } as const;
export const videoLimits = { maxBytes: 10 * 1024 * 1024, inlineMaxBytes: 4 * 1024 * 1024 } as const;

export type MediaKind = 'voice' | 'video';

/** Why the bytes cannot be sent; each side words it (server sentence, console zh-CN/en). */
export type VoiceVideoProblem =
  | { problem: 'empty' }
  | { problem: 'format' }
  | { problem: 'tooLarge'; bytes: number; maxBytes: number }
  | { problem: 'tooLong'; durationMs: number };

export type CheckedVoice = { contentType: 'audio/amr' | 'audio/mpeg'; durationMs: number };
export type CheckedVideo = { contentType: 'video/mp4' };

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

export function checkVoice(bytes: Uint8Array): CheckedVoice | VoiceVideoProblem {
  if (bytes.length === 0) return { problem: 'empty' };
  if (bytes.length > voiceLimits.maxBytes) {
    return { problem: 'tooLarge', bytes: bytes.length, maxBytes: voiceLimits.maxBytes };
  }
  const voice = readVoice(bytes);
  if (!voice) return { problem: 'format' };
  if (voice.durationMs > voiceLimits.maxDurationMs)
    return { problem: 'tooLong', durationMs: voice.durationMs };
  return voice;
}

export function checkVideo(bytes: Uint8Array): CheckedVideo | VoiceVideoProblem {
  if (bytes.length === 0) return { problem: 'empty' };
  if (bytes.length > videoLimits.maxBytes) {
    return { problem: 'tooLarge', bytes: bytes.length, maxBytes: videoLimits.maxBytes };
  }
  return isMp4(bytes) ? { contentType: 'video/mp4' } : { problem: 'format' };
}

/** Every MP4 opens with its `ftyp` box: 4 bytes of size, then the box type. */
export function isMp4(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && ascii(bytes, 4, 8) === 'ftyp';
}

/** Whether the bytes open as AMR does (its frames unread). */
export function opensAsAmr(bytes: Uint8Array): boolean {
  return bytes.length >= amrMagic.length && ascii(bytes, 0, amrMagic.length) === amrMagic;
}

/** An AMR or MP3 voice's type and length, read from its frames; undefined if it is neither whole. */
export function readVoice(bytes: Uint8Array): CheckedVoice | undefined {
  return readAmr(bytes) ?? readMp3(bytes);
}

/**
 * AMR narrowband (RFC 4867 §5, the storage format WeChat takes): `#!AMR\n`, then frames of 20 ms,
 * each a header byte whose frame type (bits 3–6) fixes the frame's length. A truncated last frame
 * or an unknown type means the bytes are not AMR.
 */
const amrFrameBytes = [13, 14, 16, 18, 20, 21, 27, 32, 6, 1, 1, 1, 1, 1, 1, 1];
const amrMagic = '#!AMR\n';

export function readAmr(bytes: Uint8Array): CheckedVoice | undefined {
  if (!opensAsAmr(bytes)) return undefined;
  let offset = amrMagic.length;
  let frames = 0;
  while (offset < bytes.length) {
    const frameType = ((bytes[offset] ?? 0) >> 3) & 0x0f;
    if ((frameType >= 9 && frameType <= 14) || offset + (amrFrameBytes[frameType] ?? 1) > bytes.length) {
      return undefined;
    }
    offset += amrFrameBytes[frameType] ?? 1;
    frames++;
  }
  return frames === 0 ? undefined : { contentType: 'audio/amr', durationMs: frames * 20 };
}

/** Kbit/s by bitrate index, for MPEG-1 Layer III and for MPEG-2/2.5 Layer III (ISO 11172-3, 13818-3). */
const mpeg1Kbps = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const mpeg2Kbps = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
/** Hz by sample-rate index, for version bits 3 (MPEG-1), 2 (MPEG-2) and 0 (MPEG-2.5). */
const sampleRates: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/**
 * MP3 (MPEG Layer III): an optional ID3v2 tag, then frames whose 4-byte headers give bitrate, sample
 * rate and padding, hence each frame's length and its 1152 (MPEG-1) or 576 samples. Frames are
 * walked to the first thing that is not one (an ID3v1 tag, say); without a single frame it is not MP3.
 */
function readMp3(bytes: Uint8Array): CheckedVoice | undefined {
  let offset = 0;
  if (bytes.length >= 10 && ascii(bytes, 0, 3) === 'ID3') {
    const tagSize =
      (((bytes[6] ?? 0) & 0x7f) << 21) |
      (((bytes[7] ?? 0) & 0x7f) << 14) |
      (((bytes[8] ?? 0) & 0x7f) << 7) |
      ((bytes[9] ?? 0) & 0x7f);
    const hasFooter = ((bytes[5] ?? 0) & 0x10) !== 0;
    offset = 10 + tagSize + (hasFooter ? 10 : 0);
  }
  let frames = 0;
  let durationSeconds = 0;
  while (offset + 4 <= bytes.length) {
    const frame = mp3Frame(bytes, offset);
    if (!frame || offset + frame.length > bytes.length) break;
    offset += frame.length;
    durationSeconds += frame.seconds;
    frames++;
  }
  return frames === 0
    ? undefined
    : { contentType: 'audio/mpeg', durationMs: Math.round(durationSeconds * 1000) };
}

function mp3Frame(bytes: Uint8Array, offset: number): { length: number; seconds: number } | undefined {
  const [b0 = 0, b1 = 0, b2 = 0] = bytes.subarray(offset, offset + 3);
  if (b0 !== 0xff || (b1 & 0xe0) !== 0xe0) return undefined;
  const version = (b1 >> 3) & 0x03;
  const layer = (b1 >> 1) & 0x03;
  if (version === 1 || layer !== 1) return undefined; // reserved version; only Layer III is MP3
  const kbps = (version === 3 ? mpeg1Kbps : mpeg2Kbps)[b2 >> 4];
  const sampleRate = sampleRates[version]?.[(b2 >> 2) & 0x03];
  if (!kbps || !sampleRate) return undefined; // free-format, bad bitrate or reserved rate
  const samples = version === 3 ? 1152 : 576;
  const padding = (b2 >> 1) & 0x01;
  const length = Math.floor(((samples / 8) * kbps * 1000) / sampleRate) + padding;
  return { length, seconds: samples / sampleRate };
}

export function isProblem<T extends object>(checked: T | VoiceVideoProblem): checked is VoiceVideoProblem {
  return 'problem' in checked;
}
