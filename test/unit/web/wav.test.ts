import { describe, expect, it } from 'vitest';
import { wavFile } from '../../../web/src/wav.ts';

describe('a WAV file of decoded samples', () => {
  it('writes 16-bit mono PCM with the rate and length in its header', () => {
    const file = wavFile(new Float32Array([0, 0.5, -0.5, 1, -1]), 8000);
    const view = new DataView(file.buffer);
    expect(file.length).toBe(44 + 10);
    expect(view.getUint32(24, true)).toBe(8000);
    expect(view.getUint32(28, true)).toBe(16000);
    expect(view.getUint32(40, true)).toBe(10);
    expect([0, 1, 2, 3, 4].map((i) => view.getInt16(44 + i * 2, true))).toEqual([
      0, 16383, -16384, 32767, -32768,
    ]);
  });

  it('clips samples beyond full scale rather than wrapping them round', () => {
    const view = new DataView(wavFile(new Float32Array([1.7, -3]), 8000).buffer);
    expect([view.getInt16(44, true), view.getInt16(46, true)]).toEqual([32767, -32768]);
  });
});
