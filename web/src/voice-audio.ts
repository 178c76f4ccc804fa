import { readVoice } from '../../shared/domain/voice-video-upload.ts';
import { wavFile } from './wav.ts';

/** The voice cannot be played: not a whole AMR or MP3 file, or nothing in it decodes. */
export class VoiceNotPlayableError extends Error {}

/**
 * A voice message as a file the browser plays: MP3 as it came; AMR, which no browser plays, decoded
 * to WAV. The decoder (opencore-amr compiled to WebAssembly) is loaded on the first play only.
 * Decoding here rather than transcoding on the server adds no function, no cold start and no cost
 * per voice.
 */
export async function playableVoice(bytes: Uint8Array<ArrayBuffer>): Promise<Blob> {
  const voice = readVoice(bytes);
  if (!voice) throw new VoiceNotPlayableError('not a whole AMR or MP3 file');
  if (voice.contentType === 'audio/mpeg') return new Blob([bytes], { type: 'audio/mpeg' });
  const { default: decodeAmr } = await import('@audio/decode-amr');
  const { channelData, sampleRate } = await decodeAmr(bytes);
  const samples = channelData[0];
  if (!samples?.length || !sampleRate) throw new VoiceNotPlayableError('no AMR frame decodes');
  return new Blob([wavFile(samples, sampleRate)], { type: 'audio/wav' });
}
