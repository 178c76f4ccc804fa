import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { configureQueue } from '../../shared/admin/queue-registration.ts';
import { defaultQueueId } from '../../shared/domain/queue.ts';
import type { Report } from '../../web/src/api.ts';
import { type Locale, setLocale, t } from '../../web/src/i18n.ts';
import { type AgentSocket, isMessageCreated } from '../support/agent-socket.ts';
import { eventually } from '../support/eventually.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';
import { openAdminMenu } from './harness/sign-in.ts';

/**
 * The reports view (报表) in Chromium against the whole local system: three customers are served by
 * two agents (capacity one each, so one agent takes two of them), answered and closed, and rate the
 * service through the survey (5, 3 and 4). An admin opens the reports from the administration menu, in
 * Chinese and in English: the four charts are drawn, the totals and the tables by agent and by queue
 * show what was seeded, the agent filter narrows them, and the CSV downloaded (with a byte order mark)
 * has the same rows. Screenshots reports-zh-CN and reports-en at 1280 px.
 */

const suite = consoleSuite();

const survey = '请为本次服务打分（回复 1–5，5 为非常满意）';
const queueName = '售后客服';

let app: TestApp;
let first: TestAgent;
let second: TestAgent;
let admin: TestAgent;

interface Served {
  customer: SimulatedCustomer;
  agent: TestAgent;
  conversationId: string;
}

/** A customer writes; the agent whose socket shows the conversation as theirs has it. */
async function opened(
  customer: SimulatedCustomer,
  words: string,
  sockets: Map<TestAgent, AgentSocket>,
): Promise<Served> {
  await customer.say(words);
  return Promise.any(
    [...sockets].map(async ([agent, socket]) => {
      const frame = await socket.seen(
        (frame): frame is Extract<typeof frame, { type: 'message.created' }> =>
          isMessageCreated(frame) &&
          frame.conversation.openId === customer.openId &&
          frame.conversation.assigneeId === agent.agentId,
      );
      return { customer, agent, conversationId: frame.conversation.conversationId };
    }),
  );
}

/** The agent answers and closes; the customer, asked by the survey, gives the score. */
async function answeredClosedRated({ customer, agent, conversationId }: Served, score: string) {
  const { system } = suite.stack;
  const path = `/api/conversations/${conversationId}`;
  const answer = await system.request(agent.token, 'POST', `${path}/messages`, {
    clientMessageId: `reply-${randomAlphanumeric(8)}`,
    content: { type: 'text', text: '您好，已为您处理。' },
  });
  expect(answer.status).toBe(201);
  expect((await system.request(agent.token, 'POST', `${path}/close`)).status).toBe(200);
  await eventually(() => expect(customer.inbox.map((message) => message.text)).toContain(survey));
  await customer.say(score);
}

beforeAll(async () => {
  const { system } = suite.stack;
  app = await system.addApp({ format: 'json', workspaceId: `reports-${randomAlphanumeric(6)}` });
  await configureQueue({
    appId: app.appId,
    queueId: defaultQueueId,
    name: queueName,
    autoReplies: { keywords: [], humanKeywords: ['人工'], survey },
  });
  first = await system.addAgent([app.appId], { username: `first-${randomAlphanumeric(5)}`, capacity: 1 });
  second = await system.addAgent([app.appId], { username: `second-${randomAlphanumeric(5)}`, capacity: 1 });
  admin = await system.addAgent([app.appId], { username: `lead-${randomAlphanumeric(5)}`, role: 'admin' });
  const sockets = new Map<TestAgent, AgentSocket>([
    [first, await system.connect(first.token)],
    [second, await system.connect(second.token)],
  ]);
  // Capacity one each: the second customer goes to the other agent, the third to the first one's again.
  const one = await opened(system.simulator.customer(app.appId), '你好，我的订单还没发货', sockets);
  const two = await opened(system.simulator.customer(app.appId), '请问可以开发票吗', sockets);
  expect(two.agent).not.toBe(one.agent);
  await answeredClosedRated(one, '5 谢谢，问题解决了');
  const three = await opened(system.simulator.customer(app.appId), '我想改一下收货地址', sockets);
  expect(three.agent).toBe(one.agent);
  await answeredClosedRated(two, '3');
  await answeredClosedRated(three, '4');
  if (one.agent !== first) [first, second] = [second, first];
  for (const socket of sockets.values()) await socket.close();

  // The stream consumer keeps each conversation's facts as it closes and as its score arrives.
  await eventually(
    async () => {
      const today = new Date().toISOString().slice(0, 10);
      const { status, body } = await system.request<Report>(
        admin.token,
        'GET',
        `/api/reports?from=${today}&to=${today}&timeZone=UTC`,
      );
      expect(status).toBe(200);
      expect(body.totals.conversations).toBe(3);
      expect(body.totals.satisfaction.count).toBe(3);
    },
    { timeoutMs: 20_000 },
  );
});

const cases: Record<Locale, { browserLocale: string; timeZone?: string }> = {
  // Chosen in the controls: the browser's own zone (the machine's) is the default.
  'zh-CN': { browserLocale: 'zh-CN', timeZone: 'Asia/Shanghai' },
  en: { browserLocale: 'en-GB' },
};

