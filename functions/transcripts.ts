/**
 * Amazon Transcribe's jobs finishing (EventBridge, `Transcribe Job State Change`): a machine
 * transcript of a customer's voice is put on its message (`shared/media/record-machine-transcript.ts`).
 * Cloud only: there is no Transcribe on this machine, so the local runtime never invokes it.
 */
import type { EventBridgeEvent } from 'aws-lambda';
import { functionEnv } from '../shared/config/env-names.ts';
import {
  recordMachineTranscript,
  type TranscriptionJobChange,
  type TranscriptOutcome,
} from '../shared/media/record-machine-transcript.ts';
import { observed } from '../shared/observability/invocation.ts';
import { getMedia } from '../shared/store/media-store.ts';
import { writeMachineTranscript } from '../shared/store/messages-repository.ts';

async function transcriptFinished(
  event: EventBridgeEvent<'Transcribe Job State Change', TranscriptionJobChange>,
): Promise<TranscriptOutcome> {
  const prefix = process.env[functionEnv.transcriptionJobPrefix];
  if (!prefix) throw new Error(`${functionEnv.transcriptionJobPrefix} is not set`);
  return recordMachineTranscript(prefix, event.detail, {
    readOutput: async (key) => JSON.parse((await getMedia(key)).bytes.toString('utf8')) as unknown,
    recordTranscript: writeMachineTranscript,
  });
}

export const handler = observed(transcriptFinished);
