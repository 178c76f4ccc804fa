import { describe, expect, it } from 'vitest';
import { readVoice } from '../../../shared/domain/voice-video-upload.ts';
import { playableVoice, VoiceNotPlayableError } from '../../../web/src/voice-audio.ts';
import { readRecording, voiceRecordings } from '../../support/voice-recordings.ts';
import { amrVoice, mp3Voice } from '../../support/voice-video-files.ts';

/** A WAV file's sample rate and length in seconds, read from its header as a player would. */
async function wavLength(file: Blob): Promise<{ sampleRate: number; seconds: number; channels: number }> {
  const view = new DataView(await file.arrayBuffer());
  const text = (offset: number) => String.fromCharCode(...new Uint8Array(view.buffer, offset, 4));
  expect([text(0), text(8), text(12), text(36)]).toEqual(['RIFF', 'WAVE', 'fmt ', 'data']);
  expect(view.getUint32(4, true)).toBe(file.size - 8);
  expect(view.getUint16(20, true)).toBe(1); // PCM
  expect(view.getUint16(34, true)).toBe(16);
  const sampleRate = view.getUint32(24, true);
  const channels = view.getUint16(22, true);
  const dataBytes = view.getUint32(40, true);
  expect(dataBytes).toBe(file.size - 44);
  return { sampleRate, channels, seconds: dataBytes / 2 / channels / sampleRate };
}

describe('making a voice message playable in the browser', () => {
  it.each(Object.keys(voiceRecordings) as (keyof typeof voiceRecordings)[])(
    'decodes the real AMR recording %s to a WAV of its length (within 0.1 s)',
    async (name) => {
      const file = await playableVoice(new Uint8Array(readRecording(name)));
      expect(file.type).toBe('audio/wav');
      const wav = await wavLength(file);
      expect(wav).toMatchObject({ sampleRate: 8000, channels: 1 });
      expect(Math.abs(wav.seconds - voiceRecordings[name].sourceSeconds)).toBeLessThan(0.1);
    },
  );

  it('agrees with the length the server reads from the frames (shown before the voice is played)', async () => {
    const bytes = new Uint8Array(readRecording('brokenCup'));
    const wav = await wavLength(await playableVoice(bytes));
    expect(readVoice(bytes)?.durationMs).toBe(Math.round(wav.seconds * 1000));
  });

  it('decodes speech, not silence: the samples carry the recording', async () => {
    const file = await playableVoice(new Uint8Array(readRecording('areYouThere')));
    const samples = new Int16Array((await file.arrayBuffer()).slice(44));
    const loudest = samples.reduce((max, sample) => Math.max(max, Math.abs(sample)), 0);
    expect(loudest).toBeGreaterThan(3000);
  });

  it('refuses a recording cut off in the middle of a frame', async () => {
    const cut = new Uint8Array(readRecording('brokenCup').subarray(0, 5000));
    await expect(playableVoice(cut)).rejects.toBeInstanceOf(VoiceNotPlayableError);
  });

  it('refuses bytes that are neither AMR nor MP3, and the bare AMR header', async () => {
    await expect(playableVoice(new Uint8Array(Buffer.from('<html>expired</html>')))).rejects.toBeInstanceOf(
      VoiceNotPlayableError,
    );
    await expect(playableVoice(new Uint8Array(Buffer.from('#!AMR\n')))).rejects.toBeInstanceOf(
      VoiceNotPlayableError,
    );
  });

  it('hands an MP3 voice (an agent may send one) to the browser as it is', async () => {
    const mp3 = new Uint8Array(mp3Voice(10));
    const file = await playableVoice(mp3);
    expect(file.type).toBe('audio/mpeg');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(mp3);
  });

  it('decodes a voice of silent frames to silence of the frames’ length', async () => {
    const wav = await wavLength(await playableVoice(new Uint8Array(amrVoice(400))));
    expect(wav.seconds).toBeCloseTo(0.4, 3);
  });
});
