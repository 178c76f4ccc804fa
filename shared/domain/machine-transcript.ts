/**
 * Machine transcripts of customers' voices (Amazon Transcribe, batch): which voices get one, how a
 * job is named so that its completion finds its message again, and what of Transcribe's output is
 * kept. The jobs' names carry the deployment's prefix: Transcribe's job names, and the EventBridge
 * events that report them, are shared by every stack of an account and region.
 */
import type { WeChatApp } from './app.ts';
import type { Message } from './message.ts';

/** Mandarin, as customers of the merchants this serves speak (Transcribe's `zh-CN`). */
export const transcriptLanguage = 'zh-CN';

/** What is kept of a transcript: a 60-second voice says a few hundred characters. */
export const maxMachineTranscriptLength = 2000;

type MessageIds = Pick<Message, 'conversationId' | 'messageId'>;

/**
 * Whether a customer's voice is to be transcribed: the app asks for it, WeChat gave no transcript of
 * its own, and we hold a playable copy (our copy is what Transcribe reads).
 */
export function wantsMachineTranscript(
  app: Pick<WeChatApp, 'machineTranscripts'>,
  message: Message,
): boolean {
  const { content } = message;
  return (
    app.machineTranscripts === true &&
    message.direction === 'inbound' &&
    content.type === 'voice' &&
    !content.recognition &&
    content.storageKey !== undefined &&
    content.durationMs !== undefined &&
    content.mediaUnavailable === undefined
  );
}

/** Job names allow letters, digits, `.`, `_` and `-`, at most 200 of them; our ids are ULIDs. */
export function transcriptionJobName(prefix: string, message: MessageIds): string {
  return `${prefix}${message.conversationId}.${message.messageId}`;
}

/** The message a job of this deployment was started for; undefined for anyone else's job. */
export function messageOfTranscriptionJob(prefix: string, jobName: string): MessageIds | undefined {
  if (!jobName.startsWith(prefix)) return undefined;
  const match = /^([0-9A-Z]{26})\.([0-9A-Z]{26})$/.exec(jobName.slice(prefix.length));
  return match?.[1] && match[2] ? { conversationId: match[1], messageId: match[2] } : undefined;
}

/** Where Transcribe writes a job's output, in the media bucket beside the voice. */
export function transcriptOutputKey(message: MessageIds): string {
  return `transcripts/${message.conversationId}/${message.messageId}.json`;
}

/**
 * The text of Transcribe's output (`results.transcripts[0].transcript`), trimmed and capped;
 * undefined when it heard no words or the output is not Transcribe's.
 */
export function transcriptFromOutput(output: unknown): string | undefined {
  const results = (output as { results?: { transcripts?: unknown } } | null)?.results;
  const first = Array.isArray(results?.transcripts) ? (results.transcripts[0] as unknown) : undefined;
  const text = (first as { transcript?: unknown } | undefined)?.transcript;
  if (typeof text !== 'string') return undefined;
  const trimmed = text.trim();
  return trimmed ? trimmed.slice(0, maxMachineTranscriptLength) : undefined;
}
