import {
  checkVideo,
  checkVoice,
  isProblem,
  type MediaKind,
  type VoiceVideoProblem,
} from '../../shared/domain/voice-video-upload.ts';
import { t } from './i18n.ts';

/**
 * Voice and video the server takes, checked here by the file's bytes with the server's own reader
 * (shared/domain/voice-video-upload.ts, where WeChat's limits and their source are named) before
 * they travel; the server checks again.
 */
export type { MediaKind };

/** What the file pickers offer. */
export const acceptedFiles = {
  voice: 'audio/amr,audio/mpeg,.amr,.mp3',
  video: 'video/mp4,.mp4',
} as const;

export type CheckedFile = { ok: true; durationMs?: number } | { ok: false; problem: string };

export async function checkVoiceOrVideo(kind: MediaKind, file: Blob): Promise<CheckedFile> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  const checked = kind === 'voice' ? checkVoice(bytes) : checkVideo(bytes);
  if (isProblem(checked)) return { ok: false, problem: problemText(kind, checked) };
  return 'durationMs' in checked ? { ok: true, durationMs: checked.durationMs } : { ok: true };
}

function problemText(kind: MediaKind, refused: VoiceVideoProblem): string {
  switch (refused.problem) {
    case 'empty':
      return t('voiceVideo.empty');
    case 'format':
      return t(kind === 'voice' ? 'voiceVideo.voiceFormat' : 'voiceVideo.videoFormat');
    case 'tooLarge':
      return t(kind === 'voice' ? 'voiceVideo.voiceTooLarge' : 'voiceVideo.videoTooLarge', {
        size: (refused.bytes / 1048576).toFixed(1),
        max: refused.maxBytes / 1048576,
      });
    case 'tooLong':
      return t('voiceVideo.voiceTooLong', { seconds: Math.ceil(refused.durationMs / 1000) });
  }
}
