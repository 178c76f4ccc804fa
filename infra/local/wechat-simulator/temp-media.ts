/**
 * WeChat's temporary media (WECHAT.md §7): uploaded by the platform or sent by a customer, addressed by
 * media_id within one app, usable for 3 days. Type and size rules follow the upload endpoint: Mini
 * Programs only take images (customerServiceMessage.uploadTempMedia, 40004 otherwise,
 * developers.weixin.qq.com/miniprogram/en/dev/api-backend/open-api/customer-message/customerServiceMessage.uploadTempMedia.html);
 * Official Accounts also take voice, video and thumb. The content is checked by its magic bytes, like
 * WeChat does, not by the declared Content-Type.
 *
 * Official Account limits as documented now (uploadTempMedia,
 * developers.weixin.qq.com/doc/service/api/material/temporary/api_uploadtempmedia): image 10 MB
 * PNG/JPEG/JPG/GIF, voice 2 MB and at most 60 s AMR/MP3, video 10 MB MP4, thumb 64 KB JPG. (The same
 * page's notes also say "图片2MB"; its detailed list, the English page and the older page
 * developers.weixin.qq.com/doc/service/en/Asset_Management/New_temporary_materials.html say 10 MB.) A
 * voice's length is not checked: WeChat documents no errcode for it. Errcodes are the global list's:
 * 40004 media type, 40005 file type, 40009/40010/40011/40012 image/voice/video/thumb size.
 */
import { newMediaId } from './ids.ts';
import { errors } from './wechat-errors.ts';

const MEDIA_LIFETIME_MS = 3 * 24 * 3600_000;

export type MediaType = 'image' | 'voice' | 'video' | 'thumb';

const MB = 1024 * 1024;

const LIMITS: Record<MediaType, { maxBytes: number; tooBig: () => Error }> = {
  image: { maxBytes: 10 * MB, tooBig: errors.invalidImageSize },
  voice: { maxBytes: 2 * MB, tooBig: errors.invalidVoiceSize },
  video: { maxBytes: 10 * MB, tooBig: errors.invalidVideoSize },
  thumb: { maxBytes: 64 * 1024, tooBig: errors.invalidThumbSize },
};

export interface TempMedia {
  mediaId: string;
  appId: string;
  type: MediaType;
  bytes: Buffer;
  contentType: string;
  /** Unix ms on the simulator clock. */
  createdAt: number;
}

export class TempMediaStore {
  readonly #clock: () => number;
  readonly #media = new Map<string, TempMedia>();

  constructor(clock: () => number) {
    this.#clock = clock;
  }

  /** Validates like media/upload (40004 type, 4000x size, 40005 content) and stores. */
  upload(appId: string, appType: 'miniprogram' | 'official-account', type: string, bytes: Buffer): TempMedia {
    if (!isMediaType(type) || (appType === 'miniprogram' && type !== 'image')) {
      throw errors.invalidMediaType();
    }
    if (bytes.length > LIMITS[type].maxBytes) {
      throw LIMITS[type].tooBig();
    }
    const contentType = sniff(type, bytes);
    if (!contentType) {
      throw errors.invalidFileType();
    }
    return this.store(appId, type, bytes, contentType);
  }

  /** Media WeChat itself creates (a customer's image, a card's cover): no validation. */
  store(appId: string, type: MediaType, bytes: Buffer, contentType: string): TempMedia {
    this.#forgetExpired();
    const media: TempMedia = {
      mediaId: newMediaId(),
      appId,
      type,
      bytes,
      contentType,
      createdAt: this.#clock(),
    };
    this.#media.set(media.mediaId, media);
    return media;
  }

  /** As if the media's three days were over: media/get answers 40007 for it, its URL serves nothing. */
  forget(mediaId: string): void {
    this.#media.delete(mediaId);
  }

  /** Live media of this app; another app's or an expired media_id is as unknown as a made-up one. */
  get(appId: string, mediaId: string): TempMedia | undefined {
    const media = this.find(mediaId);
    return media?.appId === appId ? media : undefined;
  }

  /** Live media of any app: what a PicUrl serves. */
  find(mediaId: string): TempMedia | undefined {
    const media = this.#media.get(mediaId);
    return media && this.#clock() < media.createdAt + MEDIA_LIFETIME_MS ? media : undefined;
  }

  /**
   * Media is kept in upload order, so expired entries are at the front: stop at the first live one.
   * (Should a test move the clock backwards, purging merely happens later; find() checks expiry anyway.)
   */
  #forgetExpired(): void {
    const now = this.#clock();
    for (const [mediaId, media] of this.#media) {
      if (now < media.createdAt + MEDIA_LIFETIME_MS) break;
      this.#media.delete(mediaId);
    }
  }
}

/** What WeChat says of a file of that type too large even to read: the size error of its type. */
export function tooBigFor(type: string, appType: 'miniprogram' | 'official-account'): Error {
  if (!isMediaType(type) || (appType === 'miniprogram' && type !== 'image')) return errors.invalidMediaType();
  return LIMITS[type].tooBig();
}

function isMediaType(type: string): type is MediaType {
  return Object.hasOwn(LIMITS, type);
}

/** The Content-Type WeChat would serve for these bytes, or undefined when they are not of that type. */
function sniff(type: MediaType, bytes: Buffer): string | undefined {
  const image = sniffImage(bytes);
  switch (type) {
    case 'image':
      return image;
    case 'thumb':
      return image === 'image/jpeg' ? image : undefined;
    case 'voice':
      if (bytes.subarray(0, 6).toString('latin1') === '#!AMR\n') return 'audio/amr';
      if (
        bytes.subarray(0, 3).toString('latin1') === 'ID3' ||
        (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)
      )
        return 'audio/mpeg';
      return undefined;
    case 'video':
      return bytes.subarray(4, 8).toString('latin1') === 'ftyp' ? 'video/mp4' : undefined;
  }
}

/** What a customer's voice is recorded as: WeChat pushes AMR (`Format` amr). */
export function sniffVoice(bytes: Buffer): string | undefined {
  return sniff('voice', bytes) === 'audio/amr' ? 'audio/amr' : undefined;
}

/** A customer's video: an MP4. */
export function sniffVideo(bytes: Buffer): string | undefined {
  return sniff('video', bytes);
}

export function sniffImage(bytes: Buffer): string | undefined {
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])))
    return 'image/png';
  if (bytes.subarray(0, 4).toString('latin1') === 'GIF8') return 'image/gif';
  return undefined;
}

/** The file extension WeChat puts in Content-disposition. */
export function extensionOf(contentType: string): string {
  const extensions: Record<string, string> = {
    'image/jpeg': 'jpg',
    'image/png': 'png',
    'image/gif': 'gif',
    'audio/amr': 'amr',
    'audio/mpeg': 'mp3',
    'video/mp4': 'mp4',
  };
  return extensions[contentType] ?? 'bin';
}
