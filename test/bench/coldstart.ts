/**
 * Cold start, per function of the manifest: the size of its bundle, built the way the CDK stack builds
 * it, and the time its module takes to initialise in a fresh Node process, each beside a baseline
 * handler that imports the same AWS SDK clients and commands and nothing else (ARCHITECTURE.md §10:
 * the SDK alone is hundreds of kilobytes, so the size that is ours is the difference).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build, type Metafile } from 'esbuild';
import ts from 'typescript';
import { loadedOnFirstUse } from '../../infra/constructs/lambda-function.ts';
import { functionEnv } from '../../shared/config/env-names.ts';
import { type Distribution, distribution } from './stats.ts';

export interface BundleFigures {
  /** Minified JavaScript, without its source map. */
  bytes: number;
  gzipBytes: number;
  /** Milliseconds from `import()` to a loaded module, one figure per fresh process. */
  initMs: Distribution;
}

export interface ColdStartFunction {
  name: string;
  entry: string;
  /** The SDK packages and what the function imports from each (the baseline imports the same). */
  sdkImports: Record<string, string[]>;
  bundle: BundleFigures;
  baseline: BundleFigures;
  deltaBytes: number;
  initRatio: number;
  meetsSizeTarget: boolean;
  meetsInitTarget: boolean;
  /**
   * Where the difference comes from: bytes of minified output by package (or project folder), the
   * function's minus the baseline's, largest first.
   */
  deltaByPackage: Array<{ source: string; bytes: number }>;
}

export interface ColdStartResult {
  esbuild: string;
  settings: string;
  processes: number;
  nodeOptions: string;
  targets: { deltaBytes: number; initRatio: number };
  functions: ColdStartFunction[];
}

export interface ColdStartOptions {
  processes: number;
  /** Restrict to these manifest names (all when empty). */
  only?: string[];
}

const projectRoot = join(import.meta.dirname, '..', '..');
const constructFile = join(projectRoot, 'infra', 'constructs', 'lambda-function.ts');
const targets = { deltaBytes: 100 * 1024, initRatio: 1.2 };

/**
 * The esbuild settings of infra/constructs/lambda-function.ts, read from that file so that a change
 * there cannot go unnoticed here: the banner is taken from it, and the settings mirrored below must
 * still be the ones it declares.
 */
function constructSettings(): { banner: string; summary: string } {
  const source = readFileSync(constructFile, 'utf8');
  const banner = /const esmRequireBanner =\s*"([^"]*)";/.exec(source)?.[1];
  const expected = [
    'minify: true',
    'sourceMap: true',
    'sourcesContent: false',
    'format: OutputFormat.ESM',
    "target: 'node22'",
    "mainFields: ['module', 'main']",
    'bundleAwsSDK: true',
    'banner: esmRequireBanner',
    'externalModules: Object.keys(loadedOnFirstUse)',
    "NODE_OPTIONS: '--enable-source-maps'",
  ];
  const missing = expected.filter((setting) => !source.includes(setting));
  if (banner === undefined || missing.length > 0) {
    throw new Error(
      `${relative(projectRoot, constructFile)} no longer bundles as test/bench/coldstart.ts assumes ` +
        `(${banner === undefined ? 'esmRequireBanner not found' : `missing: ${missing.join(', ')}`}): update the bench`,
    );
  }
  return {
    banner,
    summary:
      'esbuild bundle, platform node, format esm, target node22, minify, source map (no sources), ' +
      "mainFields module,main, AWS SDK bundled, the construct's createRequire banner, " +
      `${Object.keys(loadedOnFirstUse).join(', ')} beside the bundle (imported on first use)`,
  };
}

