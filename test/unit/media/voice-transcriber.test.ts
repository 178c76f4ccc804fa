import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { functionEnv } from '../../../shared/config/env-names.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { startVoiceTranscription } from '../../../shared/media/voice-transcriber.ts';

/**
 * The real Transcribe client against a stand-in endpoint that answers as Amazon Transcribe's JSON
 * protocol does: what the request asks for, and how a job that exists already is taken.
 */
const requests: { target: string; body: Record<string, unknown> }[] = [];
let answer: { status: number; body: unknown } = { status: 200, body: {} };
let server: Server;
const saved = { ...process.env };

beforeAll(async () => {
  server = createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => {
      raw += chunk;
    });
    request.on('end', () => {
      requests.push({ target: String(request.headers['x-amz-target']), body: JSON.parse(raw) });
      response.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_TRANSCRIBE: `http://127.0.0.1:${port}`,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    [functionEnv.mediaBucket]: 'shop-media',
  });
});

afterAll(async () => {
  process.env = saved;
  await new Promise((closed) => server.close(closed));
});

const voice: Message = {
  conversationId: '01M92PEMF9MCDGTDR49J5869MP',
  messageId: '01M92PEN40JM6JR474621AZ2X6',
  workspaceId: 'w',
  appId: 'wx0123456789abcdef',
  openId: 'o',
  direction: 'inbound',
  author: 'customer',
  createdAt: 0,
  content: {
    type: 'voice',
    mediaId: 'm',
    format: 'amr',
    storageKey: 'inbound/wx0123456789abcdef/01M92PEMF9MCDGTDR49J5869MP/01M92PEN40JM6JR474621AZ2X6',
    durationMs: 3000,
  },
};

describe('starting a transcription job on a copied voice', () => {
  it('asks for Mandarin from the 8 kHz AMR copy, the output written beside it', async () => {
    answer = { status: 200, body: { TranscriptionJob: { TranscriptionJobStatus: 'IN_PROGRESS' } } };
    await startVoiceTranscription('WeChatCs-voice-', voice);
    expect(requests.at(-1)).toEqual({
      target: 'Transcribe.StartTranscriptionJob',
      body: {
        TranscriptionJobName: 'WeChatCs-voice-01M92PEMF9MCDGTDR49J5869MP.01M92PEN40JM6JR474621AZ2X6',
        LanguageCode: 'zh-CN',
        MediaFormat: 'amr',
        MediaSampleRateHertz: 8000,
        Media: {
          MediaFileUri:
            's3://shop-media/inbound/wx0123456789abcdef/01M92PEMF9MCDGTDR49J5869MP/01M92PEN40JM6JR474621AZ2X6',
        },
        OutputBucketName: 'shop-media',
        OutputKey: 'transcripts/01M92PEMF9MCDGTDR49J5869MP/01M92PEN40JM6JR474621AZ2X6.json',
      },
    });
  });

  it('takes a job of that name already there (a retried batch started it) as started', async () => {
    answer = {
      status: 400,
      body: { __type: 'ConflictException', Message: 'The requested job name already exists.' },
    };
    await expect(startVoiceTranscription('WeChatCs-voice-', voice)).resolves.toBeUndefined();
  });

  it('throws what else Transcribe answers, for the caller to count', async () => {
    answer = { status: 400, body: { __type: 'LimitExceededException', Message: 'Rate exceeded' } };
    await expect(startVoiceTranscription('WeChatCs-voice-', voice)).rejects.toThrow('Rate exceeded');
  });
});
