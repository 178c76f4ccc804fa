import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { type Locale, setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite, screenshotsDir } from './harness/console-suite.ts';

/**
 * Read state in Chromium against the whole local system: two tabs of one agent show the same unread
 * badge, total and tab title; reading the thread in one clears them in the other at once (the server
 * tells it), a reload keeps it read, and "mark as unread" in one marks it in both. The list says how
 * long the customer has waited. Screenshots at 1280 and 390 px.
 */

const suite = consoleSuite();
const { pageErrors } = suite;

const browserLocales: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };
const customerSays: Record<Locale, string> = { 'zh-CN': '请问我的快递到哪里了？', en: 'Where is my parcel?' };

describe.each<Locale>(['zh-CN', 'en'])('read state in %s', (locale) => {
  let browser: TestBrowser;
  let tabA: Page;
  let tabB: Page;
  let app: TestApp;
  let agent: TestAgent;
  let customer: SimulatedCustomer;
  const item = (page: Page) => page.locator('.conversation').filter({ hasText: shortenId(customer.openId) });
  const badge = (page: Page) => item(page).locator('.badge');
  const total = (page: Page) => page.getByTestId('unread-total');
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: join(screenshotsDir, `${name}-${locale}.png`) });

  async function openTab(): Promise<Page> {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(suite.stack.consoleUrl);
    return page;
  }

  beforeAll(async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `read-${locale}` });
    agent = await system.addAgent([app.appId], { username: `reader-${randomAlphanumeric(5)}` });
    browser = await launchBrowser({ locale: browserLocales[locale] });
    tabA = browser.context.pages()[0] ?? (await browser.context.newPage());
    tabA.setDefaultTimeout(15_000);
    tabA.on('pageerror', (error) => pageErrors.push(error.message));
    await tabA.goto(suite.stack.consoleUrl);
    await tabA.getByLabel(t('login.username')).fill(agent.username);
    await tabA.getByLabel(t('login.password')).fill(agent.password);
    await tabA.getByLabel(t('login.password')).press('Enter');
    await tabA.locator('.connection[data-status="connected"]').waitFor();
    // The second tab takes the stored sign-in.
    tabB = await openTab();
    await tabB.locator('.connection[data-status="connected"]').waitFor();
    customer = system.simulator.customer(app.appId);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('shows a new message as unread in both tabs, with the total, the title and the wait', async () => {
    setLocale(locale, false);
    await customer.say(customerSays[locale]);
    for (const page of [tabA, tabB]) {
      await badge(page).waitFor();
      expect(await total(page).textContent()).toBe(t('unread.total', { count: 1 }));
      await expect.poll(() => page.title()).toBe(`(1) ${t('app.title')}`);
      await item(page).getByTestId('waiting').waitFor();
    }
    expect(await item(tabB).getByTestId('waiting').textContent()).toMatch(
      new RegExp(t('wait.label', { duration: '.+' })),
    );
    await tabB.setViewportSize({ width: 1280, height: 800 });
    await shot(tabB, 'read-state-unread-1280');
  });

  it('clears the badge in the other tab as soon as the thread is read in one', async () => {
    setLocale(locale, false);
    await tabA.bringToFront();
    await item(tabA).click();
    await tabA.locator('.thread__messages').getByText(customerSays[locale], { exact: true }).waitFor();
    await shot(tabA, 'read-state-thread-1280');
    await badge(tabB).waitFor({ state: 'detached' });
    await total(tabB).waitFor({ state: 'detached' });
    await expect.poll(() => tabB.title()).toBe(t('app.title'));

    // Kept by the server: a fresh load of the other tab finds it read.
    await tabB.reload();
    await tabB.locator('.connection[data-status="connected"]').waitFor();
    await item(tabB).waitFor();
    expect(await badge(tabB).count()).toBe(0);
  });

  it('marks the conversation unread in both tabs, and reading it again clears it in both', async () => {
    setLocale(locale, false);
    await tabA.getByTestId('mark-unread').click();
    await tabA.locator('.thread--empty').waitFor();
    await badge(tabA).waitFor();
    await badge(tabB).waitFor();
    await expect.poll(() => tabB.title()).toBe(`(1) ${t('app.title')}`);

    await item(tabA).click();
    await badge(tabB).waitFor({ state: 'detached' });
    await badge(tabA).waitFor({ state: 'detached' });
  });

  it('fits a phone: the total stays in the top bar beside the list', async () => {
    setLocale(locale, false);
    // Another customer: the first one's thread is open in tab A, which reads what they write at once.
    const second = suite.stack.system.simulator.customer(app.appId);
    await second.say(customerSays[locale]);
    await tabB.setViewportSize({ width: 390, height: 844 });
    const secondItem = tabB.locator('.conversation').filter({ hasText: shortenId(second.openId) });
    await secondItem.locator('.badge').waitFor();
    expect(await total(tabB).isVisible()).toBe(true);
    const width = await tabB.evaluate<number>('document.documentElement.scrollWidth');
    expect(width).toBeLessThanOrEqual(390);
    await shot(tabB, 'read-state-unread-390');
  });
});
