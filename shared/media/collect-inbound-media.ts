import type { WeChatApp } from '../domain/app.ts';
import { imageTypeOf } from '../domain/image-upload.ts';
import { wantsMachineTranscript } from '../domain/machine-transcript.ts';
import type { MediaCopyRecord, MediaUnavailable, Message } from '../domain/message.ts';
import { isMp4, opensAsAmr, readAmr } from '../domain/voice-video-upload.ts';
import { machineTranscriptFailed, mediaUnavailable } from '../observability/events.ts';
import type { DownloadedMedia, WeChatApi } from '../wechat/api-client.ts';
import { WeChatApiError } from '../wechat/api-client.ts';
import { type CallContext, callWeChat } from '../wechat/wechat-call.ts';
import { type DownloadLimits, MediaTooLargeError } from './bounded-download.ts';

export interface MediaCollectionPorts extends CallContext {
  wechat: WeChatApi;
  getApp(appId: string): Promise<WeChatApp | undefined>;
  putMedia(key: string, media: DownloadedMedia): Promise<void>;
  /** Records our copies (or why there is none) at once; the change reaches the consoles as `message.updated`. */
  recordMediaCopy(message: Message, record: MediaCopyRecord): Promise<void>;
  /** Starts a machine transcript of a copied voice; absent where there is no Transcribe (this machine). */
  transcribe?: (message: Message) => Promise<void>;
  /** Downloads a URL within the limits, retrying only when its host could not be reached. */
  fetchUrl(url: string, limits: DownloadLimits): Promise<DownloadedMedia>;
}

type MediaKind = 'image' | 'voice' | 'video';

/**
 * The largest file we keep a copy of: twice WeChat's 10 MB limit for a temporary video (what an
 * Official Account may upload), since a customer's chat video is WeChat's own compressed copy and
 * may be somewhat larger. The stream consumer holds the file whole in its 512 MB of memory before
 * storing it, so this also keeps a batch of several videos well within that.
 */
export const maxCopiedBytes = 20 * 1024 * 1024;

/**
 * How long one try at a download may take: a video's (up to 20 MB) longer than a picture's. With the
 * two retries of a host that could not be reached, a video holds its batch for about half a minute
 * at worst: well within the stream consumer's 60 s.
 */
const downloadTimeoutMs: Record<MediaKind, number> = { image: 5000, voice: 5000, video: 10_000 };

/** WeChat answered a type other than the one its message announced (an HTML error page, …). */
class WrongTypeError extends Error {
  override readonly name = 'WrongTypeError';
}

interface WantedMedia {
  kind: MediaKind;
  field: 'storageKey' | 'thumbStorageKey';
  mediaId?: string;
  url?: string;
  /** Whether the agent is told in the thread when there is no copy (WeChat's URL still shows a picture). */
  told: boolean;
}

/** What of a customer's message is worth keeping a copy of: WeChat's media ids expire in three days. */
function mediaOf(message: Message): WantedMedia[] {
  const { content } = message;
  switch (content.type) {
    case 'image':
      if (content.storageKey) return [];
      return [
        { kind: 'image', field: 'storageKey', mediaId: content.mediaId, url: content.url, told: false },
      ];
    case 'miniprogrampage':
      if (content.thumbStorageKey) return [];
      return [
        {
          kind: 'image',
          field: 'thumbStorageKey',
          mediaId: content.thumbMediaId,
          url: content.thumbUrl,
          told: false,
        },
      ];
    case 'voice':
      if (content.storageKey || !content.mediaId) return [];
      return [{ kind: 'voice', field: 'storageKey', mediaId: content.mediaId, told: true }];
    case 'video': {
      if (content.storageKey || !content.mediaId) return [];
      const video: WantedMedia = { kind: 'video', field: 'storageKey', mediaId: content.mediaId, told: true };
      if (!content.thumbMediaId) return [video];
      return [video, { kind: 'image', field: 'thumbStorageKey', mediaId: content.thumbMediaId, told: false }];
    }
    default:
      return [];
  }
}

/** What the bytes are, for a host that answers a generic `application/octet-stream`. */
const signatures: Record<MediaKind, (bytes: Buffer) => string | undefined> = {
  image: imageTypeOf,
  voice: (bytes) => (opensAsAmr(bytes) ? 'audio/amr' : undefined),
  video: (bytes) => (isMp4(bytes) ? 'video/mp4' : undefined),
};

const typePrefixes: Record<MediaKind, string> = { image: 'image/', voice: 'audio/', video: 'video/' };