describe.each<Locale>(['zh-CN', 'en'])('the reports in %s', (locale) => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    setLocale(locale, false);
    browser = await launchBrowser({ locale: cases[locale].browserLocale });
    page = await suite.signedIn(browser, admin);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('draws the charts, shows the seeded figures and downloads them as CSV', async () => {
    setLocale(locale, false);
    await page.setViewportSize({ width: 1280, height: 900 });
    await openAdminMenu(page);
    await page.getByRole('button', { name: t('admin.reports'), exact: true }).click();
    const dialog = page.getByRole('dialog', { name: t('reports.title') });
    await dialog.getByText(t('reports.closedOnly')).waitFor();
    const timeZone = cases[locale].timeZone;
    if (timeZone) await dialog.getByLabel(t('reports.timeZone')).selectOption(timeZone);
    await dialog.getByLabel(t('reports.range')).selectOption('today');

    const tile = (name: string) => dialog.locator(`.reports__total[data-total="${name}"]`);
    const total = (name: string) => tile(name).locator('dd').first();
    await total('conversations').filter({ hasText: /^3$/ }).waitFor();
    expect(await total('messages').textContent()).toBe('6');
    expect(await total('satisfaction').textContent()).toBe('4.00');
    expect(await tile('satisfaction').locator('.reports__detail').textContent()).toBe(
      t('reports.totals.ratings', { count: 3 }),
    );

    // Four charts, each drawn on its canvas and described in words.
    const canvases = dialog.locator('.report-chart canvas');
    expect(await canvases.count()).toBe(4);
    for (const canvas of await canvases.all()) {
      expect(await canvas.getAttribute('aria-label')).toBeTruthy();
      expect(Number(await canvas.getAttribute('width'))).toBeGreaterThan(100);
    }
    expect(await dialog.locator('[data-chart="satisfaction"] canvas').getAttribute('aria-label')).toBe(
      t('reports.chart.satisfactionSummary', {
        ratings: 3,
        average: '4.00',
        scores: [0, 0, 1, 1, 1]
          .map((number, index) => t('reports.chart.scoreCount', { score: index + 1, number }))
          .join(t('reports.listSeparator')),
      }),
    );

    const agentRow = (agent: TestAgent) => dialog.locator(`tr[data-agent-id="${agent.agentId}"]`);
    expect(await agentRow(first).locator('th').textContent()).toBe(first.username);
    expect(await agentRow(first).locator('td').first().textContent()).toBe('2');
    expect(await agentRow(first).locator('td').nth(5).textContent()).toBe(
      t('reports.table.rating', { average: '4.50', count: 2 }),
    );
    expect(await agentRow(second).locator('td').first().textContent()).toBe('1');
    const queueRow = dialog.locator(`tr[data-queue="${app.appId}/${defaultQueueId}"]`);
    expect(await queueRow.locator('th').textContent()).toBe(queueName);
    expect(await queueRow.locator('td').first().textContent()).toBe('3');
    await suite.shot(page, `reports-${locale}`);
    // The one score that came with words, in the comments below the tables.
    const comments = dialog.locator('tr[data-conversation-id]');
    expect(await comments.count()).toBe(1);
    expect(await comments.locator('td').nth(1).textContent()).toBe(t('reports.figure.score', { score: 5 }));
    expect(await comments.locator('td').last().textContent()).toBe('谢谢，问题解决了');
    await comments.scrollIntoViewIfNeeded();
    await suite.shot(page, `reports-tables-${locale}`);

    const download = page.waitForEvent('download');
    await dialog.getByRole('button', { name: t('reports.downloadCsv') }).click();
    const file = await (await download).path();
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.toString('utf8').slice(1).split('\r\n');
    expect(rows[2]).toBe(t('reports.byDay'));
    expect(rows[3]?.startsWith(`${t('reports.csv.date')},${t('reports.figure.conversations')},`)).toBe(true);
    expect(rows[4]).toMatch(/^\d{4}-\d{2}-\d{2},3,6,3,3,/);
    expect(rows[5]).toMatch(new RegExp(`^${t('reports.csv.total')},3,6,3,3,`));
    expect(rows).toContain(t('reports.byAgent'));
    const agentLine = rows.find((row) => row.startsWith(`${first.agentId},${first.username},`));
    expect(agentLine?.split(',').slice(2, 4)).toEqual(['2', '4']);
    expect(agentLine?.split(',').slice(-7)).toEqual(['2', '4.5', '0', '0', '0', '1', '1']);

    // Narrowed to one agent, the report counts only their conversations.
    await dialog.getByLabel(t('reports.agent'), { exact: true }).selectOption(second.agentId);
    await total('conversations').filter({ hasText: /^1$/ }).waitFor();
    expect(await total('satisfaction').textContent()).toBe('3.00');
    await dialog.getByLabel(t('reports.agent'), { exact: true }).selectOption('');
    await total('conversations').filter({ hasText: /^3$/ }).waitFor();
  });
});
