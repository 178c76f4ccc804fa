import type { ComponentChildren } from 'preact';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

interface AttachmentProps {
  status: 'uploading' | 'ready' | 'failed';
  /** Why the upload failed, once it has. */
  problem?: string;
  name: string;
  preview: ComponentChildren;
  /** Said after the name (a voice's length). */
  detail?: string;
  removeLabel: string;
  testId?: string;
  onRemove: () => void;
}

/** A file chosen to send, before it is sent: a preview, how its upload is going, a way to remove it. */
export function Attachment({
  status,
  problem,
  name,
  preview,
  detail,
  removeLabel,
  testId,
  onRemove,
}: AttachmentProps) {
  return (
    <div class={`attachment attachment--${status}`} data-upload-status={status} data-testid={testId}>
      {preview}
      <div class="attachment__text">
        <p class="attachment__name" title={name}>
          {name}
          {detail !== undefined && ` · ${detail}`}
        </p>
        <p class="attachment__status" role={status === 'failed' ? 'alert' : 'status'}>
          {status === 'failed' ? problem : t(`upload.status.${status}`)}
        </p>
      </div>
      <button
        type="button"
        class="button button--quiet button--icon"
        onClick={onRemove}
        aria-label={removeLabel}
        title={removeLabel}
      >
        <Icon name="close" />
      </button>
    </div>
  );
}
