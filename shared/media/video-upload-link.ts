import * as z from 'zod/mini';
import { videoLimits } from '../domain/voice-video-upload.ts';
import { mediaUploadUrl, mediaUrl } from '../store/media-store.ts';
import { newDraftKey } from './upload-key.ts';
import { sentenceFor } from './upload-voice-video.ts';

/** `POST /api/media/upload-links`: the video's size, known before it travels. */
export const uploadLinkRequestSchema = z.strictObject({
  kind: z.literal('video'),
  bytes: z.number().check(z.int(), z.minimum(1)),
});

export type UploadLinkOutcome =
  | {
      outcome: 'issued';
      storageKey: string;
      contentType: 'video/mp4';
      size: number;
      /** PUT the file here, with this content type, within the link's 15 minutes. */
      uploadUrl: string;
      /** A short-lived link to read it back once it is there, for the console's preview. */
      url: string;
    }
  | { outcome: 'refused'; problem: string };

/**
 * A link through which the console puts a video larger than a request body may be straight into the
 * media bucket, under the agent's workspace like every upload. The link is signed for exactly the
 * size announced; what arrives is checked again (format, size) when the video is sent.
 */
export async function videoUploadLink(workspaceId: string, bytes: number): Promise<UploadLinkOutcome> {
  if (bytes > videoLimits.maxBytes) {
    return {
      outcome: 'refused',
      problem: sentenceFor('video', { problem: 'tooLarge', bytes, maxBytes: videoLimits.maxBytes }),
    };
  }
  const storageKey = newDraftKey(workspaceId);
  const contentType = 'video/mp4';
  return {
    outcome: 'issued',
    storageKey,
    contentType,
    size: bytes,
    uploadUrl: await mediaUploadUrl(storageKey, contentType, bytes),
    url: await mediaUrl(storageKey),
  };
}
