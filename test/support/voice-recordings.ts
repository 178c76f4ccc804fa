import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const repositoryRoot = resolve(import.meta.dirname, '../..');

/**
 * Real AMR-NB recordings of Mandarin speech (test/fixtures/voice/README.md says how they were made),
 * with the length of the 8 kHz recording each was encoded from: what a decoder must give back,
 * less the last part-frame the encoder drops (under 20 ms).
 */
export const voiceRecordings = {
  /** 您好，我昨天买的杯子收到的时候已经碎了，能帮我换一个吗？ at 12.2 kbit/s (WeChat's mode); the simulator's customer sends it. */
  brokenCup: { path: 'infra/local/wechat-simulator/customer-voice.amr', sourceSeconds: 87_589 / 8000 },
  /** The same words at 4.75 kbit/s, the smallest frames. */
  brokenCupLowRate: { path: 'test/fixtures/voice/broken-cup-4k75.amr', sourceSeconds: 87_589 / 8000 },
  /** 在吗？ at 12.2 kbit/s. */
  areYouThere: { path: 'test/fixtures/voice/are-you-there-12k2.amr', sourceSeconds: 10_628 / 8000 },
} as const;

export function readRecording(name: keyof typeof voiceRecordings): Buffer {
  return readFileSync(resolve(repositoryRoot, voiceRecordings[name].path));
}
