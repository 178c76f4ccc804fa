/**
 * The CDK app as the CLI runs it: cdk.json, infra/app.ts, the real manifest and function entries,
 * offline and without AWS credentials.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { describe, expect, it, onTestFinished } from 'vitest';
import { defaultManifest, repositoryRoot } from '../../infra/stack.ts';
import { cdkJsonContext, fixtureConsole } from './synth.ts';

/** The environment without AWS configuration or credentials: synthesis must not need them. */
function offlineEnvironment(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith('AWS_') && !key.startsWith('CDK_')) environment[key] = value;
  }
  return { ...environment, ...extra };
}

describe('cdk.json', () => {
  it('runs infra/app.ts with tsx and writes to cdk.out', () => {
    const cdkJson = JSON.parse(readFileSync(join(repositoryRoot, 'cdk.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(cdkJson.app).toBe('npx tsx infra/app.ts');
    expect(cdkJson.output).toBe('cdk.out');
  });

  it('sets every feature flag aws-cdk-lib recommends, to the recommended value', () => {
    expect(cdkJsonContext()).toEqual(CURRENTLY_RECOMMENDED_FLAGS);
  });
});

describe('infra/app.ts', () => {
  it('refuses to synthesize without a console build, and says what to do', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'wechat-cs-app-'));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: offlineEnvironment({
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ consoleAssetPath: join(tmpdir(), 'no-such-console-build') }),
      }),
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('The agent console is not built');
    expect(result.stderr).toContain('consoleAssetPath');
    rmSync(outdir, { recursive: true, force: true });
  });

  it.each([
    [{ fixedEgress: 'yes' }, 'context fixedEgress must be true or false'],
    [
      { apiCertificateArn: 'arn:aws:acm:eu-west-1:123456789012:certificate/x' },
      'apiCertificateArn goes with',
    ],
    [{ httpApiDomain: 'cs-api.example.com' }, 'apiCertificateArn goes with'],
    [{ alarmEmail: 'not an address' }, 'alarmEmail must be an e-mail address'],
  ])('refuses the production context %o with a sentence', (extra, message) => {
    const outdir = mkdtempSync(join(tmpdir(), 'wechat-cs-app-'));
    onTestFinished(() => rmSync(outdir, { recursive: true, force: true }));
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'infra/app.ts'], {
      cwd: repositoryRoot,
      encoding: 'utf8',
      env: offlineEnvironment({
        CDK_OUTDIR: outdir,
        CDK_CONTEXT_JSON: JSON.stringify({ consoleAssetPath: fixtureConsole, ...extra }),
      }),
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(message);
  });

  it('synthesizes the real functions with `cdk synth --quiet`, offline, with cdk-nag clean', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'wechat-cs-cli-'));
    onTestFinished(() => rmSync(outdir, { recursive: true, force: true }));
    const cli = join(repositoryRoot, 'node_modules/aws-cdk/bin/cdk');
    const started = Date.now();
    const result = spawnSync(
      process.execPath,
      [cli, 'synth', '--quiet', '--ci', '-o', outdir, '-c', `consoleAssetPath=${fixtureConsole}`],
      { cwd: repositoryRoot, encoding: 'utf8', env: offlineEnvironment() },
    );
    const seconds = (Date.now() - started) / 1000;
    console.info(`cdk synth --quiet took ${seconds.toFixed(1)} s`);
    expect(result.stderr).not.toMatch(/AwsSolutions-|\[Warning|feature flag/i);
    expect(result.status, result.stderr).toBe(0);

    const template = JSON.parse(readFileSync(join(outdir, 'WeChatCs.template.json'), 'utf8')) as {
      Resources: Record<string, { Type: string; Properties: Record<string, unknown> }>;
    };
    const functions = Object.values(template.Resources).filter(
      (resource) => resource.Type === 'AWS::Lambda::Function' && resource.Properties.Runtime === 'nodejs22.x',
    );
    expect(functions.map((fn) => fn.Properties.Description).sort()).toEqual(
      Object.values(defaultManifest.functions)
        .map((spec) => spec.entry)
        .sort(),
    );
    const report = JSON.parse(readFileSync(join(outdir, 'validation-report.json'), 'utf8')) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((plugin) => plugin.violations ?? [])).toEqual([]);

    // The pinned SDK is bundled: no function imports @aws-sdk from the runtime.
    for (const fn of functions) {
      const key = (fn.Properties.Code as { S3Key: string }).S3Key.replace(/\.zip$/, '');
      const bundle = readFileSync(join(outdir, `asset.${key}`, 'index.mjs'), 'utf8');
      expect(bundle).not.toMatch(/from\s*["']@aws-sdk\//);
    }
  }, 180_000);
});
