import type { KeyValueStorage } from './key-value-storage.ts';

/** The speeds agents listen to voices at: a long voice at 1.5× or 2× saves minutes a day. */
export const playbackRates = [1, 1.5, 2] as const;

export type PlaybackRate = (typeof playbackRates)[number];

const storageKey = 'wechat-cs:voice-rate';

/** The speed the agent chose last, so that every voice plays at it; 1× until they choose. */
export function loadPlaybackRate(storage: KeyValueStorage | undefined): PlaybackRate {
  try {
    const stored = Number(storage?.getItem(storageKey));
    return playbackRates.find((rate) => rate === stored) ?? 1;
  } catch {
    return 1;
  }
}

/** Storage failures (private mode, quota) only cost remembering the choice. */
export function savePlaybackRate(storage: KeyValueStorage | undefined, rate: PlaybackRate): void {
  try {
    storage?.setItem(storageKey, String(rate));
  } catch {
    // The choice holds for this player.
  }
}
