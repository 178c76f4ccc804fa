import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { type Locale, type MessageKey, type MessageValues, setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite, screenshotsDir } from './harness/console-suite.ts';

/**
 * Quick replies in Chromium against the whole local system: replies made over the API are found in
 * the composer's `/` palette (by pinyin initials in Chinese, by words in English), chosen and inserted
 * with the keyboard alone, their placeholders filled, and sent to the simulated customer; an agent
 * adds a reply of their own in the console and finds it at once; the palette fits a 390 px phone.
 */

const suite = consoleSuite();
const { pageErrors } = suite;

interface Case {
  browserLocale: string;
  replies: { title: string; text: string }[];
  /** What the agent types after `/`, the reply it finds first, and the text it becomes. */
  query: string;
  found: string;
  inserted: (agentName: string) => string;
  customerSays: string;
}

const cases: Record<Locale, Case> = {
  'zh-CN': {
    browserLocale: 'zh-CN',
    replies: [
      { title: '问候', text: '您好，很高兴为您服务！' },
      { title: '退换货', text: '{客户}您好，请在“我的订单”中申请退换货，我是客服{客服}。' },
      { title: '发货时间', text: '下单后 48 小时内发货。' },
    ],
    query: 'thh',
    found: '退换货',
    inserted: (agentName) => `亲您好，请在“我的订单”中申请退换货，我是客服${agentName}。`,
    customerSays: '我想退货，怎么操作？',
  },
  en: {
    browserLocale: 'en-GB',
    replies: [
      { title: 'Greeting', text: 'Hello {customer}, how can I help you today?' },
      { title: 'Returns', text: 'Hello {customer}, you can return it from "My orders". {agent}' },
    ],
    query: 'ret',
    found: 'Returns',
    inserted: (agentName) => `Hello there, you can return it from "My orders". ${agentName}`,
    customerSays: 'How do I send this back?',
  },
};

