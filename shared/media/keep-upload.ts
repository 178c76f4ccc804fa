import type { SendableContent } from '../domain/outbound-content.ts';
import { copyMedia } from '../store/media-store.ts';
import { keptUploadKey } from './upload-key.ts';

async function kept(key: string): Promise<string> {
  const keptKey = keptUploadKey(key);
  // Copying again on a retried send writes the same bytes to the same key: nothing changes.
  if (keptKey !== key) await copyMedia(key, keptKey);
  return keptKey;
}

/**
 * The content as its message will refer to it: each draft it names copied to where sent uploads are
 * kept (upload-key.ts), before the message exists, so no message ever names a medium the bucket will
 * delete.
 */
export async function keepUploads(content: SendableContent): Promise<SendableContent> {
  switch (content.type) {
    case 'image':
    case 'voice':
    case 'video':
      return content.storageKey ? { ...content, storageKey: await kept(content.storageKey) } : content;
    case 'miniprogrampage':
      return content.thumbStorageKey
        ? { ...content, thumbStorageKey: await kept(content.thumbStorageKey) }
        : content;
    default:
      return content;
  }
}
