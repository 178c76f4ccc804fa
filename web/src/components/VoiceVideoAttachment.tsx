import type { VoiceVideoUpload } from '../hooks/use-voice-video-upload.ts';
import { t } from '../i18n.ts';
import { Attachment } from './Attachment.tsx';
import { Icon } from './Icon.tsx';

/** A voice or video chosen to send, with a voice's length. */
export function VoiceVideoAttachment({
  upload,
  onRemove,
}: {
  upload: VoiceVideoUpload;
  onRemove: () => void;
}) {
  const seconds =
    upload.status !== 'failed' && upload.durationMs !== undefined ? upload.durationMs / 1000 : undefined;
  return (
    <Attachment
      status={upload.status}
      problem={upload.status === 'failed' ? upload.problem : undefined}
      name={upload.name}
      preview={
        <span class="attachment__preview attachment__preview--none" aria-hidden="true">
          <Icon name={upload.kind === 'voice' ? 'mic' : 'play'} />
        </span>
      }
      detail={seconds === undefined ? undefined : t('voiceVideo.seconds', { seconds: seconds.toFixed(1) })}
      removeLabel={t('voiceVideo.remove')}
      testId="voice-video-attachment"
      onRemove={onRemove}
    />
  );
}
