import type { EventBridgeEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../../functions/transcripts.ts';
import { functionEnv } from '../../../shared/config/env-names.ts';
import type { HistoryResults } from '../../../shared/domain/closed-conversation.ts';
import { transcriptionJobName, transcriptOutputKey } from '../../../shared/domain/machine-transcript.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { TranscriptionJobChange } from '../../../shared/media/record-machine-transcript.ts';
import { putMedia } from '../../../shared/store/media-store.ts';
import { isMessageCreated, isUpdateOf } from '../../support/agent-socket.ts';
import { type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { eventually } from '../../support/eventually.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';
import { readRecording } from '../../support/voice-recordings.ts';

/**
 * Amazon Transcribe runs only in the cloud: here its finished job is played by what it leaves behind
 * (its output JSON in the media bucket, as Transcribe writes it) and by the EventBridge event the
 * `transcripts` function receives; everything after that is the real function on the local runtime.
 */
let system: TestSystem;
const jobPrefix = 'WeChatCs-test-voice-';

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

/** The `transcripts` function handed a job's state change, with this deployment's prefix set for it only. */
async function jobFinished(change: TranscriptionJobChange): Promise<unknown> {
  process.env[functionEnv.transcriptionJobPrefix] = jobPrefix;
  try {
    const event = { 'detail-type': 'Transcribe Job State Change', source: 'aws.transcribe', detail: change };
    return await handler(event as EventBridgeEvent<'Transcribe Job State Change', TranscriptionJobChange>);
  } finally {
    delete process.env[functionEnv.transcriptionJobPrefix];
  }
}

async function copiedVoice(served: ServedConversation): Promise<Message> {
  await served.customer.sendVoice(readRecording('brokenCup'));
  const created = await served.socket.next(isMessageCreated);
  await served.socket.next(isUpdateOf(created.message.messageId));
  return created.message;
}

function transcribeOutput(transcript: string): { bytes: Buffer; contentType: string } {
  const output = {
    jobName: 'j',
    accountId: '123456789012',
    status: 'COMPLETED',
    results: { transcripts: [{ transcript }], items: [] },
  };
  return { bytes: Buffer.from(JSON.stringify(output)), contentType: 'application/json' };
}

describe("a machine transcript of a customer's voice", () => {
  it('reaches the agent on the voice once its job has finished', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    const voice = await copiedVoice(served);
    await putMedia(
      transcriptOutputKey(voice),
      transcribeOutput('您好，我昨天买的杯子收到的时候已经碎了，能帮我换一个吗？'),
    );

    const outcome = await jobFinished({
      TranscriptionJobName: transcriptionJobName(jobPrefix, voice),
      TranscriptionJobStatus: 'COMPLETED',
    });
    expect(outcome).toBe('recorded');
    const updated = await served.socket.next(isUpdateOf(voice.messageId));
    expect(updated.message.content).toMatchObject({
      type: 'voice',
      machineTranscript: '您好，我昨天买的杯子收到的时候已经碎了，能帮我换一个吗？',
      durationMs: 10_940,
    });
  });

  it('is found in the history of a conversation closed before the job finished', async () => {
    const served = await servedConversation(system, {
      type: 'official-account',
      workspaceId: 'late-transcript',
    });
    const voice = await copiedVoice(served);
    const conversationId = voice.conversationId;
    const closed = await system.request(
      served.agent.token,
      'POST',
      `/api/conversations/${conversationId}/close`,
    );
    expect(closed.status).toBe(200);
    const found = async (words: string) => {
      const search = await system.request<HistoryResults>(
        served.agent.token,
        'GET',
        `/api/history?${new URLSearchParams({ q: words })}`,
      );
      expect(search.status).toBe(200);
      return search.body.results.map((result) => result.conversationId);
    };
    await eventually(async () => expect(await found('我想问一下')).toContain(conversationId));
    expect(await found('杯子')).not.toContain(conversationId);

    await putMedia(transcriptOutputKey(voice), transcribeOutput('杯子收到的时候已经碎了'));
    expect(
      await jobFinished({
        TranscriptionJobName: transcriptionJobName(jobPrefix, voice),
        TranscriptionJobStatus: 'COMPLETED',
      }),
    ).toBe('recorded');
    await eventually(async () => expect(await found('杯子')).toContain(conversationId));
  });

  it('leaves the voice as it was when the job failed, or belongs to another deployment', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    const voice = await copiedVoice(served);
    expect(
      await jobFinished({
        TranscriptionJobName: transcriptionJobName(jobPrefix, voice),
        TranscriptionJobStatus: 'FAILED',
        FailureReason: 'The media format provided does not match the detected media format.',
      }),
    ).toBe('failed');
    expect(
      await jobFinished({
        TranscriptionJobName: transcriptionJobName('WeChatCs-prod-voice-', voice),
        TranscriptionJobStatus: 'COMPLETED',
      }),
    ).toBe('not-ours');
    const history = await system.api(
      `/api/conversations/${voice.conversationId}/messages`,
      served.agent.token,
    );
    const { messages } = (await history.json()) as { messages: Message[] };
    expect(messages.find((message) => message.messageId === voice.messageId)?.content).not.toHaveProperty(
      'machineTranscript',
    );
  });

  it('is not written on a message that is not a voice', async () => {
    const served = await servedConversation(system, { type: 'official-account' });
    await served.customer.say('在吗');
    const text = (await served.socket.next(isMessageCreated)).message;
    await putMedia(transcriptOutputKey(text), transcribeOutput('在吗'));
    expect(
      await jobFinished({
        TranscriptionJobName: transcriptionJobName(jobPrefix, text),
        TranscriptionJobStatus: 'COMPLETED',
      }),
    ).toBe('failed');
  });
});
