import { describe, expect, it } from 'vitest';
import type { KeyValueStorage } from '../../../web/src/key-value-storage.ts';
import { loadPlaybackRate, savePlaybackRate } from '../../../web/src/playback-rate.ts';

function storage(): KeyValueStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return {
    values,
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => {
      values.set(key, value);
    },
  };
}

describe('the voice playback speed an agent chose', () => {
  it('is 1× until chosen, then the choice for every voice after', () => {
    const kept = storage();
    expect(loadPlaybackRate(kept)).toBe(1);
    savePlaybackRate(kept, 1.5);
    expect(loadPlaybackRate(kept)).toBe(1.5);
    expect(loadPlaybackRate(undefined)).toBe(1);
  });

  it('is 1× again when what is stored is not one of the speeds offered', () => {
    const kept = storage();
    for (const stored of ['3', 'fast', '']) {
      kept.values.set('wechat-cs:voice-rate', stored);
      expect(loadPlaybackRate(kept)).toBe(1);
    }
  });

  it('is kept for the player alone when the browser refuses storage', () => {
    const refusing: KeyValueStorage = {
      getItem: () => {
        throw new Error('SecurityError');
      },
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
    };
    expect(() => savePlaybackRate(refusing, 2)).not.toThrow();
    expect(loadPlaybackRate(refusing)).toBe(1);
  });
});
