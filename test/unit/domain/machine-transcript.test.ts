import { describe, expect, it } from 'vitest';
import {
  maxMachineTranscriptLength,
  messageOfTranscriptionJob,
  transcriptFromOutput,
  transcriptionJobName,
  transcriptOutputKey,
  wantsMachineTranscript,
} from '../../../shared/domain/machine-transcript.ts';
import type { Message, MessageContent } from '../../../shared/domain/message.ts';

const ids = { conversationId: '01M92PEMF9MCDGTDR49J5869MP', messageId: '01M92PEN40JM6JR474621AZ2X6' };

function voice(
  content: Partial<Extract<MessageContent, { type: 'voice' }>>,
  direction: Message['direction'] = 'inbound',
): Message {
  return {
    ...ids,
    workspaceId: 'w',
    appId: 'wx0123456789abcdef',
    openId: 'o',
    direction,
    author: direction === 'inbound' ? 'customer' : 'agent',
    createdAt: 0,
    content: { type: 'voice', mediaId: 'm', format: 'amr', storageKey: 'k', durationMs: 3000, ...content },
  };
}

const on = { machineTranscripts: true };

describe('which voices are transcribed', () => {
  it('a customer’s copied, playable voice without WeChat’s transcript, when the app asks for it', () => {
    expect(wantsMachineTranscript(on, voice({}))).toBe(true);
  });

  it('none while the app has not asked (the default)', () => {
    expect(wantsMachineTranscript({}, voice({}))).toBe(false);
    expect(wantsMachineTranscript({ machineTranscripts: false }, voice({}))).toBe(false);
  });

  it('not one WeChat transcribed, one not copied, one that cannot be played, or an agent’s', () => {
    expect(wantsMachineTranscript(on, voice({ recognition: '你好' }))).toBe(false);
    expect(wantsMachineTranscript(on, voice({ storageKey: undefined, durationMs: undefined }))).toBe(false);
    expect(
      wantsMachineTranscript(on, voice({ durationMs: undefined, mediaUnavailable: { reason: 'corrupt' } })),
    ).toBe(false);
    expect(wantsMachineTranscript(on, voice({}, 'outbound'))).toBe(false);
  });
});

describe('a transcription job of this deployment', () => {
  it('is named after its message, and its name leads back to it', () => {
    const name = transcriptionJobName('shop-prod-voice-', ids);
    expect(name).toBe('shop-prod-voice-01M92PEMF9MCDGTDR49J5869MP.01M92PEN40JM6JR474621AZ2X6');
    expect(name).toMatch(/^[0-9a-zA-Z._-]{1,200}$/);
    expect(messageOfTranscriptionJob('shop-prod-voice-', name)).toEqual(ids);
  });

  it('is told apart from another deployment’s or anyone else’s job', () => {
    const name = transcriptionJobName('shop-prod-voice-', ids);
    expect(messageOfTranscriptionJob('shop-test-voice-', name)).toBeUndefined();
    expect(messageOfTranscriptionJob('shop-prod-voice-', 'shop-prod-voice-meeting-notes')).toBeUndefined();
  });

  it('writes its output beside the conversation’s media', () => {
    expect(transcriptOutputKey(ids)).toBe(
      'transcripts/01M92PEMF9MCDGTDR49J5869MP/01M92PEN40JM6JR474621AZ2X6.json',
    );
  });
});

describe("what is kept of Transcribe's output", () => {
  const output = (transcript: unknown) => ({
    jobName: 'j',
    accountId: '1',
    status: 'COMPLETED',
    results: { transcripts: [{ transcript }], items: [] },
  });

  it('the transcript, trimmed', () => {
    expect(transcriptFromOutput(output(' 您好，我昨天买的杯子碎了。 '))).toBe('您好，我昨天买的杯子碎了。');
  });

  it('nothing when it heard no words, or the file is not its output', () => {
    expect(transcriptFromOutput(output('  '))).toBeUndefined();
    expect(transcriptFromOutput(output(42))).toBeUndefined();
    expect(transcriptFromOutput({ results: {} })).toBeUndefined();
    expect(transcriptFromOutput(null)).toBeUndefined();
    expect(transcriptFromOutput('text')).toBeUndefined();
  });

  it('at most a capped length', () => {
    expect(transcriptFromOutput(output('好'.repeat(5000)))).toHaveLength(maxMachineTranscriptLength);
  });
});
