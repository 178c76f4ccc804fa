import { checkImageUpload } from '../domain/image-upload.ts';
import { type StoredUpload, storeUpload } from './store-upload.ts';

export type UploadOutcome = StoredUpload | { outcome: 'refused'; problem: string; tooLarge: boolean };

/** An agent's picture, kept under their workspace until they send it. */
export async function uploadImage(workspaceId: string, bytes: Buffer): Promise<UploadOutcome> {
  const checked = checkImageUpload(bytes);
  if ('problem' in checked)
    return { outcome: 'refused', problem: checked.problem, tooLarge: checked.tooLarge };
  return storeUpload(workspaceId, bytes, checked.contentType);
}
