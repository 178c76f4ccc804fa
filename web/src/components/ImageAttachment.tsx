import type { ImageUpload } from '../hooks/use-image-upload.ts';
import { Icon } from './Icon.tsx';

interface ImageAttachmentProps {
  upload: ImageUpload;
  /** What the picture is for, for labels: "picture", "cover image". */
  purpose: string;
  onRemove: () => void;
}

const statusText: Record<ImageUpload['status'], string> = {
  uploading: 'Uploading…',
  ready: 'Ready to send',
  failed: 'Not uploaded',
};

/** A picture chosen to send, before it is sent: its preview, how its upload is going, a way to remove it. */
export function ImageAttachment({ upload, purpose, onRemove }: ImageAttachmentProps) {
  return (
    <div class={`attachment attachment--${upload.status}`} data-upload-status={upload.status}>
      {upload.previewUrl ? (
        <img class="attachment__preview" src={upload.previewUrl} alt={`Preview of the ${purpose}`} />
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
          {upload.status === 'failed' ? upload.problem : statusText[upload.status]}
        </p>
      </div>
      <button
        type="button"
        class="button button--quiet button--icon"
        onClick={onRemove}
        aria-label={`Remove the ${purpose}`}
        title={`Remove the ${purpose}`}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
