import {
  checkVideo,
  checkVoice,
  isProblem,
  type MediaKind,
  type VoiceVideoProblem,
  videoLimits,
  voiceLimits,
} from '../domain/voice-video-upload.ts';
import { getMedia } from '../store/media-store.ts';
import { type StoredUpload, storeUpload } from './store-upload.ts';
import { uploadKeyWorkspace } from './upload-key.ts';

export type VoiceVideoUploadOutcome =
  | (StoredUpload & { durationMs?: number })
  | { outcome: 'refused'; problem: string; tooLarge: boolean };

const megabytes = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;

/** The sentence of a refusal, as the API answers it. */
export function sentenceFor(kind: MediaKind, checked: VoiceVideoProblem): string {
  switch (checked.problem) {
    case 'empty':
      return 'The upload is empty.';
    case 'format':
      return kind === 'voice'
        ? 'Only AMR and MP3 voice messages can be sent.'
        : 'Only MP4 videos can be sent.';
    case 'tooLarge':
      return kind === 'voice'
        ? `The voice message is ${megabytes(checked.bytes)}; WeChat accepts at most ${megabytes(voiceLimits.maxBytes)}.`
        : `The video is ${megabytes(checked.bytes)}; WeChat accepts at most ${megabytes(videoLimits.maxBytes)}.`;
    case 'tooLong':
      return `The voice message lasts ${Math.ceil(checked.durationMs / 1000)} s; WeChat accepts at most ${voiceLimits.maxDurationMs / 1000} s.`;
  }
}

const check = (kind: MediaKind, bytes: Uint8Array) =>
  kind === 'voice' ? checkVoice(bytes) : checkVideo(bytes);

/** An agent's voice or video, checked by its bytes and kept under their workspace until they send it. */
export async function uploadVoiceOrVideo(
  workspaceId: string,
  kind: MediaKind,
  bytes: Buffer,
): Promise<VoiceVideoUploadOutcome> {
  if (kind === 'video' && bytes.length > videoLimits.inlineMaxBytes) {
    return {
      outcome: 'refused',
      problem: `The video is ${megabytes(bytes.length)}; a request body takes at most ${megabytes(videoLimits.inlineMaxBytes)}: upload a larger video through a link from POST /api/media/upload-links.`,
      tooLarge: true,
    };
  }
  const checked = check(kind, bytes);
  if (isProblem(checked)) {
    return {
      outcome: 'refused',
      problem: sentenceFor(kind, checked),
      tooLarge: checked.problem === 'tooLarge',
    };
  }
  const stored = await storeUpload(workspaceId, bytes, checked.contentType);
  return 'durationMs' in checked ? { ...stored, durationMs: checked.durationMs } : stored;
}

/**
 * The stored upload, checked again at send: a key of another workspace, one gone from the store, or
 * one holding a picture rather than a voice is refused, with the sentence. A voice's duration comes
 * from its bytes here, not from the console.
 */
export async function storedVoiceOrVideo(
  workspaceId: string,
  kind: MediaKind,
  storageKey: string,
): Promise<{ durationMs?: number; format?: 'amr' | 'mp3' } | { sentence: string }> {
  if (uploadKeyWorkspace(storageKey) !== workspaceId) {
    return { sentence: `The ${kind} was not uploaded here; upload it again.` };
  }
  const media = await getMedia(storageKey).catch((error: unknown) => {
    if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
    throw error;
  });
  if (!media) return { sentence: `The ${kind} is no longer stored; upload it again.` };
  const checked = check(kind, media.bytes);
  if (isProblem(checked)) return { sentence: sentenceFor(kind, checked) };
  if (!('durationMs' in checked)) return {};
  return { durationMs: checked.durationMs, format: checked.contentType === 'audio/amr' ? 'amr' : 'mp3' };
}
