import { readFileSync } from 'node:fs';

/**
 * A real recording a customer sends from the customer page without picking a file: 10.9 s of
 * Mandarin (您好，我昨天买的杯子收到的时候已经碎了，能帮我换一个吗？) in AMR at 12.2 kbit/s, as
 * WeChat's media API serves a customer's voice.
 */
export function recordedVoice(): Buffer {
  return readFileSync(new URL('./customer-voice.amr', import.meta.url));
}
