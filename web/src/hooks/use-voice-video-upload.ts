import { useCallback, useRef, useState } from 'preact/hooks';
import { AbortedError, type UploadedMedia } from '../api.ts';
import { checkVoiceOrVideo, type MediaKind } from '../voice-video-limits.ts';

/**
 * One voice or video being attached: checked from its bytes (format, size, a voice's length) before
 * anything travels, then uploaded to `/api/media?kind=…`, ready to send once the server holds it.
 */
export type VoiceVideoUpload =
  | { kind: MediaKind; status: 'uploading'; name: string; durationMs?: number }
  | { kind: MediaKind; status: 'ready'; name: string; durationMs?: number; uploaded: UploadedMedia }
  | { kind: MediaKind; status: 'failed'; name: string; problem: string };

export function useVoiceVideoUpload(upload: (kind: MediaKind, file: File) => Promise<UploadedMedia>) {
  const [state, setState] = useState<VoiceVideoUpload>();
  /** Results for a file the agent replaced or removed meanwhile are dropped. */
  const generation = useRef(0);

  const choose = useCallback(
    async (kind: MediaKind, file: File) => {
      const current = ++generation.current;
      const { name } = file;
      const checked = await checkVoiceOrVideo(kind, file);
      if (current !== generation.current) return;
      if (!checked.ok) {
        setState({ kind, status: 'failed', name, problem: checked.problem });
        return;
      }
      const { durationMs } = checked;
      setState({ kind, status: 'uploading', name, durationMs });
      try {
        const uploaded = await upload(kind, file);
        if (current === generation.current) setState({ kind, status: 'ready', name, durationMs, uploaded });
      } catch (error) {
        if (current !== generation.current || error instanceof AbortedError) return;
        setState({ kind, status: 'failed', name, problem: (error as Error).message });
      }
    },
    [upload],
  );

  const clear = useCallback(() => {
    generation.current++;
    setState(undefined);
  }, []);

  return { upload: state, choose, clear };
}
