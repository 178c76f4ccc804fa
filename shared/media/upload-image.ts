import { checkImageUpload } from '../domain/image-upload.ts';
import { mediaUrl, putMedia } from '../store/media-store.ts';
import { newUploadKey } from './upload-key.ts';

export type UploadOutcome =
  | { outcome: 'stored'; storageKey: string; contentType: string; size: number; url: string }
  | { outcome: 'refused'; problem: string; tooLarge: boolean };

/** An agent's picture, kept under their workspace until they send it. */
export async function uploadImage(workspaceId: string, bytes: Buffer): Promise<UploadOutcome> {
  const checked = checkImageUpload(bytes);
  if ('problem' in checked)
    return { outcome: 'refused', problem: checked.problem, tooLarge: checked.tooLarge };
  const storageKey = newUploadKey(workspaceId);
  await putMedia(storageKey, { bytes, contentType: checked.contentType });
  return {
    outcome: 'stored',
    storageKey,
    contentType: checked.contentType,
    size: bytes.length,
    url: await mediaUrl(storageKey),
  };
}
