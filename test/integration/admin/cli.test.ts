import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../../../shared/store/apps-repository.ts';
import { getQueue } from '../../../shared/store/queues-repository.ts';
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

/** `agent add` for the app these tests register. */
function addAgent(username: string, ...flags: string[]) {
  return admin(
    'agent',
    'add',
    '--app-id',
    'wx00000000000ad111',
    '--username',
    username,
    '--password',
    'long-enough',
    ...flags,
  );
}

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
    const first = addAgent('cli-twice');
    expect(first.code).toBe(0);
    const second = addAgent('cli-twice');
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('username cli-twice is already taken');
  });

  it('sets up a merchant queue with its rules, hours and replies, and its members', async () => {
    admin(...app);
    const member = addAgent('cli-shop', '--queue', 'shop-7');
    expect(member.stderr).toContain('no such queue in these apps: shop-7');
    expect(member.code).toBe(1);

    const set = admin(
      'queue',
      'set',
      '--app-id',
      'wx00000000000ad111',
      '--queue-id',
      'shop-7',
      '--name',
      'Shop 7',
      '--session-from',
      'prefix:shop:7',
      '--hours',
      'mon-fri 09:00-18:00; sat 10:00-16:00',
      '--time-zone',
      'Europe/Berlin',
      '--welcome',
      '欢迎光临 7 号店',
      '--keyword',
      'contains:发货=>48 小时内发货',
      '--inactivity-minutes',
      '10',
    );
    expect(set.code, set.stderr).toBe(0);
    const shopApp = await getApp('wx00000000000ad111');
    if (!shopApp) throw new Error('the app is registered above');
    const queue = await getQueue(shopApp, 'shop-7');
    expect(queue).toMatchObject({
      name: 'Shop 7',
      sessionFromRules: [{ match: 'prefix', pattern: 'shop:7' }],
      businessHours: { timeZone: 'Europe/Berlin' },
      autoReplies: {
        welcome: '欢迎光临 7 号店',
        keywords: [{ match: 'contains', pattern: '发货', reply: '48 小时内发货' }],
      },
      inactivityMinutes: 10,
    });

    // A later change touches only what it names.
    expect(
      admin('queue', 'set', '--app-id', 'wx00000000000ad111', '--queue-id', 'shop-7', '--hours', 'always')
        .code,
    ).toBe(0);
    const open = await getQueue(shopApp, 'shop-7');
    expect(open?.businessHours).toBeUndefined();
    expect(open?.autoReplies.welcome).toBe('欢迎光临 7 号店');

    const agent = addAgent('cli-shop', '--queue', 'shop-7');
    expect(agent.code, agent.stderr).toBe(0);
    const listed = admin('queue', 'list', '--app-id', 'wx00000000000ad111');
    expect(listed.code, listed.stderr).toBe(0);
    const queues = JSON.parse(listed.stdout.slice(listed.stdout.indexOf('['))) as {
      queueId: string;
      memberIds: string[];
    }[];
    expect(queues.map((listedQueue) => listedQueue.queueId)).toEqual(['default', 'shop-7']);
    const shopMembers = queues.find((listedQueue) => listedQueue.queueId === 'shop-7')?.memberIds;
    expect(shopMembers).toHaveLength(1);

    const removed = admin(
      'queue',
      'member',
      'remove',
      '--app-id',
      'wx00000000000ad111',
      '--queue-id',
      'shop-7',
      '--username',
      'cli-shop',
    );
    expect(removed.code, removed.stderr).toBe(0);
    expect(removed.stdout).toContain('"memberIds": []');
  });

  it('explains a bad queue setting and changes nothing', async () => {
    admin(...app);
    const before = await system.countItems();
    const cases: [string[], string][] = [
      [['--hours', 'weekdays 9-5'], '--hours'],
      [['--hours', 'daily 09:00-18:00', '--time-zone', 'Mars/Olympus'], 'not a known IANA time zone'],
      [['--keyword', 'contains:发货'], 'MATCH:PATTERN=>REPLY'],
      [['--keyword', 'regex:([a=>x'], 'not a valid regular expression'],
      [['--session-from', 'regex:(shop)\\1'], 'backreferences (\\1, \\k<name>) are not supported'],
      [['--session-from', 'shop:12'], 'expected one of "exact"|"prefix"|"regex"'],
      [['--queue-id', 'Shop 12!'], '--queue-id'],
    ];
    for (const [flags, complaint] of cases) {
      const result = admin(
        'queue',
        'set',
        '--app-id',
        'wx00000000000ad111',
        '--queue-id',
        'shop-9',
        ...flags,
      );
      expect(result.code, flags.join(' ')).toBe(1);
      expect(result.stderr, flags.join(' ')).toContain(complaint);
    }
    expect(await system.countItems()).toBe(before);
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
