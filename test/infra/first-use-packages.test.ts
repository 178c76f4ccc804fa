import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LambdaFunction, loadedOnFirstUse } from '../../infra/constructs/lambda-function.ts';
import { functions } from '../../infra/manifest.ts';
import { repositoryRoot } from '../../infra/stack.ts';

/**
 * The WeChat callback bundled by the real construct: re2js (admins' patterns) is not in the bundle,
 * which imports it on first use, and travels beside it in the asset's node_modules, where Node finds it.
 */
let outdir: string;
let asset: string;

beforeAll(() => {
  outdir = mkdtempSync(join(tmpdir(), 'wechat-cs-first-use-'));
  const app = new App({ outdir });
  const stack = new Stack(app, 'FirstUse');
  new LambdaFunction(stack, 'Callback', {
    spec: functions.wechatCallback,
    projectRoot: repositoryRoot,
    logRetention: RetentionDays.ONE_WEEK,
    observability: { serviceName: 'wechat-callback', metricsNamespace: 'FirstUse', logLevel: 'INFO' },
  });
  app.synth();
  const assets = readdirSync(outdir).filter((name) => name.startsWith('asset.'));
  const found = assets.find((name) => existsSync(join(outdir, name, 'index.mjs')));
  if (!found) throw new Error(`no bundled function among ${assets.join(', ')}`);
  asset = join(outdir, found);
}, 120_000);

afterAll(() => {
  rmSync(outdir, { recursive: true, force: true });
});

describe('packages loaded on first use', () => {
  it('leaves re2js out of the bundle, which imports it only when a pattern is first matched', () => {
    const bundle = readFileSync(join(asset, 'index.mjs'), 'utf8');
    expect(bundle).not.toContain('RE2JS is the JavaScript port of RE2');
    expect(bundle).toMatch(/import\(\s*["']re2js["']\s*\)/);
  });

  it('ships re2js beside the bundle as installed, where Node resolves it and it matches', () => {
    for (const [name, files] of Object.entries(loadedOnFirstUse)) {
      for (const file of files) {
        expect(readFileSync(join(asset, 'node_modules', name, file))).toEqual(
          readFileSync(join(repositoryRoot, 'node_modules', name, file)),
        );
      }
    }
    const matched = execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        "const { RE2JS } = await import('re2js'); console.log(RE2JS.compile('退.?货').matcher('我想退货了').find())",
      ],
      { cwd: asset, encoding: 'utf8' },
    );
    expect(matched.trim()).toBe('true');
  });
});
