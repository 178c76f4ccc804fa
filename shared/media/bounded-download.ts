import pRetry from 'p-retry';
import type { DownloadedMedia } from '../wechat/api-client.ts';

/** The file is larger than the project keeps a copy of. */
export class MediaTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the file is larger than ${maxBytes} bytes`);
    this.name = 'MediaTooLargeError';
  }
}

/** No usable answer from the file's host (network failure, timeout, HTTP error): trying again may help. */
export class MediaUnreachableError extends Error {
  constructor(reason: string) {
    super(`the file could not be downloaded: ${reason}`);
    this.name = 'MediaUnreachableError';
  }
}

export interface DownloadLimits {
  timeoutMs: number;
  maxBytes: number;
}

/**
 * Downloads a file whole, refusing it as soon as it is known to be larger than `maxBytes` (by its
 * Content-Length, or while reading it when the host does not say) so a huge file never fills memory.
 * Query strings may carry credentials, so the URL never goes into an error.
 */
export async function downloadBounded(url: string, limits: DownloadLimits): Promise<DownloadedMedia> {
  const signal = AbortSignal.timeout(limits.timeoutMs);
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    throw new MediaUnreachableError(
      (error as Error).name === 'TimeoutError' ? `no answer within ${limits.timeoutMs} ms` : 'network error',
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new MediaUnreachableError(`HTTP ${response.status}`);
  }
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > limits.maxBytes) {
    await response.body?.cancel();
    throw new MediaTooLargeError(limits.maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let received = 0;
  try {
    for await (const chunk of response.body ?? []) {
      received += chunk.byteLength;
      // Leaving the loop cancels the rest of the body.
      if (received > limits.maxBytes) throw new MediaTooLargeError(limits.maxBytes);
      chunks.push(chunk);
    }
  } catch (error) {
    if (error instanceof MediaTooLargeError) throw error;
    throw new MediaUnreachableError(
      signal.aborted ? `not downloaded within ${limits.timeoutMs} ms` : 'cut off',
    );
  }
  return {
    bytes: Buffer.concat(chunks),
    contentType: response.headers.get('content-type') ?? 'application/octet-stream',
  };
}

/**
 * A download tried up to three times, with short pauses, when the host could not be reached: a
 * refusal or a file too large is final at once, and the stream record behind it is never held for long.
 */
export function downloadWithRetries(
  download: () => Promise<DownloadedMedia>,
  retryDelayMs = 500,
): Promise<DownloadedMedia> {
  return pRetry(download, {
    retries: 2,
    minTimeout: retryDelayMs,
    maxTimeout: retryDelayMs * 4,
    shouldRetry: ({ error }) => error instanceof MediaUnreachableError,
  });
}
