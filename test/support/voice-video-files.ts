/**
 * Small real voice and video files, built byte by byte: AMR narrowband (`#!AMR\n` and 20 ms frames
 * of mode 12.2 kbit/s, 32 bytes each), MP3 (MPEG-1 Layer III frames of 128 kbit/s at 44.1 kHz, 417
 * bytes and 1152 samples each) and the opening `ftyp` box of an MP4.
 */

/** An AMR file of `durationMs` (a multiple of 20 ms): 1.6 KB a second. */
export function amrVoice(durationMs: number): Buffer {
  const frame = Buffer.alloc(32);
  frame[0] = 0x3c; // frame type 7 (12.2 kbit/s), quality bit set
  return Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), ...Array(durationMs / 20).fill(frame)]);
}

/** An MP3 file of `frames` frames (26.12 ms each), behind an ID3v2 tag as most encoders write one. */
export function mp3Voice(frames: number): Buffer {
  const tag = Buffer.from([0x49, 0x44, 0x33, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, ...Array(10).fill(0)]);
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  return Buffer.concat([tag, ...Array(frames).fill(frame)]);
}

/** The length of an MP3 of that many frames of mp3Voice, in ms. */
export const mp3DurationMs = (frames: number) => Math.round((frames * 1152 * 1000) / 44100);

/** An MP4 file's opening: its `ftyp` box (brand isom), then an empty `mdat`, padded to `size` bytes. */
export function mp4Video(size = 2048): Buffer {
  const ftyp = Buffer.alloc(24);
  ftyp.writeUInt32BE(24, 0);
  ftyp.write('ftypisom', 4, 'latin1');
  ftyp.write('isomiso2', 16, 'latin1');
  const mdat = Buffer.alloc(Math.max(8, size - 24));
  mdat.writeUInt32BE(mdat.length, 0);
  mdat.write('mdat', 4, 'latin1');
  return Buffer.concat([ftyp, mdat]);
}
