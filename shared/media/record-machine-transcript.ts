import {
  messageOfTranscriptionJob,
  transcriptFromOutput,
  transcriptOutputKey,
} from '../domain/machine-transcript.ts';
import type { Message } from '../domain/message.ts';
import { machineTranscriptFailed } from '../observability/events.ts';

/** What EventBridge says of a job (`Transcribe Job State Change`, its `detail`). */
export interface TranscriptionJobChange {
  TranscriptionJobName: string;
  TranscriptionJobStatus: string;
  FailureReason?: string;
}

export interface RecordTranscriptPorts {
  /** The job's output as Transcribe wrote it (JSON), from the media bucket. */
  readOutput(key: string): Promise<unknown>;
  /** Writes the transcript on the voice's message; false when there is no such voice. */
  recordTranscript(message: Pick<Message, 'conversationId' | 'messageId'>, text: string): Promise<boolean>;
}

export type TranscriptOutcome = 'recorded' | 'not-ours' | 'silent' | 'failed';

/**
 * Puts a finished job's transcript on its voice message; the stream then shows it to the agents of
 * the conversation (`message.updated`). A job of another deployment is left alone; a failed job, or
 * output that cannot be read, is told in the logs and the metric, and the voice stays playable.
 * Recording is a plain overwrite, so an event EventBridge delivers twice records the same text.
 */
export async function recordMachineTranscript(
  jobPrefix: string,
  change: TranscriptionJobChange,
  ports: RecordTranscriptPorts,
): Promise<TranscriptOutcome> {
  const message = messageOfTranscriptionJob(jobPrefix, change.TranscriptionJobName);
  if (!message) return 'not-ours';
  if (change.TranscriptionJobStatus !== 'COMPLETED') {
    machineTranscriptFailed(message, 'job', change.FailureReason ?? change.TranscriptionJobStatus);
    return 'failed';
  }
  try {
    const text = transcriptFromOutput(await ports.readOutput(transcriptOutputKey(message)));
    if (!text) return 'silent';
    if (await ports.recordTranscript(message, text)) return 'recorded';
    machineTranscriptFailed(message, 'record', 'the voice message is not there');
    return 'failed';
  } catch (error) {
    machineTranscriptFailed(message, 'record', error instanceof Error ? error.message : String(error));
    throw error;
  }
}
