import type { ImageUpload } from '../hooks/use-image-upload.ts';
import { t } from '../i18n.ts';
import { Attachment } from './Attachment.tsx';
import { Icon } from './Icon.tsx';

interface ImageAttachmentProps {
  upload: ImageUpload;
  /** What the picture is for, for labels. */
  purpose: 'picture' | 'cover';
  onRemove: () => void;
}

/** A picture chosen to send, with its preview. */
export function ImageAttachment({ upload, purpose, onRemove }: ImageAttachmentProps) {
  const what = t(`upload.purpose.${purpose}`);
  return (
    <Attachment
      status={upload.status}
      problem={upload.status === 'failed' ? upload.problem : undefined}
      name={upload.name}
      preview={
        upload.previewUrl ? (
          <img
            class="attachment__preview"
            src={upload.previewUrl}
            alt={t('upload.preview', { purpose: what })}
          />
        ) : (
          <span class="attachment__preview attachment__preview--none" aria-hidden="true">
            <Icon name="image" />
          </span>
        )
      }
      removeLabel={t('upload.remove', { purpose: what })}
      onRemove={onRemove}
    />
  );
}
