import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'vite';

const configFile = new URL('../../../web/vite.config.ts', import.meta.url).pathname;

/**
 * Builds the console exactly as `npm run build:web` does, into a folder of its own, so `npm test`
 * needs no build step first and never overwrites a developer's web/dist.
 */
export async function buildConsole(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), 'console-e2e-dist-'));
  await build({ configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true, sourcemap: false } });
  return outDir;
}
