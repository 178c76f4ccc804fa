import { describe, expect, it } from 'vitest';
import type { WeChatApp } from '../../../shared/domain/app.ts';
import type { MediaCopyRecord, Message, MessageContent } from '../../../shared/domain/message.ts';
import { MediaTooLargeError, MediaUnreachableError } from '../../../shared/media/bounded-download.ts';
import {
  collectInboundMedia,
  type MediaCollectionPorts,
  maxCopiedBytes,
} from '../../../shared/media/collect-inbound-media.ts';
import {
  type DownloadedMedia,
  type MediaGetAnswer,
  type WeChatApi,
  WeChatApiError,
  WeChatUnavailableError,
} from '../../../shared/wechat/api-client.ts';
import { readRecording } from '../../support/voice-recordings.ts';
import { amrVoice, mp4Video } from '../../support/voice-video-files.ts';

const app: WeChatApp = {
  appId: 'wx0123456789abcdef',
  workspaceId: 'w',
  type: 'official-account',
  name: 'a',
  format: 'xml',
  token: 't',
  secret: 's',
  createdAt: 0,
};

function inbound(content: MessageContent): Message {
  return {
    conversationId: 'C',
    messageId: 'M',
    workspaceId: 'w',
    appId: app.appId,
    openId: 'o-customer',
    direction: 'inbound',
    author: 'customer',
    content,
    createdAt: 0,
  };
}

const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3, 0xff, 0xd9]);
const voice = amrVoice(1000);
const video = mp4Video(4096);

/** A scripted WeChat (one answer, or error, per media id) and an in-memory bucket and message. */
function harness(
  answers: Record<string, MediaGetAnswer | Error | (() => MediaGetAnswer | Error)>,
  urls: Record<string, DownloadedMedia | Error> = {},
) {
  const stored = new Map<string, DownloadedMedia>();
  const records: MediaCopyRecord[] = [];
  const asked: string[] = [];
  const fetched: string[] = [];
  const wechat = {
    async downloadMedia(_token: string, mediaId: string) {
      asked.push(mediaId);
      const scripted = answers[mediaId];
      const answer = typeof scripted === 'function' ? scripted() : scripted;
      if (answer === undefined) throw new WeChatApiError('media_get', 40007, 'invalid media_id');
      if (answer instanceof Error) throw answer;
      return answer;
    },
  } as unknown as WeChatApi;
  const ports: MediaCollectionPorts = {
    wechat,
    tokens: { get: async () => 'token' },
    sleep: async () => {},
    getApp: async () => app,
    putMedia: async (key, media) => {
      stored.set(key, media);
    },
    recordMediaCopy: async (_message, record) => {
      records.push(record);
    },
    fetchUrl: async (url, limits) => {
      fetched.push(url);
      const answer = urls[url];
      if (!answer) throw new MediaUnreachableError('HTTP 404');
      if (answer instanceof Error) throw answer;
      if (answer.bytes.length > limits.maxBytes) throw new MediaTooLargeError(limits.maxBytes);
      return answer;
    },
  };
  return { ports, stored, records, asked, fetched };
}

const base = `inbound/${app.appId}/C/M`;

