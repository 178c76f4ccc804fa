import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureQueue } from '../../../shared/admin/queue-registration.ts';
import type { QuickReply, QuickReplyBook } from '../../../shared/domain/quick-reply.ts';
import { runScript, type ScriptRun } from '../../support/run-script.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../../support/system.ts';

/**
 * `npm run admin -- quick-reply add|list|remove` as an operator runs it, against the runtime this test
 * starts: each of the three sets, what agents then see over HTTP, and bad arguments changing nothing.
 */

let system: TestSystem;
let dataDir: string;
let app: TestApp;
let agent: TestAgent;

/**
 * Runs the CLI without blocking this process (where the runtime lives), so its servers go on
 * answering while the CLI runs.
 */
function cli(...args: string[]): Promise<ScriptRun> {
  return runScript('infra/admin/cli.ts', [...args, '--data-dir', dataDir]);
}

/** The JSON the CLI prints after its first line. */
function printed<T>(stdout: string): T {
  return JSON.parse(stdout.slice(stdout.indexOf('\n') + 1)) as T;
}

beforeAll(async () => {
  system = await startSystem();
  dataDir = await mkdtemp(join(tmpdir(), 'quick-reply-cli-'));
  await writeFile(
    join(dataDir, 'runtime.json'),
    JSON.stringify({
      dynamodbEndpoint: system.runtime.dynamodbEndpoint,
      tableNames: system.runtime.tableNames,
    }),
  );
  app = await system.addApp({ workspaceId: 'cli-quick' });
  await configureQueue({ appId: app.appId, queueId: 'shop-7', name: 'Shop 7' });
  agent = await system.addAgent([app.appId], { queueIds: ['shop-7'] });
});

afterAll(async () => {
  await system?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('admin CLI: quick replies', () => {
  it('adds to, lists and removes from the workspace’s, a queue’s and an agent’s own set', async () => {
    const sets = [
      ['--workspace', 'cli-quick'],
      ['--app-id', app.appId, '--queue-id', 'shop-7'],
      ['--username', agent.username],
    ];
    const added: QuickReply[] = [];
    for (const [index, set] of sets.entries()) {
      const result = await cli(
        'quick-reply',
        'add',
        ...set,
        '--title',
        `标题${index}`,
        '--text',
        `您好，{客户}（${index}）`,
      );
      expect(result.code, result.stderr).toBe(0);
      added.push(printed<QuickReply>(result.stdout));
    }
    expect(added.map((reply) => reply.scope)).toEqual([
      { kind: 'workspace' },
      { kind: 'queue', appId: app.appId, queueId: 'shop-7' },
      { kind: 'personal', agentId: agent.agentId },
    ]);
    expect(added.every((reply) => reply.workspaceId === 'cli-quick')).toBe(true);

    for (const [index, set] of sets.entries()) {
      const listed = await cli('quick-reply', 'list', ...(set as string[]));
      expect(listed.code, listed.stderr).toBe(0);
      expect(printed<QuickReply[]>(listed.stdout).map((reply) => reply.title)).toEqual([`标题${index}`]);
    }
    // The agent uses all three in the console.
    const seen = await system.request<QuickReplyBook>(agent.token, 'GET', '/api/quick-replies');
    expect(seen.body.quickReplies.map((reply) => reply.quickReplyId).sort()).toEqual(
      added.map((reply) => reply.quickReplyId).sort(),
    );

    for (const reply of added) {
      const removed = await cli('quick-reply', 'remove', '--id', reply.quickReplyId);
      expect(removed.code, removed.stderr).toBe(0);
      expect(printed(removed.stdout)).toEqual({ deleted: reply.quickReplyId });
    }
    const empty = await system.request<QuickReplyBook>(agent.token, 'GET', '/api/quick-replies');
    expect(empty.body.quickReplies).toEqual([]);
    const again = await cli('quick-reply', 'remove', '--id', added[0]?.quickReplyId ?? '');
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`no quick reply ${added[0]?.quickReplyId}`);
  }, 180_000);

  it('adds a saved menu: the text is its question', async () => {
    const result = await cli(
      'quick-reply',
      'add',
      '--workspace',
      'cli-quick',
      '--title',
      '咨询菜单',
      '--text',
      '您想咨询：',
      '--menu-option',
      'order=订单',
      '--menu-option',
      'human=人工',
      '--menu-tail',
      '点击即可',
    );
    expect(result.code, result.stderr).toBe(0);
    const reply = printed<QuickReply>(result.stdout);
    expect(reply).toMatchObject({
      text: '您想咨询：',
      menu: {
        options: [
          { id: 'order', text: '订单' },
          { id: 'human', text: '人工' },
        ],
        tail: '点击即可',
      },
    });
    expect((await cli('quick-reply', 'remove', '--id', reply.quickReplyId)).code).toBe(0);
  }, 180_000);

  it('explains bad arguments and changes nothing', async () => {
    const before = await system.countItems();
    const cases: [string[], string][] = [
      [['add', '--workspace', 'cli-quick'], '--text'],
      [['add', '--workspace', 'cli-quick', '--text', '   '], '--text: the text is empty'],
      [
        ['add', '--workspace', 'cli-quick', '--text', '好'.repeat(700)],
        'more than WeChat sends as one message',
      ],
      [
        ['add', '--username', agent.username, '--app-id', app.appId, '--text', 'x'],
        'give one of --workspace',
      ],
      [['add', '--app-id', 'wx-nope', '--queue-id', 'shop-7', '--text', 'x'], '--app-id'],
      [['add', '--app-id', app.appId, '--queue-id', 'no-such', '--text', 'x'], 'no queue no-such'],
      [['add', '--username', 'nobody-here', '--text', 'x'], 'no agent named nobody-here'],
      [['remove', '--id', 'not-an-id'], '--id'],
      [['add', '--workspace', 'cli-quick', '--text', '问题', '--menu-option', '人工'], 'give ID=TEXT'],
      [['add', '--workspace', 'cli-quick', '--text', '问题', '--menu-tail', '谢谢'], 'needs --menu-option'],
      [
        [
          'add',
          '--workspace',
          'cli-quick',
          '--text',
          '问题',
          '--menu-option',
          'a=是',
          '--menu-option',
          'a=否',
        ],
        'Two options have the id a',
      ],
    ];
    for (const [args, complaint] of cases) {
      const result = await cli('quick-reply', ...args);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.stderr, args.join(' ')).toContain(complaint);
    }
    expect(await system.countItems()).toBe(before);
  }, 180_000);
});