/** The media as we store it, or an error when it is too large or not what was announced. */
function checked(kind: MediaKind, media: DownloadedMedia): DownloadedMedia {
  if (media.bytes.length > maxCopiedBytes) throw new MediaTooLargeError(maxCopiedBytes);
  if (media.contentType.startsWith(typePrefixes[kind])) return media;
  const sniffed = media.contentType.startsWith('application/octet-stream')
    ? signatures[kind](media.bytes)
    : undefined;
  if (!sniffed) throw new WrongTypeError(`a ${kind} came as ${media.contentType.slice(0, 80)}`);
  return { ...media, contentType: sniffed };
}

/**
 * A customer's voice's length, for the thread to show before it is played. Frames cut short or
 * broken make the voice unplayable: the copy is kept to download, and the agent told why there is no
 * player.
 */
function voiceLength(message: Message, media: DownloadedMedia): MediaCopyRecord {
  const voice = readAmr(media.bytes);
  if (voice) return { durationMs: voice.durationMs };
  const corrupt: MediaUnavailable = { reason: 'corrupt' };
  mediaUnavailable(message, 'storageKey', corrupt, new Error('the AMR frames are cut short or broken'));
  return { mediaUnavailable: corrupt };
}

/** Why there is no copy, as the agent is told. */
function unavailableFrom(error: unknown): MediaUnavailable {
  if (error instanceof WeChatApiError) {
    // 40007 "invalid media_id": what WeChat answers for an id past its three days.
    return { reason: error.errcode === 40007 ? 'expired' : 'refused', errcode: error.errcode };
  }
  if (error instanceof MediaTooLargeError) return { reason: 'too-large' };
  if (error instanceof WrongTypeError) return { reason: 'wrong-type' };
  return { reason: 'unreachable' };
}

/**
 * The file by its media id from WeChat's media API (for a video, from the address that answers;
 * getMedia, developers.weixin.qq.com/doc/service/api/material/temporary/api_getmedia), else from
 * WeChat's URL of it. Busy answers and transport failures are retried a bounded number of times
 * (callWeChat, fetchUrl); a refusal is final.
 */
async function fetchMedia(
  app: WeChatApp | undefined,
  wanted: WantedMedia,
  ports: MediaCollectionPorts,
): Promise<DownloadedMedia> {
  const limits = { timeoutMs: downloadTimeoutMs[wanted.kind], maxBytes: maxCopiedBytes };
  let failure: unknown = new Error('the app is not registered here, or the message names no source');
  if (app && wanted.mediaId) {
    const mediaId = wanted.mediaId;
    try {
      const answer = await callWeChat(app, ports, (token) => ports.wechat.downloadMedia(token, mediaId));
      return checked(
        wanted.kind,
        'videoUrl' in answer ? await ports.fetchUrl(answer.videoUrl, limits) : answer,
      );
    } catch (error) {
      failure = error;
    }
  }
  if (wanted.url) {
    try {
      return checked(wanted.kind, await ports.fetchUrl(wanted.url, limits));
    } catch (error) {
      // WeChat's own answer says more about the media than its URL's failure.
      if (!wanted.mediaId) failure = error;
    }
  }
  throw failure;
}

/**
 * Copies a customer's picture, card cover, voice or video (and the video's thumbnail) into the
 * media bucket, so agents still hear and see it after WeChat's three days, through short-lived
 * links. A voice or video that cannot be copied is recorded on the message with the reason, so the
 * agent is told in the thread; every failure is logged and counted (`MediaUnavailable`).
 */
export async function collectInboundMedia(message: Message, ports: MediaCollectionPorts): Promise<boolean> {
  if (message.direction !== 'inbound') return false;
  const wanted = mediaOf(message);
  if (wanted.length === 0) return false;
  const app = await ports.getApp(message.appId);
  const base = `inbound/${message.appId}/${message.conversationId}/${message.messageId}`;
  const record: MediaCopyRecord = {};
  for (const each of wanted) {
    let media: DownloadedMedia;
    try {
      media = await fetchMedia(app, each, ports);
    } catch (error) {
      const unavailable = unavailableFrom(error);
      mediaUnavailable(message, each.field, unavailable, error);
      if (each.told) record.mediaUnavailable = unavailable;
      continue;
    }
    // A video's thumbnail sits beside the video; a card's cover is the card's only medium.
    const key = each.field === 'thumbStorageKey' && message.content.type === 'video' ? `${base}-thumb` : base;
    await ports.putMedia(key, media);
    record[each.field] = key;
    if (each.kind === 'voice') Object.assign(record, voiceLength(message, media));
  }
  if (Object.keys(record).length === 0) return false;
  await ports.recordMediaCopy(message, record);
  const copied = { ...message, content: { ...message.content, ...record } } as Message;
  if (app && ports.transcribe && wantsMachineTranscript(app, copied)) {
    await ports
      .transcribe(copied)
      .catch((error: unknown) =>
        machineTranscriptFailed(message, 'start', error instanceof Error ? error.message : String(error)),
      );
  }
  return record.storageKey !== undefined || record.thumbStorageKey !== undefined;
}
