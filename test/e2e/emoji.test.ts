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
 * WeChat's emoji in Chromium against the whole local system: a customer's codes and bracketed names
 * show as emoji in the thread and the list, and the agent picks WeChat faces from the composer's
 * panel with the keyboard alone; the customer receives them as WeChat's bracketed names.
 */

const suite = consoleSuite();
const { pageErrors } = suite;

describe.each<[Locale, string]>([
  ['zh-CN', 'zh-CN'],
  ['en', 'en-GB'],
])('WeChat emoji in %s', (locale, browserLocale) => {
  let browser: TestBrowser;
  let page: Page;
  let app: TestApp;
  let agent: TestAgent;
  let customer: SimulatedCustomer;
  const thread = () => page.locator('.thread__messages');

  beforeAll(async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `emoji-${locale}` });
    agent = await system.addAgent([app.appId], { username: `face-${randomAlphanumeric(6)}` });
    browser = await launchBrowser({ locale: browserLocale });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(suite.stack.consoleUrl);
    await page.getByLabel(t('login.username')).fill(agent.username);
    await page.getByLabel(t('login.password')).fill(agent.password);
    await page.getByLabel(t('login.password')).press('Enter');
    await page.locator('.connection[data-status="connected"]').waitFor();
    customer = system.simulator.customer(app.appId);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("shows a customer's codes and bracketed names as emoji, named", async () => {
    setLocale(locale, false);
    await customer.say('收到了/::)谢谢[强]');
    const item = page.locator('.conversation').filter({ hasText: shortenId(customer.openId) });
    await item.filter({ hasText: '收到了🙂谢谢👍' }).waitFor();
    await item.click();
    const bubble = thread().locator('.message--customer').last();
    await bubble.getByRole('img', { name: '微笑' }).waitFor();
    await expect.poll(() => bubble.textContent()).toContain('收到了🙂谢谢👍');
    expect(await bubble.getByRole('img', { name: '强' }).getAttribute('title')).toBe('[强]');
  });

  it('inserts WeChat faces from the panel by keyboard alone, and sends them as WeChat names', async () => {
    setLocale(locale, false);
    const composer = page.getByLabel(t('composer.textLabel'));
    await composer.fill('好的');
    await page.getByRole('button', { name: t('composer.emoji'), exact: true }).click();
    const panel = page.getByRole('dialog', { name: t('composer.emojiPanel') });
    // The first face has the focus; Right moves to the second (撇嘴), Down to the row below it.
    await expect
      .poll(() => page.evaluate("document.activeElement?.getAttribute('title')"))
      .toBe(locale === 'en' ? '[Smile]' : '[微笑]');
    await page.keyboard.press('Enter');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Enter');
    await expect.poll(() => composer.inputValue()).toBe('好的[微笑][撇嘴]');
    await page.screenshot({ path: join(screenshotsDir, `emoji-panel-${locale}.png`) });
    await page.keyboard.press('Escape');
    await panel.waitFor({ state: 'detached' });
    // The cursor is back in the text, after the faces.
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe('composer-text');
    await page.keyboard.press('Enter');

    const delivered = await customer.nextReceived((message) => message.text === '好的[微笑][撇嘴]');
    expect(delivered.msgtype).toBe('text');
    const sent = thread().locator('.message--agent').last();
    await sent.getByRole('img', { name: '撇嘴' }).waitFor();
  });
});
