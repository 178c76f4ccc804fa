import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getApp } from '../../../shared/store/apps-repository.ts';
import { getQueue } from '../../../shared/store/queues-repository.ts';
import { runScript, type ScriptRun } from '../../support/run-script.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

const repositoryRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
let system: TestSystem;
let dataDir: string;

/** Runs `npm run admin -- …` as an operator would, against the runtime this test started. */
function admin(...args: string[]) {
  return adminWithInput('', ...args);
}

/** The same, with what the operator pipes in (a password for `--password-stdin`). */
function adminWithInput(input: string, ...args: string[]) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', 'infra/admin/cli.ts', ...args, '--data-dir', dataDir],
    {
      cwd: repositoryRoot,
      encoding: 'utf8',
      input,
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
      consoleUrl: 'http://console.test:3002',
    }),
  );
});

afterAll(async () => {
  await system?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

/**
 * The same without blocking this process (where the runtime lives): its servers go on answering, and
 * no connection goes stale while the CLI runs.
 */
function cli(input: string, ...args: string[]): Promise<ScriptRun> {
  return runScript('infra/admin/cli.ts', [...args, '--data-dir', dataDir], input);
}

/** `agent add` for the app these tests register, the initial password piped in. */
function addAgent(username: string, ...flags: string[]) {
  return adminWithInput(
    'long-enough\n',
    'agent',
    'add',
    '--app-id',
    'wx00000000000ad111',
    '--username',
    username,
    '--password-stdin',
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

    const agent = adminWithInput(
      'a-long-password\n',
      'agent',
      'add',
      '--app-id',
      'wx00000000000ad111',
      '--username',
      'cli-alice',
      '--password-stdin',
    );
    expect(agent.code, agent.stderr).toBe(0);
    expect(agent.stdout).not.toContain('a-long-password');
    // A password typed for someone else is an initial one: signed in, they must first choose their own.
    const login = await system.login('cli-alice', 'a-long-password');
    expect(login.status).toBe(200);
    expect(await login.json()).toMatchObject({ mustChangePassword: true });
  });

  it('never takes a password as an argument, and needs a terminal or standard input for one', async () => {
    const before = await system.countItems();
    const argument = admin(
      'agent',
      'add',
      '--app-id',
      'wx00000000000ad111',
      '--username',
      'cli-argv',
      '--password',
      'a-long-password',
    );
    expect(argument.code).toBe(1);
    expect(argument.stderr).toContain('--password is not accepted');
    const noTerminal = admin('agent', 'add', '--app-id', 'wx00000000000ad111', '--username', 'cli-argv');
    expect(noTerminal.code).toBe(1);
    expect(noTerminal.stderr).toContain('--password-stdin');
    const short = adminWithInput(
      'short\n',
      'agent',
      'add',
      '--app-id',
      'wx00000000000ad111',
      '--username',
      'cli-argv',
      '--password-stdin',
    );
    expect(short.stderr).toContain('--password-stdin: at least 8 characters');
    expect(await system.countItems()).toBe(before);
  });

  it('explains bad arguments and changes nothing', async () => {
    const before = await system.countItems();
    const bad = admin('app', 'add', '--app-id', 'not-an-app', '--type', 'robot', '--format', 'json');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--app-id: a WeChat AppID is "wx" followed by 16 hex digits');
    expect(bad.stderr).toContain('--type');
    const officialJson = admin(...app.slice(0, 5), 'official-account', ...app.slice(6));
    expect(officialJson.stderr).toContain('Official Accounts only push XML');
    const noSuchApp = adminWithInput(
      'long-enough\n',
      'agent',
      'add',
      '--app-id',
      'wx0000000000000bad',
      '--username',
      'bob',
      '--password-stdin',
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

    // Response-time targets: each flag changes its own, an empty one removes it, a bad one is explained.
    const shop = ['queue', 'set', '--app-id', 'wx00000000000ad111', '--queue-id', 'shop-7'];
    expect(admin(...shop, '--first-response-minutes', '5', '--next-response-minutes', '15').code).toBe(0);
    expect(admin(...shop, '--first-response-minutes', '').code).toBe(0);
    expect((await getQueue(shopApp, 'shop-7'))?.responseTargets).toEqual({ nextResponseMinutes: 15 });
    const badTarget = admin(...shop, '--next-response-minutes', '1441');
    expect(badTarget.code).toBe(1);
    expect(badTarget.stderr).toContain(
      '--next-response-minutes: the next-response target is a whole number of minutes from 1 to 1440',
    );
    expect((await getQueue(shopApp, 'shop-7'))?.responseTargets).toEqual({ nextResponseMinutes: 15 });
    // The rule reassigning unanswered conversations sits beside the targets.
    expect(admin(...shop, '--reassign-after-minutes', '5').code).toBe(0);
    expect((await getQueue(shopApp, 'shop-7'))?.responseTargets).toEqual({
      nextResponseMinutes: 15,
      reassignAfterMinutes: 5,
    });
    const badRule = admin(...shop, '--reassign-after-minutes', '121');
    expect(badRule.code).toBe(1);
    expect(badRule.stderr).toContain(
      '--reassign-after-minutes: a conversation is reassigned after a whole number of minutes from 1 to 120 without an answer',
    );
    expect(admin(...shop, '--reassign-after-minutes', '').code).toBe(0);
    expect((await getQueue(shopApp, 'shop-7'))?.responseTargets).toEqual({ nextResponseMinutes: 15 });

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
  }, 90_000);

  it("routes an Official Account's QR scenes and menu keys as the operator sets them", async () => {
    const account = ['--app-id', 'wx00000000000ad222'];
    const added = admin(
      'app',
      'add',
      ...account,
      '--type',
      'official-account',
      '--token',
      'CliToken123',
      '--secret',
      'abcdef0123456789abcdef0123456789',
      '--format',
      'xml',
    );
    expect(added.code, added.stderr).toBe(0);
    const scenes = admin('queue', 'set', ...account, '--queue-id', 'store-a', '--qr-scene', 'exact:store-a');
    expect(scenes.code, scenes.stderr).toBe(0);
    const keys = admin(
      'app',
      'set',
      ...account,
      '--menu-key',
      'contact:CONTACT_KF=>您好，客服马上就来。',
      '--menu-key',
      'reply:HOURS=>每天 9:00–18:00',
    );
    expect(keys.code, keys.stderr).toBe(0);
    const stored = await getApp('wx00000000000ad222');
    expect(stored?.menuKeys).toEqual([
      { action: 'contact', key: 'CONTACT_KF', reply: '您好，客服马上就来。' },
      { action: 'reply', key: 'HOURS', reply: '每天 9:00–18:00' },
    ]);
    if (!stored) throw new Error('the app is registered above');
    expect((await getQueue(stored, 'store-a'))?.qrSceneRules).toEqual([
      { match: 'exact', pattern: 'store-a' },
    ]);

    const before = await system.countItems();
    for (const [flag, complaint] of [
      ['HOURS', 'write it as contact:KEY or reply:KEY=>TEXT'],
      ['reply:HOURS', 'a reply key needs its reply text'],
      ['call:CONTACT_KF', 'expected one of "contact"|"reply"'],
    ]) {
      const refused = admin('app', 'set', ...account, '--menu-key', flag as string);
      expect(refused.code, flag).toBe(1);
      expect(refused.stderr, flag).toContain(complaint);
    }
    const onDefault = admin('queue', 'set', ...account, '--queue-id', 'default', '--qr-scene', 'exact:x');
    expect(onDefault.code).toBe(1);
    expect(onDefault.stderr).toContain('it has no rules');
    expect(await system.countItems()).toBe(before);

    expect(admin('app', 'set', ...account, '--menu-key', 'none').code).toBe(0);
    expect((await getApp('wx00000000000ad222'))?.menuKeys).toBeUndefined();
  }, 90_000);

  it('creates a workspace with its owner, who signs in with the password piped in', async () => {
    const created = await cli(
      'owner-password-1\n',
      'workspace',
      'add',
      '--workspace',
      'acme-cli',
      '--owner',
      'cli-owner',
      '--password-stdin',
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('"role": "owner"');
    expect(created.stdout).not.toContain('owner-password-1');
    const login = await system.login('cli-owner', 'owner-password-1');
    expect(login.status).toBe(200);
    const { token, mustChangePassword } = (await login.json()) as {
      token: string;
      mustChangePassword: boolean;
    };
    expect(mustChangePassword).toBe(false);
    expect((await system.request(token, 'GET', '/api/admin/apps')).status).toBe(200);
    expect((await system.request(token, 'GET', '/api/admin/audit')).status).toBe(200);

    const again = await cli(
      'owner-password-1\n',
      'workspace',
      'add',
      '--workspace',
      'acme-cli',
      '--owner',
      'cli-owner-2',
      '--password-stdin',
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('workspace acme-cli already exists');
  }, 90_000);

  it('invites, lists, changes, resets, disables and enables agents like the console', async () => {
    await cli('', ...app);
    const invited = await cli(
      '',
      'agent',
      'add',
      '--app-id',
      'wx00000000000ad111',
      '--username',
      'cli-invited',
      '--invite',
    );
    expect(invited.code, invited.stderr).toBe(0);
    const { invitation, agent } = JSON.parse(invited.stdout.slice(invited.stdout.indexOf('{'))) as {
      invitation: { token: string; link: string };
      agent: { agentId: string };
    };
    expect(invitation.link).toBe(`http://console.test:3002/#invitation=${invitation.token}`);
    const accepted = await fetch(`${system.runtime.httpUrl}/api/auth/invitations/${invitation.token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ password: 'invited-chose-this' }),
    });
    expect(accepted.status).toBe(200);

    const set = await cli(
      '',
      'agent',
      'set',
      '--username',
      'cli-invited',
      '--capacity',
      '7',
      '--display-name',
      'Invitee',
    );
    expect(set.code, set.stderr).toBe(0);
    const listed = await cli('', 'agent', 'list');
    expect(listed.code, listed.stderr).toBe(0);
    const agents = JSON.parse(listed.stdout.slice(listed.stdout.indexOf('['))) as {
      agentId: string;
      capacity: number;
      displayName: string;
    }[];
    expect(agents.find((each) => each.agentId === agent.agentId)).toMatchObject({
      capacity: 7,
      displayName: 'Invitee',
    });

    const reset = await cli(
      'operator-set-1\n',
      'agent',
      'reset-password',
      '--username',
      'cli-invited',
      '--password-stdin',
    );
    expect(reset.code, reset.stderr).toBe(0);
    expect((await system.login('cli-invited', 'invited-chose-this')).status).toBe(401);
    const afterReset = await system.login('cli-invited', 'operator-set-1');
    expect(await afterReset.json()).toMatchObject({ mustChangePassword: true });

    expect((await cli('', 'agent', 'disable', '--username', 'cli-invited')).code).toBe(0);
    expect((await system.login('cli-invited', 'operator-set-1')).status).toBe(401);
    expect((await cli('', 'agent', 'enable', '--username', 'cli-invited')).code).toBe(0);
    expect((await system.login('cli-invited', 'operator-set-1')).status).toBe(200);
    const nobody = await cli('', 'agent', 'disable', '--username', 'cli-nobody');
    expect(nobody.code).toBe(1);
    expect(nobody.stderr).toContain('no agent named cli-nobody');
  }, 90_000);

  it('deletes a queue, moving its line to the default queue', async () => {
    await cli('', ...app);
    expect(
      (await cli('', 'queue', 'set', '--app-id', 'wx00000000000ad111', '--queue-id', 'to-go')).code,
    ).toBe(0);
    const deleted = await cli('', 'queue', 'delete', '--app-id', 'wx00000000000ad111', '--queue-id', 'to-go');
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain('"deleted": "to-go"');
    const refused = await cli(
      '',
      'queue',
      'delete',
      '--app-id',
      'wx00000000000ad111',
      '--queue-id',
      'default',
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('the default queue cannot be deleted');
  }, 90_000);

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

  it('upgrade brings the stored items up to this version, and says there was nothing to do the second time', async () => {
    const first = await cli('', 'upgrade');
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('upgrade on');
    expect(JSON.parse(first.stdout.slice(first.stdout.indexOf('{')))).toHaveProperty(
      'conversationsListedInServingIndex',
    );
    const again = await cli('', 'upgrade');
    expect(JSON.parse(again.stdout.slice(again.stdout.indexOf('{')))).toEqual({
      conversationsListedInServingIndex: 0,
    });
  });
});
