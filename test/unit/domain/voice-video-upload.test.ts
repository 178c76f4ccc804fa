import { describe, expect, it } from 'vitest';
import {
  checkVideo,
  checkVoice,
  videoLimits,
  voiceLimits,
} from '../../../shared/domain/voice-video-upload.ts';
import { onePixelPng } from '../../support/pictures.ts';
import { amrVoice, mp3DurationMs, mp3Voice, mp4Video } from '../../support/voice-video-files.ts';

describe('checkVoice', () => {
  it('reads an AMR file’s length from its 20 ms frames', () => {
    expect(checkVoice(amrVoice(1500))).toEqual({ contentType: 'audio/amr', durationMs: 1500 });
    expect(checkVoice(amrVoice(60_000))).toEqual({ contentType: 'audio/amr', durationMs: 60_000 });
  });

  it('counts frames of every AMR mode by their own length', () => {
    // Mode 0 (4.75 kbit/s, 13 bytes), a SID frame (6 bytes) and a NO_DATA frame (1 byte).
    const frames = [
      Buffer.from([0x04, ...Array(12).fill(0)]),
      Buffer.from([0x44, 0, 0, 0, 0, 0]),
      Buffer.from([0x7c]),
    ];
    expect(checkVoice(Buffer.concat([Buffer.from('#!AMR\n'), ...frames]))).toEqual({
      contentType: 'audio/amr',
      durationMs: 60,
    });
  });

  it('refuses an AMR voice over 60 s, saying how long it is', () => {
    expect(checkVoice(amrVoice(60_020))).toEqual({ problem: 'tooLong', durationMs: 60_020 });
  });

  it('reads an MP3 file’s length from its frame headers, after an ID3 tag', () => {
    expect(checkVoice(mp3Voice(100))).toEqual({ contentType: 'audio/mpeg', durationMs: mp3DurationMs(100) });
    expect(mp3DurationMs(100)).toBe(2612);
  });

  it('refuses an MP3 voice over 60 s', () => {
    expect(checkVoice(mp3Voice(2300))).toEqual({ problem: 'tooLong', durationMs: mp3DurationMs(2300) });
  });

  it('refuses what is not AMR or MP3 by its bytes, whatever it is called', () => {
    expect(checkVoice(onePixelPng)).toEqual({ problem: 'format' });
    expect(checkVoice(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toEqual({ problem: 'format' });
    // AMR-WB is another format, which WeChat does not list.
    expect(checkVoice(Buffer.from('#!AMR-WB\n\0\0\0'))).toEqual({ problem: 'format' });
    // A truncated frame is not AMR.
    expect(checkVoice(amrVoice(40).subarray(0, 40))).toEqual({ problem: 'format' });
  });

  it('refuses an empty file and one over 2 MB before reading it', () => {
    expect(checkVoice(Buffer.alloc(0))).toEqual({ problem: 'empty' });
    const big = Buffer.concat([Buffer.from('#!AMR\n'), Buffer.alloc(voiceLimits.maxBytes)]);
    expect(checkVoice(big)).toEqual({
      problem: 'tooLarge',
      bytes: big.length,
      maxBytes: voiceLimits.maxBytes,
    });
  });
});

describe('checkVideo', () => {
  it('takes an MP4 by its ftyp box', () => {
    expect(checkVideo(mp4Video())).toEqual({ contentType: 'video/mp4' });
  });

  it('refuses other bytes, an empty file and one over the upload limit', () => {
    expect(checkVideo(amrVoice(20))).toEqual({ problem: 'format' });
    expect(checkVideo(Buffer.from('\x1aE\xdf\xa3webm'))).toEqual({ problem: 'format' });
    expect(checkVideo(Buffer.alloc(0))).toEqual({ problem: 'empty' });
    const big = mp4Video(videoLimits.maxBytes + 1);
    expect(checkVideo(big)).toEqual({
      problem: 'tooLarge',
      bytes: big.length,
      maxBytes: videoLimits.maxBytes,
    });
  });
});
