/**
 * What each function's bundle carries of the two libraries that cost cold starts most
 * (`npm run bench -- --only coldstart` measures the cost; see docs/benchmarks.md):
 *
 * - zod only in the functions that validate what clients send: `api` and `adminApi` (bodies,
 *   queries, paths) and `wsMessage` (socket frames). Schemas live in files of their own (the domain's in `*-schema.ts`)
 *   or beside the workflows that take the input, so a module the other functions need never builds
 *   one.
 * - re2js only in the functions where an admin's regular expression may be checked or run:
 *   `adminApi` (queue settings are checked), `wechatCallback` (SessionFrom rules), `dispatch` and
 *   `redriveStream` (keyword rules of automatic replies); and there only behind a dynamic import
 *   (shared/domain/admin-pattern.ts), so that it is evaluated on the first pattern, not at start.
 *
 * - of zod, only what the schemas use: zod/mini imported as a namespace (`import * as z`), so that
 *   the bundler drops what is not called. The named `z` export is the whole library as one object,
 *   every locale of zod's error messages and its JSON Schema conversion included (about 400 KB).
 *
 * Bundled as the stack bundles (esbuild, ESM, minified, so unused code is dropped as it is there).
 */
import { join } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { functions } from '../../../infra/manifest.ts';
import { repositoryRoot } from './sources.ts';

const validatingInput = ['api', 'adminApi', 'wsMessage'];
const runningAdminPatterns = ['adminApi', 'wechatCallback', 'dispatch', 'redriveStream'];

async function metafileOf(entry: string): Promise<Metafile> {
  const result = await build({
    entryPoints: [join(repositoryRoot, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    mainFields: ['module', 'main'],
    write: false,
    outfile: 'index.mjs',
    metafile: true,
    logLevel: 'silent',
    absWorkingDir: repositoryRoot,
  });
  return result.metafile;
}

function inPackage(input: string, name: string): boolean {
  return input.includes(`node_modules/${name}/`);
}

/** The packages of which the bundle's output holds any code. */
function packagesInOutput(meta: Metafile, names: readonly string[]): string[] {
  const output = Object.values(meta.outputs)[0];
  return names.filter((name) =>
    Object.entries(output?.inputs ?? {}).some(
      ([input, { bytesInOutput }]) => inPackage(input, name) && bytesInOutput > 0,
    ),
  );
}

/** How the bundle's own modules import the package: `import-statement`, `dynamic-import`, … */
function importKinds(meta: Metafile, name: string): string[] {
  const kinds = Object.entries(meta.inputs)
    .filter(([input]) => !input.includes('node_modules/'))
    .flatMap(([, { imports }]) => imports.filter((imported) => inPackage(imported.path, name)))
    .map((imported) => imported.kind);
  return [...new Set(kinds)].sort();
}

describe('bundle contents', () => {
  const names = Object.keys(functions) as (keyof typeof functions)[];
  const metafiles = Promise.all(names.map((name) => metafileOf(functions[name].entry)));

  it('carry zod only where input is validated, re2js only where admin patterns run', async () => {
    const carried = Object.fromEntries(
      (await metafiles).map((meta, index) => [names[index], packagesInOutput(meta, ['zod', 're2js'])]),
    );
    const expected = Object.fromEntries(
      names.map((name) => [
        name,
        [
          ...(validatingInput.includes(name) ? ['zod'] : []),
          ...(runningAdminPatterns.includes(name) ? ['re2js'] : []),
        ],
      ]),
    );
    expect(carried).toEqual(expected);
  }, 60_000);

  it('load re2js only by a dynamic import', async () => {
    for (const [index, meta] of (await metafiles).entries()) {
      const kinds = importKinds(meta, 're2js');
      expect(
        kinds.filter((kind) => kind !== 'dynamic-import'),
        names[index],
      ).toEqual([]);
    }
  }, 60_000);

  it('carry no zod locale but English, nor its JSON Schema conversion', async () => {
    for (const [index, meta] of (await metafiles).entries()) {
      const output = Object.values(meta.outputs)[0];
      const unused = Object.entries(output?.inputs ?? {})
        .filter(([input, { bytesInOutput }]) => inPackage(input, 'zod') && bytesInOutput > 0)
        .map(([input]) => input.replace(/.*node_modules\/zod\//, ''))
        .filter((input) => /locales\/(?!en\.js|index\.js)|json-schema/.test(input));
      expect(unused, names[index]).toEqual([]);
    }
  }, 60_000);
});
