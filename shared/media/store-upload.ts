import { mediaUrl, putMedia } from '../store/media-store.ts';
import { newDraftKey } from './upload-key.ts';

export interface StoredUpload {
  outcome: 'stored';
  storageKey: string;
  contentType: string;
  size: number;
  /** A short-lived link to it, for the console's preview. */
  url: string;
}

/** Keeps bytes an agent uploaded (already checked) under their workspace until they send them. */
export async function storeUpload(
  workspaceId: string,
  bytes: Buffer,
  contentType: string,
): Promise<StoredUpload> {
  const storageKey = newDraftKey(workspaceId);
  await putMedia(storageKey, { bytes, contentType });
  return { outcome: 'stored', storageKey, contentType, size: bytes.length, url: await mediaUrl(storageKey) };
}
