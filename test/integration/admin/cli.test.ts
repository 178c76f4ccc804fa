import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../../../shared/store/apps-repository.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

const repositoryRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
let system: TestSystem;
let dataDir: string;

/** Runs `npm run admin -- …` as an operator would, against the runtime this test started. */
function admin(...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'infra/admin/cli.ts', ...args, '--data-dir', dataDir],
    {
      cwd: repositoryRoot,
      encoding: 'utf8',
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(async () => {
  system = await startSystem();
  dataDir = await mkdtemp(join(tmpdir(), 'admin-cli-'));
  await writeFile(
    join(dataDir, 'runtime.json'),
    JSON.stringify({
      dynamodbEndpoint: system.runtime.dynamodbEndpoint,
      tableNames: system.runtime.tableNames,
    }),
  );
});

afterAll(async () => {
  await system?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('admin CLI', () => {
  const app = [
    'app',
    'add',
    '--app-id',
    'wx00000000000ad111',
    '--type',
    'miniprogram',
    '--token',
    'CliToken123',
    '--aes-key',
    'A'.repeat(43),
    '--secret',
    'abcdef0123456789abcdef0123456789',
    '--format',
    'json',
  ];

  it('registers an app without printing its secrets, and an agent who can then sign in', async () => {
    const added = admin(...app);
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).toContain('"appId": "wx00000000000ad111"');
    for (const secret of ['CliToken123', 'A'.repeat(43), 'abcdef0123456789abcdef0123456789']) {
      expect(added.stdout + added.stderr).not.toContain(secret);
    }
    expect(await getApp('wx00000000000ad111')).toMatchObject({ token: 'CliToken123', format: 'json' });

    const agent = admin(
      'agent',
      'add',
      '--app-id',
      'wx00000000000ad111',
      '--username',
      'cli-alice',
      '--password',
      'a-long-password',
    );
    expect(agent.code, agent.stderr).toBe(0);
    expect(agent.stdout).not.toContain('a-long-password');
    expect((await system.login('cli-alice', 'a-long-password')).status).toBe(200);
  });

  it('explains bad arguments and changes nothing', async () => {
    const before = await system.countItems();
    const bad = admin('app', 'add', '--app-id', 'not-an-app', '--type', 'robot', '--format', 'json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--app-id: a WeChat AppID is "wx" followed by 16 hex digits');
    expect(bad.stderr).toContain('--type');
    const officialJson = admin(...app.slice(0, 5), 'official-account', ...app.slice(6));
    expect(officialJson.stderr).toContain('Official Accounts only push XML');
    const noSuchApp = admin(
      'agent',
      'add',
      '--app-id',
      'wx0000000000000bad',
      '--username',
      'bob',
      '--password',
      'long-enough',
    );
    expect(noSuchApp.stderr).toContain('no such app: wx0000000000000bad');
    expect(await system.countItems()).toBe(before);
  });

  it('refuses a taken username', () => {
    admin(...app);
    const first = admin(
      'agent',
      'add',
      '--app-id',
      'wx00000000000ad111',
      '--username',
      'cli-twice',
      '--password',
      'long-enough',
    );
    expect(first.code).toBe(0);
    const second = admin(
      'agent',
      'add',
      '--app-id',
      'wx00000000000ad111',
      '--username',
      'cli-twice',
      '--password',
      'long-enough',
    );
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('username cli-twice is already taken');
  });

  it('says how to start the runtime when none is running', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'admin-cli-empty-'));
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', 'infra/admin/cli.ts', ...app, '--data-dir', empty],
      {
        cwd: repositoryRoot,
        encoding: 'utf8',
      },
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('start the local runtime with `npm start` first');
    await rm(empty, { recursive: true, force: true });
  });
});
