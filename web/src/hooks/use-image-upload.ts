import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { AbortedError, type UploadedMedia } from '../api.ts';
import { t } from '../i18n.ts';
import { problemWithImage } from '../image-limits.ts';

/**
 * One picture being attached: previewed at once from the file itself, uploaded to `/api/media` in
 * the background, and ready to send once the server holds its copy. Problems with the file (type,
 * size) are said before any byte travels.
 */
export type ImageUpload =
  | { status: 'uploading'; name: string; previewUrl: string }
  | { status: 'ready'; name: string; previewUrl: string; uploaded: UploadedMedia }
  | { status: 'failed'; name: string; previewUrl?: string; problem: string };

export function useImageUpload(upload: (file: Blob) => Promise<UploadedMedia>) {
  const [state, setState] = useState<ImageUpload>();
  /** Results of an upload the agent replaced or removed meanwhile are dropped. */
  const generation = useRef(0);
  const previewUrl = useRef<string | undefined>(undefined);

  const revoke = useCallback(() => {
    if (previewUrl.current) URL.revokeObjectURL(previewUrl.current);
    previewUrl.current = undefined;
  }, []);

  const choose = useCallback(
    (file: File) => {
      const current = ++generation.current;
      revoke();
      const name = file.name || t('upload.pasted');
      const problem = problemWithImage(file);
      if (problem) {
        setState({ status: 'failed', name, problem });
        return;
      }
      const url = URL.createObjectURL(file);
      previewUrl.current = url;
      setState({ status: 'uploading', name, previewUrl: url });
      upload(file).then(
        (uploaded) => {
          if (current === generation.current) setState({ status: 'ready', name, previewUrl: url, uploaded });
        },
        (error: unknown) => {
          if (current !== generation.current || error instanceof AbortedError) return;
          const text = error instanceof Error ? error.message : t('upload.failed', { problem: '' }).trim();
          setState({ status: 'failed', name, previewUrl: url, problem: text });
        },
      );
    },
    [upload, revoke],
  );

  const clear = useCallback(() => {
    generation.current++;
    revoke();
    setState(undefined);
  }, [revoke]);

  useEffect(() => () => revoke(), [revoke]);

  return { upload: state, choose, clear };
}

/** The picture among dropped or chosen files; another file, so that its problem can be said. */
export function pickFile(files: FileList | null | undefined): File | undefined {
  if (!files || files.length === 0) return undefined;
  const all = Array.from(files);
  return all.find((file) => file.type.startsWith('image/')) ?? all[0];
}
