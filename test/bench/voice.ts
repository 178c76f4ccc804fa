/**
 * Voice playback in the console: what decoding WeChat's AMR in the browser costs. The console's
 * chunks as `npm run build:web` makes them (the decoder is a chunk of its own, fetched on an agent's
 * first play), and the decoder's CPU per minute of voice on the project's real recording: the first
 * decode in a fresh process (WebAssembly compiled) and the following ones. Node runs the same
 * WebAssembly module the browser does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildConsole } from '../../infra/local/console-build.ts';
import { voiceRecordings } from '../support/voice-recordings.ts';
import { type Distribution, distribution } from './stats.ts';

export interface VoiceChunk {
  file: string;
  bytes: number;
  gzipBytes: number;
}

export interface VoiceResult {
  /** The console's JavaScript chunks; the decoder's is loaded on the first play only. */
  chunks: VoiceChunk[];
  decoderChunk: VoiceChunk;
  recordingSeconds: number;
  /** CPU ms to decode a minute of voice, first decode of a fresh process (one figure per process). */
  firstDecodeMsPerMinute: Distribution;
  /** CPU ms to decode a minute of voice once the module is compiled. */
  decodeMsPerMinute: Distribution;
}

const decodeScript = `
import decode from '@audio/decode-amr';
import { readFileSync } from 'node:fs';
const bytes = readFileSync(process.argv[1]);
const rounds = Number(process.argv[2]);
const times = [];
for (let round = 0; round < rounds; round++) {
  const started = process.cpuUsage();
  const { channelData, sampleRate } = await decode(bytes);
  const used = process.cpuUsage(started);
  if (!channelData[0]?.length || sampleRate !== 8000) throw new Error('the recording did not decode');
  times.push((used.user + used.system) / 1000);
}
console.log(JSON.stringify(times));
`;

export async function measureVoice(options: { processes: number; rounds: number }): Promise<VoiceResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'voice-bench-'));
  try {
    await buildConsole(outDir);
    const assets = join(outDir, 'assets');
    const chunks = readdirSync(assets)
      .filter((file) => file.endsWith('.js'))
      .map((file) => {
        const bytes = readFileSync(join(assets, file));
        return {
          file: file.replace(/-[\w-]{8}\.js$/, '.js'),
          bytes: bytes.length,
          gzipBytes: gzipSync(bytes).length,
        };
      })
      .sort((a, b) => b.bytes - a.bytes);
    const decoderChunk = chunks.find((chunk) => chunk.file.startsWith('decode-amr'));
    if (!decoderChunk) throw new Error('the console build has no decoder chunk of its own');

    const recording = voiceRecordings.brokenCup;
    const minutes = recording.sourceSeconds / 60;
    const first: number[] = [];
    const later: number[] = [];
    for (let each = 0; each < options.processes; each++) {
      const run = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          decodeScript,
          join(import.meta.dirname, '../..', recording.path),
          String(options.rounds),
        ],
        { cwd: join(import.meta.dirname, '../..'), encoding: 'utf8' },
      );
      if (run.status !== 0) throw new Error(`decoding in a fresh process failed: ${run.stderr}`);
      const [firstMs = 0, ...rest] = JSON.parse(run.stdout) as number[];
      first.push(firstMs / minutes);
      later.push(...rest.map((ms) => ms / minutes));
    }
    return {
      chunks,
      decoderChunk,
      recordingSeconds: recording.sourceSeconds,
      firstDecodeMsPerMinute: distribution(first),
      decodeMsPerMinute: distribution(later),
    };
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}