describe.each<Locale>(['zh-CN', 'en'])('quick replies in %s', (locale) => {
  const spec = cases[locale];
  let browser: TestBrowser;
  let page: Page;
  let app: TestApp;
  let agent: TestAgent;
  let customer: SimulatedCustomer;
  const say = (key: MessageKey, values?: MessageValues) => t(key, values);
  const composer = () => page.getByLabel(say('composer.textLabel'));
  const palette = () => page.getByTestId('quick-reply-palette');
  const option = (name: string) => palette().getByRole('option', { name: new RegExp(`^${name}`) });
  const shot = (name: string) => page.screenshot({ path: join(screenshotsDir, `${name}-${locale}.png`) });

  beforeAll(async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `quick-${locale}` });
    const admin = await system.addAgent([app.appId], { role: 'admin' });
    for (const reply of spec.replies) {
      const added = await system.request(admin.token, 'POST', '/api/quick-replies', {
        scope: { kind: 'workspace' },
        ...reply,
      });
      expect(added.status).toBe(201);
    }
    agent = await system.addAgent([app.appId], {
      username: `${locale === 'en' ? 'alice' : 'xiaomei'}-${randomAlphanumeric(4)}`,
    });
    browser = await launchBrowser({ locale: spec.browserLocale });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(suite.stack.consoleUrl);
    await page.getByLabel(say('login.username')).fill(agent.username);
    await page.getByLabel(say('login.password')).fill(agent.password);
    await page.getByLabel(say('login.password')).press('Enter');
    await page.locator('.connection[data-status="connected"]').waitFor();

    customer = system.simulator.customer(app.appId);
    await customer.say(spec.customerSays);
    await page
      .locator('.conversation')
      .filter({ hasText: shortenId(customer.openId) })
      .click();
    await page.locator('.thread__messages').getByText(spec.customerSays, { exact: true }).waitFor();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('finds a reply by what follows the slash, inserts it filled in by keyboard alone, and sends it', async () => {
    setLocale(locale, false);
    await composer().focus();
    await page.keyboard.type('/');
    // A slash alone offers every reply; Down and Up move the choice (wrapping round), and the
    // textarea says which one is chosen.
    const options = palette().getByRole('option');
    await expect.poll(() => options.count()).toBe(spec.replies.length);
    const chosen = () => palette().locator('[aria-selected="true"]');
    await page.keyboard.press('ArrowDown');
    expect(await chosen().getAttribute('id')).toBe(await options.nth(1).getAttribute('id'));
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    expect(await chosen().getAttribute('id')).toBe(
      await options.nth(spec.replies.length - 1).getAttribute('id'),
    );
    expect(await composer().getAttribute('aria-activedescendant')).toBe(await chosen().getAttribute('id'));

    // Typing on searches, and the best match is chosen.
    await page.keyboard.type(spec.query);
    await option(spec.found).waitFor();
    expect(await options.count()).toBe(1);
    expect(await option(spec.found).getAttribute('aria-selected')).toBe('true');
    await shot('quick-reply-palette');

    await page.keyboard.press('Enter');
    const text = spec.inserted(agent.username);
    await expect.poll(() => composer().inputValue()).toBe(text);
    await palette().waitFor({ state: 'detached' });
    // The cursor is after the reply, ready for more.
    expect(await page.evaluate<number>("document.getElementById('composer-text').selectionStart")).toBe(
      text.length,
    );

    await page.keyboard.press('Enter');
    const delivered = await customer.nextReceived((message) => message.text === text);
    expect(delivered.msgtype).toBe('text');
    await page
      .locator('.thread__messages .message--agent[data-status="sent"]')
      .filter({ has: page.getByText(text, { exact: true }) })
      .waitFor();
    expect(await composer().inputValue()).toBe('');
  });

  it('closes with Escape, leaving the slash as typed, and sends nothing while nothing matches', async () => {
    setLocale(locale, false);
    await composer().focus();
    await page.keyboard.type('/zzzz');
    await palette().getByText(say('quickReplies.none')).waitFor();
    await page.keyboard.press('Enter');
    expect(await composer().inputValue()).toBe('/zzzz');
    await page.keyboard.press('Escape');
    await palette().waitFor({ state: 'detached' });
    expect(await composer().inputValue()).toBe('/zzzz');
    await composer().fill('');
  });

  it('lets the agent add a reply of their own, which the palette offers at once', async () => {
    setLocale(locale, false);
    const own =
      locale === 'en'
        ? {
            title: 'Thanks',
            text: 'Thank you for waiting, {customer}!',
            query: 'than',
            result: 'Thank you for waiting, there!',
          }
        : {
            title: '感谢等待',
            text: '感谢您的耐心等待，{客户}！',
            query: 'gxdd',
            result: '感谢您的耐心等待，亲！',
          };
    await page.getByRole('button', { name: say('quickReplies.manageTitle') }).click();
    const dialog = page.getByRole('dialog', { name: say('quickReplies.title') });
    await dialog.getByLabel(say('quickReplies.field.title')).fill(own.title);
    await dialog.getByLabel(say('quickReplies.field.text')).fill(own.text);
    await dialog.getByRole('button', { name: say('quickReplies.add') }).click();
    await dialog.locator('.quick-replies__item').filter({ hasText: own.title }).waitFor();
    expect(await dialog.getByLabel(say('quickReplies.field.text')).inputValue()).toBe('');
    await shot('quick-reply-dialog');
    await dialog.getByRole('button', { name: say('common.closeDialog') }).click();
    await dialog.waitFor({ state: 'detached' });

    // The toolbar's button opens the palette where the cursor is; Tab inserts.
    await page.getByRole('button', { name: say('quickReplies.title'), exact: true }).click();
    await palette().waitFor();
    expect(await composer().inputValue()).toBe('/');
    await page.keyboard.type(own.query);
    await option(own.title).waitFor();
    expect(await palette().getByRole('option').count()).toBe(1);
    expect(await option(own.title).textContent()).toContain(say('quickReplies.scope.personal'));
    await page.keyboard.press('Tab');
    await expect.poll(() => composer().inputValue()).toBe(own.result);
    await composer().fill('');
  });

  it('fits a 390 px phone', async () => {
    setLocale(locale, false);
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: say('quickReplies.title'), exact: true }).click();
    await option(spec.found).waitFor();
    const box = await palette().boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390 && box.y >= 0).toBe(true);
    expect(
      await page.evaluate<number>('document.scrollingElement.scrollWidth - window.innerWidth'),
    ).toBeLessThanOrEqual(0);
    await shot('quick-reply-palette-mobile');
    await page.keyboard.press('Escape');
    await palette().waitFor({ state: 'detached' });
    await composer().fill('');
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});