describe('collecting a customer voice message', () => {
  it('keeps a copy of the AMR as WeChat served it and records its key', async () => {
    const h = harness({ 'voice-1': { bytes: voice, contentType: 'audio/amr' } });
    const copied = await collectInboundMedia(
      inbound({ type: 'voice', mediaId: 'voice-1', format: 'amr', recognition: '你好' }),
      h.ports,
    );
    expect(copied).toBe(true);
    expect(h.stored.get(base)).toEqual({ bytes: voice, contentType: 'audio/amr' });
    expect(h.records).toEqual([{ storageKey: base, durationMs: 1000 }]);
  });

  it('records the length of a real recording, read from its frames, for the thread to show', async () => {
    const recording = readRecording('brokenCup');
    const h = harness({ 'voice-1': { bytes: recording, contentType: 'audio/amr' } });
    await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1', format: 'amr' }), h.ports);
    expect(h.records).toEqual([{ storageKey: base, durationMs: 10_940 }]);
  });

  it('keeps a recording cut off mid-frame to download, and records it as corrupt rather than playable', async () => {
    const cut = readRecording('brokenCup').subarray(0, 5000);
    const h = harness({ 'voice-1': { bytes: cut, contentType: 'audio/amr' } });
    const copied = await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), h.ports);
    expect(copied).toBe(true);
    expect(h.stored.get(base)?.bytes).toEqual(cut);
    expect(h.records).toEqual([{ storageKey: base, mediaUnavailable: { reason: 'corrupt' } }]);
  });

  it('records the voice as expired with errcode 40007 when WeChat no longer has it', async () => {
    const h = harness({ 'voice-1': new WeChatApiError('media_get', 40007, 'invalid media_id') });
    const copied = await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), h.ports);
    expect(copied).toBe(false);
    expect(h.stored.size).toBe(0);
    expect(h.records).toEqual([{ mediaUnavailable: { reason: 'expired', errcode: 40007 } }]);
  });

  it('records a refusal with its errcode (quota used up), trying once', async () => {
    const h = harness({
      'voice-1': new WeChatApiError('media_get', 45009, 'reach max api daily quota limit'),
    });
    await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), h.ports);
    expect(h.records).toEqual([{ mediaUnavailable: { reason: 'refused', errcode: 45009 } }]);
    expect(h.asked).toEqual(['voice-1']);
  });

  it('retries a WeChat that did not answer a bounded number of times, then records it unreachable', async () => {
    const h = harness({ 'voice-1': new WeChatUnavailableError('media_get', 'network error') });
    await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), h.ports);
    expect(h.asked).toEqual(['voice-1', 'voice-1', 'voice-1', 'voice-1']);
    expect(h.records).toEqual([{ mediaUnavailable: { reason: 'unreachable' } }]);
  });

  it('refuses what is not audio (an HTML page served in its place) as of the wrong type', async () => {
    const h = harness({ 'voice-1': { bytes: Buffer.from('<html>'), contentType: 'image/png' } });
    await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), h.ports);
    expect(h.stored.size).toBe(0);
    expect(h.records).toEqual([{ mediaUnavailable: { reason: 'wrong-type' } }]);
  });

  it('takes an AMR served as application/octet-stream by its magic bytes', async () => {
    const h = harness({ 'voice-1': { bytes: voice, contentType: 'application/octet-stream' } });
    await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), h.ports);
    expect(h.stored.get(base)?.contentType).toBe('audio/amr');
  });

  it('leaves a voice already copied alone', async () => {
    const h = harness({});
    const copied = await collectInboundMedia(
      inbound({ type: 'voice', mediaId: 'voice-1', storageKey: base }),
      h.ports,
    );
    expect(copied).toBe(false);
    expect(h.asked).toEqual([]);
  });
});

describe("starting a machine transcript of a customer's voice", () => {
  const transcribing = () => {
    const h = harness({ 'voice-1': { bytes: readRecording('brokenCup'), contentType: 'audio/amr' } });
    const started: Message[] = [];
    h.ports.transcribe = async (message) => {
      started.push(message);
    };
    return { ...h, started };
  };

  it('starts one on the copy when the app asks for it and WeChat gave no transcript', async () => {
    const h = transcribing();
    h.ports.getApp = async () => ({ ...app, machineTranscripts: true });
    await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1', format: 'amr' }), h.ports);
    expect(h.started.map((message) => message.content)).toEqual([
      { type: 'voice', mediaId: 'voice-1', format: 'amr', storageKey: base, durationMs: 10_940 },
    ]);
  });

  it('starts none when the app has not asked, or WeChat transcribed it', async () => {
    const off = transcribing();
    await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), off.ports);
    expect(off.started).toEqual([]);
    const recognised = transcribing();
    recognised.ports.getApp = async () => ({ ...app, machineTranscripts: true });
    await collectInboundMedia(
      inbound({ type: 'voice', mediaId: 'voice-1', recognition: '你好' }),
      recognised.ports,
    );
    expect(recognised.started).toEqual([]);
  });

  it('keeps the copy when Transcribe cannot be reached: the voice still plays', async () => {
    const h = transcribing();
    h.ports.getApp = async () => ({ ...app, machineTranscripts: true });
    h.ports.transcribe = async () => {
      throw new Error('ThrottlingException');
    };
    const copied = await collectInboundMedia(inbound({ type: 'voice', mediaId: 'voice-1' }), h.ports);
    expect(copied).toBe(true);
    expect(h.records).toEqual([{ storageKey: base, durationMs: 10_940 }]);
  });
});

