import type { ImageUpload } from '../hooks/use-image-upload.ts';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

interface ImageAttachmentProps {
  upload: ImageUpload;
  /** What the picture is for, for labels. */
  purpose: 'picture' | 'cover';
  onRemove: () => void;
}

/** A picture chosen to send, before it is sent: its preview, how its upload is going, a way to remove it. */
export function ImageAttachment({ upload, purpose, onRemove }: ImageAttachmentProps) {
  const what = t(`upload.purpose.${purpose}`);
  return (
    <div class={`attachment attachment--${upload.status}`} data-upload-status={upload.status}>
      {upload.previewUrl ? (
        <img
          class="attachment__preview"
          src={upload.previewUrl}
          alt={t('upload.preview', { purpose: what })}
        />
      ) : (
        <span class="attachment__preview attachment__preview--none" aria-hidden="true">
          <Icon name="image" />
        </span>
      )}
      <div class="attachment__text">
        <p class="attachment__name" title={upload.name}>
          {upload.name}
        </p>
        <p class="attachment__status" role={upload.status === 'failed' ? 'alert' : 'status'}>
          {upload.status === 'failed' ? upload.problem : t(`upload.status.${upload.status}`)}
        </p>
      </div>
      <button
        type="button"
        class="button button--quiet button--icon"
        onClick={onRemove}
        aria-label={t('upload.remove', { purpose: what })}
        title={t('upload.remove', { purpose: what })}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