async function bundle(
  entry: string,
  outdir: string,
  banner: string,
): Promise<{ file: string; meta: Metafile }> {
  const file = join(outdir, 'index.mjs');
  const result = await build({
    entryPoints: [entry],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    mainFields: ['module', 'main'],
    banner: { js: banner },
    external: Object.keys(loadedOnFirstUse),
    metafile: true,
    logLevel: 'warning',
    absWorkingDir: projectRoot,
    // The baselines are written outside the project: their SDK imports resolve from its packages.
    nodePaths: [join(projectRoot, 'node_modules')],
  });
  return { file, meta: result.metafile };
}

/** The named imports from `@aws-sdk/*` of every project file the bundle took in, by package. */
function sdkImportsOf(meta: Metafile): Record<string, string[]> {
  const imports = new Map<string, Set<string>>();
  for (const input of Object.keys(meta.inputs)) {
    if (input.includes('node_modules/') || !input.endsWith('.ts')) continue;
    const source = ts.createSourceFile(
      input,
      readFileSync(join(projectRoot, input), 'utf8'),
      ts.ScriptTarget.Latest,
    );
    for (const statement of source.statements) {
      if (!ts.isImportDeclaration(statement) || statement.importClause?.isTypeOnly) continue;
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (!specifier.startsWith('@aws-sdk/')) continue;
      const names = imports.get(specifier) ?? new Set<string>();
      const bindings = statement.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) {
          if (!element.isTypeOnly) names.add((element.propertyName ?? element.name).text);
        }
      }
      imports.set(specifier, names);
    }
  }
  return Object.fromEntries(
    [...imports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([specifier, names]) => [specifier, [...names].sort()]),
  );
}

/** A handler that imports exactly these SDK bindings, keeps them (so they are not shaken out) and does nothing. */
function baselineSource(sdkImports: Record<string, string[]>): string {
  const lines: string[] = [];
  const kept: string[] = [];
  Object.entries(sdkImports).forEach(([specifier, names], index) => {
    const aliases = names.map((name) => `${name} as sdk${index}_${name}`);
    lines.push(`import { ${aliases.join(', ')} } from '${specifier}';`);
    kept.push(...names.map((name) => `sdk${index}_${name}`));
  });
  lines.push(`const sdk = [${kept.join(', ')}];`);
  lines.push('export const handler = async () => sdk.length;');
  return `${lines.join('\n')}\n`;
}

/** A bundle input's source: its package (`zod`, `@middy/core`) or its project folder (`shared/store`). */
function sourceOf(input: string): string {
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
  if (inPackage) return inPackage[1] as string;
  return input
    .split('/')
    .slice(0, input.startsWith('shared/') ? 2 : 1)
    .join('/');
}

/** Bytes of minified output by source. */
function bytesBySource(meta: Metafile, file: string): Map<string, number> {
  const output = Object.entries(meta.outputs).find(
    ([path]) => file.endsWith(path.replace(/^.*\//, '')) && path.endsWith('.mjs'),
  )?.[1];
  const bytes = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    bytes.set(sourceOf(input), (bytes.get(sourceOf(input)) ?? 0) + bytesInOutput);
  }
  return bytes;
}

function deltaBySource(
  own: Map<string, number>,
  baseline: Map<string, number>,
): ColdStartFunction['deltaByPackage'] {
  return [...new Set([...own.keys(), ...baseline.keys()])]
    .map((source) => ({ source, bytes: (own.get(source) ?? 0) - (baseline.get(source) ?? 0) }))
    .filter(({ bytes }) => bytes !== 0)
    .sort((a, b) => b.bytes - a.bytes);
}

/** What a function reads at initialisation: every variable of the registry, with harmless values. */
function functionEnvironment(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'bench',
    AWS_SECRET_ACCESS_KEY: 'bench',
    POWERTOOLS_SERVICE_NAME: 'bench',
    POWERTOOLS_METRICS_NAMESPACE: 'bench',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    // As the construct sets it for every function.
    NODE_OPTIONS: '--enable-source-maps',
  };
  for (const name of Object.values(functionEnv)) env[name] = `bench-${name.toLowerCase()}`;
  env[functionEnv.wsCallbackUrl] = 'https://example.execute-api.us-east-1.amazonaws.com/bench';
  env[functionEnv.wechatApiBase] = 'http://127.0.0.1:9';
  return env;
}

