import { t } from './i18n.ts';

/** Pictures the server takes (shared/domain/image-upload.ts): JPEG, PNG, GIF up to 4 MB. */
const uploadTypes = ['image/jpeg', 'image/png', 'image/gif'] as const;
export const maxUploadBytes = 4 * 1024 * 1024;

/** Why a file cannot be uploaded, checked before its bytes travel; the server checks again. */
export function problemWithImage(file: { size: number; type: string }): string | undefined {
  if (file.size === 0) return t('image.empty');
  if (file.type && !(uploadTypes as readonly string[]).includes(file.type)) {
    return t('image.type');
  }
  if (file.size > maxUploadBytes) {
    return t('image.tooLarge', { size: (file.size / 1048576).toFixed(1) });
  }
  return undefined;
}
