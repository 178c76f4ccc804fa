import { afterEach, describe, expect, it } from 'vitest';
import { checkVoice } from '../../../shared/domain/voice-video-upload.ts';
import { setLocale } from '../../../web/src/i18n.ts';
import { outgoingContentOf } from '../../../web/src/outgoing-content.ts';
import { checkVoiceOrVideo } from '../../../web/src/voice-video-limits.ts';
import { onePixelPng } from '../../support/pictures.ts';
import { amrVoice, mp3Voice, mp4Video } from '../../support/voice-video-files.ts';

afterEach(() => setLocale('en', false));

const file = (bytes: Buffer, type = '') => new Blob([new Uint8Array(bytes)], { type });

describe("the console's check of a voice or video before it is uploaded", () => {
  it('reads the same length from the frames as the server does', async () => {
    for (const voice of [amrVoice(1500), amrVoice(60_000), mp3Voice(1), mp3Voice(700)]) {
      const server = checkVoice(voice);
      expect(await checkVoiceOrVideo('voice', file(voice))).toEqual({
        ok: true,
        durationMs: 'durationMs' in server ? server.durationMs : 'server refused',
      });
    }
  });

  it('says in Chinese why a voice cannot be sent: too long, not AMR or MP3, too large, empty', async () => {
    setLocale('zh-CN', false);
    expect(await checkVoiceOrVideo('voice', file(amrVoice(61_000)))).toEqual({
      ok: false,
      problem: '语音时长 61 秒，微信最多接受 60 秒。',
    });
    expect(await checkVoiceOrVideo('voice', file(onePixelPng, 'audio/mpeg'))).toEqual({
      ok: false,
      problem: '只能发送 AMR 和 MP3 语音。',
    });
    expect(await checkVoiceOrVideo('voice', file(Buffer.alloc(2 * 1024 * 1024 + 1)))).toEqual({
      ok: false,
      problem: '语音大小为 2.0 MB，微信最多接受 2 MB。',
    });
    expect(await checkVoiceOrVideo('voice', file(Buffer.alloc(0)))).toEqual({
      ok: false,
      problem: '文件是空的。',
    });
  });

  it('takes an MP4 video and refuses other bytes or one over the upload limit, in English too', async () => {
    expect(await checkVoiceOrVideo('video', file(mp4Video()))).toEqual({ ok: true });
    expect(await checkVoiceOrVideo('video', file(amrVoice(100)))).toEqual({
      ok: false,
      problem: 'Only MP4 videos can be sent.',
    });
    // WeChat's own limit: a video of 6 MB goes through an upload link rather than being refused.
    expect(await checkVoiceOrVideo('video', file(mp4Video(6 * 1024 * 1024)))).toEqual({ ok: true });
    const tooLarge = await checkVoiceOrVideo('video', file(mp4Video(10 * 1024 * 1024 + 1)));
    expect(tooLarge).toMatchObject({
      ok: false,
      problem: 'The video is 10.0 MB; WeChat accepts at most 10 MB.',
    });
  });
});

describe('sending a voice or video again', () => {
  it('reuses our stored copy, without the fields the server added', () => {
    expect(
      outgoingContentOf({ type: 'voice', storageKey: 'uploads/w/1', durationMs: 1200, format: 'amr' }),
    ).toEqual({ type: 'voice', storageKey: 'uploads/w/1' });
    expect(
      outgoingContentOf({ type: 'video', storageKey: 'uploads/w/2', title: '演示', mediaId: 'm' }),
    ).toEqual({
      type: 'video',
      storageKey: 'uploads/w/2',
      title: '演示',
    });
    expect(outgoingContentOf({ type: 'voice', mediaId: 'from-a-customer' })).toBeUndefined();
  });
});