const loader = `
const started = performance.now();
await import(process.argv[1]);
process.stdout.write(String(performance.now() - started));
`;

/** One fresh process: the milliseconds `import()` of the bundle took. */
function initOnce(file: string, env: NodeJS.ProcessEnv): number {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', loader, pathToFileURL(file).href], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
  });
  const ms = Number(run.stdout);
  if (run.status !== 0 || !Number.isFinite(ms)) {
    throw new Error(`loading ${file} failed (status ${run.status}): ${run.stderr.slice(0, 500)}`);
  }
  return ms;
}

function figures(file: string, samples: number[]): BundleFigures {
  const code = readFileSync(file);
  return { bytes: statSync(file).size, gzipBytes: gzipSync(code).length, initMs: distribution(samples) };
}

export async function measureColdStart(
  manifest: Record<string, { entry: string }>,
  options: ColdStartOptions,
): Promise<ColdStartResult> {
  const { banner, summary } = constructSettings();
  const workDir = mkdtempSync(join(tmpdir(), 'wechat-cs-coldstart-'));
  try {
    const env = functionEnvironment();
    const names = Object.keys(manifest).filter(
      (name) => !options.only?.length || options.only.includes(name),
    );
    const built: Array<{
      name: string;
      entry: string;
      file: string;
      baselineFile: string;
      sdkImports: Record<string, string[]>;
      deltaByPackage: ColdStartFunction['deltaByPackage'];
    }> = [];
    for (const name of names) {
      const { entry } = manifest[name] as { entry: string };
      const outdir = join(workDir, name);
      const { file, meta } = await bundle(join(projectRoot, entry), outdir, banner);
      const sdkImports = sdkImportsOf(meta);
      const baselineEntry = join(workDir, `${name}-baseline.mjs`);
      writeFileSync(baselineEntry, baselineSource(sdkImports));
      const baseline = await bundle(baselineEntry, join(workDir, `${name}-baseline`), banner);
      built.push({
        name,
        entry,
        file,
        baselineFile: baseline.file,
        sdkImports,
        deltaByPackage: deltaBySource(bytesBySource(meta, file), bytesBySource(baseline.meta, baseline.file)),
      });
    }

    // Interleaved: every round loads each function and its baseline once, each in a fresh process.
    const samples = new Map<string, number[]>();
    for (let round = 0; round < options.processes; round++) {
      for (const item of built) {
        for (const file of [item.file, item.baselineFile]) {
          samples.set(file, [...(samples.get(file) ?? []), initOnce(file, env)]);
        }
      }
    }

    const functions = built.map((item): ColdStartFunction => {
      const own = figures(item.file, samples.get(item.file) ?? []);
      const baseline = figures(item.baselineFile, samples.get(item.baselineFile) ?? []);
      const deltaBytes = own.bytes - baseline.bytes;
      const initRatio = own.initMs.median / baseline.initMs.median;
      return {
        name: item.name,
        entry: item.entry,
        sdkImports: item.sdkImports,
        bundle: own,
        baseline,
        deltaBytes,
        initRatio,
        meetsSizeTarget: deltaBytes <= targets.deltaBytes,
        meetsInitTarget: initRatio <= targets.initRatio,
        deltaByPackage: item.deltaByPackage,
      };
    });
    const esbuildVersion = (
      JSON.parse(readFileSync(join(projectRoot, 'node_modules', 'esbuild', 'package.json'), 'utf8')) as {
        version: string;
      }
    ).version;
    return {
      esbuild: esbuildVersion,
      settings: summary,
      processes: options.processes,
      nodeOptions: '--enable-source-maps',
      targets,
      functions,
    };
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
