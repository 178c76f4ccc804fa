import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dynamo, tableName } from '../../shared/store/client.ts';
import { conversationKey } from '../../shared/store/keys.ts';
import { coreTable } from '../../shared/store/tables.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';
import { openAdminMenu } from './harness/sign-in.ts';

/**
 * Response-time targets (SLA) in Chromium against the whole local system, in Chinese: an admin gives
 * the default queue a 1-minute first-response target in the queue settings; a customer writes and the
 * conversation list shows the wait on track, then 已超时 once the console's clock has passed the
 * minute (the page's clock is Playwright's, moved on without sleeping; the list's own ticking turns
 * the badge); the floor counts the conversation as overdue and marks its unanswered clock. The floor
 * counts on from the server's figures, so there the conversation's opening is moved a few minutes
 * back in the store instead. Screenshot at 1280 px (sla-*.png).
 */

const suite = consoleSuite();

describe('response-time targets in zh-CN', () => {
  let app: TestApp;
  let admin: TestAgent;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `sla-${randomAlphanumeric(6)}` });
    admin = await system.addAgent([app.appId], { username: `lead-${randomAlphanumeric(5)}`, role: 'admin' });
    browser = await launchBrowser({ locale: 'zh-CN' });
    const first = browser.context.pages()[0] ?? (await browser.context.newPage());
    // The page's clock only: the backend keeps real time.
    await first.clock.install();
    page = await suite.signedIn(browser, admin);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('is set in the queue settings, and a conversation past it is shown overdue in the list and on the floor', async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    await page.setViewportSize({ width: 1280, height: 800 });

    await openAdminMenu(page);
    await page.getByRole('button', { name: t('topbar.queueSettings'), exact: true }).click();
    const settings = page.getByRole('dialog', { name: t('qs.title') });
    await settings.getByLabel(t('qs.firstResponse')).fill('0');
    await settings.getByRole('button', { name: t('qs.save'), exact: true }).click();
    await settings.getByText(t('qs.problem.firstResponse', { max: 1440 })).waitFor();
    await settings.getByLabel(t('qs.firstResponse')).fill('1');
    await settings.getByRole('button', { name: t('qs.save'), exact: true }).click();
    await settings
      .getByRole('status')
      .filter({ hasText: t('qs.saved') })
      .waitFor();
    await settings.getByLabel(t('qs.firstResponse')).scrollIntoViewIfNeeded();
    await suite.shot(page, 'sla-settings-1280-zh-CN');
    await settings.getByRole('button', { name: t('common.closeDialog') }).click();
    await settings.waitFor({ state: 'detached' });

    const customer = system.simulator.customer(app.appId);
    await customer.say('你好，订单一直没发货');
    const label = shortenId(customer.openId);
    const item = page.locator('.conversation').filter({ hasText: label });
    const wait = item.getByTestId('waiting');
    await wait.waitFor();
    expect(await wait.getAttribute('data-sla')).toBe('on_track');
    expect(await item.getByTestId('sla-badge').count()).toBe(0);

    // A minute and a bit later on the console's clock; the list's own ticking moves it on.
    await page.clock.fastForward('01:05');
    await wait.and(page.locator('[data-sla="breached"]')).waitFor();
    expect(await item.getByTestId('sla-badge').textContent()).toContain(t('sla.breached'));
    expect(await wait.getAttribute('title')).toMatch(/首次响应已超时 (不到 1 分钟|\d+ 分钟)$/);
    await suite.shot(page, 'sla-list-1280-zh-CN');

    const conversationId = await item.getAttribute('data-conversation-id');
    if (!conversationId) throw new Error('the list names its conversations');
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(coreTable),
        Key: conversationKey(conversationId),
        UpdateExpression: 'SET createdAt = createdAt - :minutes',
        ExpressionAttributeValues: { ':minutes': 3 * 60_000 },
      }),
    );

    await openAdminMenu(page);
    await page.getByRole('button', { name: t('admin.floor'), exact: true }).click();
    const floor = page.getByRole('dialog', { name: t('floor.title') });
    const row = floor.locator('.floor__row').filter({ hasText: label });
    await row.waitFor();
    await floor
      .getByTestId('floor-breached-count')
      .filter({ hasText: t('floor.breachedCount', { count: 1 }) })
      .waitFor();
    const unanswered = row.getByTestId('floor-unanswered');
    expect(await unanswered.getAttribute('data-sla')).toBe('breached');
    expect(await unanswered.getByTestId('sla-badge').textContent()).toContain(t('sla.breached'));
    expect(await unanswered.getAttribute('title')).toMatch(/^首次响应已超时 \d+ 分钟$/);
    await suite.shot(page, 'sla-floor-1280-zh-CN');
  });
});