describe('collecting a customer video', () => {
  it('downloads the video from the video_url WeChat answers, and the thumbnail, in one record', async () => {
    const h = harness(
      {
        'video-1': { videoUrl: 'https://video.example/v1' },
        'thumb-1': { bytes: jpeg, contentType: 'image/jpeg' },
      },
      { 'https://video.example/v1': { bytes: video, contentType: 'video/mp4' } },
    );
    const copied = await collectInboundMedia(
      inbound({ type: 'video', mediaId: 'video-1', thumbMediaId: 'thumb-1', short: true }),
      h.ports,
    );
    expect(copied).toBe(true);
    expect(h.fetched).toEqual(['https://video.example/v1']);
    expect(h.stored.get(base)).toEqual({ bytes: video, contentType: 'video/mp4' });
    expect(h.stored.get(`${base}-thumb`)).toEqual({ bytes: jpeg, contentType: 'image/jpeg' });
    expect(h.records).toEqual([{ storageKey: base, thumbStorageKey: `${base}-thumb` }]);
  });

  it('records a video above the size kept as too large, and still keeps its thumbnail', async () => {
    const huge = Buffer.alloc(maxCopiedBytes + 1);
    const h = harness(
      {
        'video-1': { videoUrl: 'https://video.example/v1' },
        'thumb-1': { bytes: jpeg, contentType: 'image/jpeg' },
      },
      { 'https://video.example/v1': { bytes: huge, contentType: 'video/mp4' } },
    );
    await collectInboundMedia(
      inbound({ type: 'video', mediaId: 'video-1', thumbMediaId: 'thumb-1' }),
      h.ports,
    );
    expect(h.stored.has(base)).toBe(false);
    expect(h.records).toEqual([
      { thumbStorageKey: `${base}-thumb`, mediaUnavailable: { reason: 'too-large' } },
    ]);
  });

  it('records a video whose download address serves something else as of the wrong type', async () => {
    const h = harness(
      { 'video-1': { videoUrl: 'https://video.example/v1' } },
      { 'https://video.example/v1': { bytes: Buffer.from('<html>'), contentType: 'text/html' } },
    );
    await collectInboundMedia(inbound({ type: 'video', mediaId: 'video-1' }), h.ports);
    expect(h.records).toEqual([{ mediaUnavailable: { reason: 'wrong-type' } }]);
  });

  it('records a download address that cannot be reached as unreachable', async () => {
    const h = harness({ 'video-1': { videoUrl: 'https://video.example/gone' } });
    await collectInboundMedia(inbound({ type: 'video', mediaId: 'video-1' }), h.ports);
    expect(h.records).toEqual([{ mediaUnavailable: { reason: 'unreachable' } }]);
  });

  it('records an expired video with 40007', async () => {
    const h = harness({});
    await collectInboundMedia(
      inbound({ type: 'video', mediaId: 'video-1', thumbMediaId: 'thumb-1' }),
      h.ports,
    );
    expect(h.records).toEqual([{ mediaUnavailable: { reason: 'expired', errcode: 40007 } }]);
  });
});

describe('collecting a customer picture', () => {
  it('falls back to the PicUrl when WeChat refuses the media id, and tells nothing in the thread when both fail', async () => {
    const fromUrl = harness({}, { 'https://pic.example/1': { bytes: jpeg, contentType: 'image/jpeg' } });
    await collectInboundMedia(
      inbound({ type: 'image', mediaId: 'image-1', url: 'https://pic.example/1' }),
      fromUrl.ports,
    );
    expect(fromUrl.records).toEqual([{ storageKey: base }]);

    const neither = harness({});
    const copied = await collectInboundMedia(
      inbound({ type: 'image', mediaId: 'image-1', url: 'https://pic.example/gone' }),
      neither.ports,
    );
    expect(copied).toBe(false);
    expect(neither.records).toEqual([]);
  });
});
