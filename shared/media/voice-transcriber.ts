import {
  ConflictException,
  StartTranscriptionJobCommand,
  TranscribeClient,
} from '@aws-sdk/client-transcribe';
import {
  transcriptionJobName,
  transcriptLanguage,
  transcriptOutputKey,
} from '../domain/machine-transcript.ts';
import { type Message, storedMediaKey } from '../domain/message.ts';
import { mediaBucketName } from '../store/media-store.ts';

let client: TranscribeClient | undefined;

/**
 * Starts Amazon Transcribe on our copy of a customer's voice (8 kHz AMR, as WeChat serves it), its
 * output written beside it in the media bucket; the job's completion reaches the `transcripts`
 * function through EventBridge. A job of that name already there (a retried stream batch started
 * it) is the same job, not a failure.
 */
export async function startVoiceTranscription(jobPrefix: string, message: Message): Promise<void> {
  const key = storedMediaKey(message.content);
  if (!key) throw new Error('the voice has no copy for Transcribe to read');
  client ??= new TranscribeClient({});
  const bucket = mediaBucketName();
  try {
    await client.send(
      new StartTranscriptionJobCommand({
        TranscriptionJobName: transcriptionJobName(jobPrefix, message),
        LanguageCode: transcriptLanguage,
        MediaFormat: 'amr',
        MediaSampleRateHertz: 8000,
        Media: { MediaFileUri: `s3://${bucket}/${key}` },
        OutputBucketName: bucket,
        OutputKey: transcriptOutputKey(message),
      }),
    );
  } catch (error) {
    if (error instanceof ConflictException) return;
    throw error;
  }
}
