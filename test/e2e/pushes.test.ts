import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortenId } from '../../web/src/format-ids.ts';
import { type Locale, setLocale, t } from '../../web/src/i18n.ts';
import type { TestAgent } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite, screenshotsDir } from './harness/console-suite.ts';

/**
 * What an Official Account's customer does besides writing, as the agent sees it in Chinese and in
 * English: a file as a card (name, size, type, and that WeChat gives no download), a menu click and a
 * QR scan as system lines in the thread. Kept as screenshots in .artifacts/screenshots/.
 */

const suite = consoleSuite();
const { pageErrors } = suite;

describe.each<[Locale, string]>([
  ['zh-CN', 'zh-CN'],
  ['en', 'en-GB'],
])('pushes in the thread, in %s', (locale, browserLocale) => {
  let browser: TestBrowser;
  let page: Page;
  let agent: TestAgent;

  beforeAll(async () => {
    browser = await launchBrowser({ locale: browserLocale });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a file card, a menu-click line and a scan line', async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    const app = await system.addApp({ type: 'official-account', format: 'xml' });
    agent = await system.addAgent([app.appId]);
    await page.goto(suite.stack.consoleUrl);
    await page.getByLabel(t('login.username')).fill(agent.username);
    await page.getByLabel(t('login.password')).fill(agent.password);
    await page.getByLabel(t('login.password')).press('Enter');
    await page.locator('.connection[data-status="connected"]').waitFor();

    const customer = system.simulator.customer(app.appId);
    await customer.scanQrCode('store-a');
    await customer.clickMenu('PROMOTIONS');
    await customer.sendFile({ title: '报价单-v2.pdf', size: 2_516_582 });
    await page
      .locator('#panel-conversations .conversation')
      .filter({ hasText: shortenId(customer.openId) })
      .click();

    const thread = page.locator('.thread__messages');
    await thread
      .locator('.system-line')
      .filter({ hasText: t('content.followedByScan', { scene: 'store-a' }) })
      .waitFor();
    await thread
      .locator('.system-line')
      .filter({ hasText: t('content.menuClick', { key: 'PROMOTIONS' }) })
      .waitFor();
    const card = thread.locator('.message--customer .content-card--file');
    await card.waitFor();
    expect(await card.locator('.content-card__title').textContent()).toBe('报价单-v2.pdf');
    expect(await card.locator('.content-file__type').textContent()).toBe('PDF');
    expect(await card.textContent()).toContain('2.4 MB');
    expect(await card.locator('.content-file__note').textContent()).toBe(t('content.fileNoDownload'));
    // WeChat gives no download: the card offers no link that could not work.
    expect(await card.locator('a').count()).toBe(0);

    // A follower's scan of another code is a line of its own.
    await customer.scanQrCode('store-b');
    await thread
      .locator('.system-line')
      .filter({ hasText: t('content.scanned', { scene: 'store-b' }) })
      .waitFor();
    await page.screenshot({ path: join(screenshotsDir, `pushes-${locale}.png`) });
    expect(pageErrors).toEqual([]);
  });
});
