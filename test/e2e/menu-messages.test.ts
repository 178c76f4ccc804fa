import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

/**
 * Menu messages in Chromium, in Chinese, against the whole local system: an Official Account's agent
 * inserts a saved menu with `/`, sends it from the menu editor, the customer taps an option on the
 * WeChat simulator's customer page, and the agent sees which one was chosen. A Mini Program's
 * conversation does not offer menus and says why.
 */

const suite = consoleSuite();
const { pageErrors, shot } = suite;

const satisfaction = {
  title: '满意度',
  text: '您对本次服务满意吗？',
  menu: {
    options: [
      { id: 'good', text: '满意' },
      { id: 'fair', text: '一般' },
      { id: 'poor', text: '不满意' },
    ],
    tail: '感谢您的评价',
  },
};

describe('menu messages in zh-CN', () => {
  let browser: TestBrowser;
  let console: Page;
  let officialAccount: TestApp;
  let miniProgram: TestApp;
  let agent: TestAgent;

  const openConversation = async (customer: SimulatedCustomer, text: string) => {
    await customer.say(text);
    await console
      .locator('.conversation')
      .filter({ hasText: shortenId(customer.openId) })
      .click();
    await console.locator('.thread__messages').getByText(text, { exact: true }).waitFor();
  };

  beforeAll(async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    officialAccount = await system.addApp({ type: 'official-account', format: 'xml', workspaceId: 'menus' });
    miniProgram = await system.addApp({ type: 'miniprogram', format: 'json', workspaceId: 'menus' });
    const admin = await system.addAgent([officialAccount.appId], { role: 'admin' });
    const saved = await system.request(admin.token, 'POST', '/api/quick-replies', {
      scope: { kind: 'workspace' },
      ...satisfaction,
    });
    expect(saved.status).toBe(201);
    agent = await system.addAgent([officialAccount.appId, miniProgram.appId], {
      username: `xiaomei-${randomAlphanumeric(4)}`,
      capacity: 5,
    });
    browser = await launchBrowser({ locale: 'zh-CN' });
    console = await suite.signedIn(browser, agent);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('sends a saved menu to an Official Account customer, who taps an option the agent then sees', async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    const customer = system.simulator.customer(officialAccount.appId);
    await openConversation(customer, '服务结束了吗？');
    // An Official Account sends menus (and link cards, as its one-article news).
    expect(await console.getByTestId('composer-link-card').getAttribute('aria-disabled')).toBeNull();
    expect(await console.getByTestId('composer-menu').getAttribute('aria-disabled')).toBeNull();

    // `/` finds the saved menu by pinyin initials; choosing it opens the menu editor filled in.
    await console.getByLabel(t('composer.textLabel')).focus();
    await console.keyboard.type('/myd');
    await console
      .getByTestId('quick-reply-palette')
      .getByRole('option', { name: /^满意度/ })
      .waitFor();
    await console.keyboard.press('Enter');
    const editor = console.getByRole('form', { name: new RegExp(t('menu.title')) });
    await editor.waitFor();
    expect(await editor.getByLabel(t('menu.head')).inputValue()).toBe(satisfaction.text);
    expect(await editor.getByLabel(t('menu.optionText', { number: 3 }), { exact: true }).inputValue()).toBe(
      '不满意',
    );
    expect(await editor.getByLabel(t('menu.optionId', { number: 3 }), { exact: true }).inputValue()).toBe(
      'poor',
    );
    expect(await console.getByLabel(t('composer.textLabel')).inputValue()).toBe('');
    await shot(console, 'menu-editor-zh-CN');
    await editor.getByRole('button', { name: t('menu.send') }).click();

    const received = await customer.nextReceived((message) => message.msgtype === 'msgmenu');
    expect(received.body.msgmenu).toEqual({
      head_content: satisfaction.text,
      list: satisfaction.menu.options.map(({ id, text }) => ({ id, content: text })),
      tail_content: satisfaction.menu.tail,
    });
    const sentMenu = console.locator(
      '.thread__messages .message--agent[data-status="sent"] .content-card--menu',
    );
    await sentMenu.getByText('不满意', { exact: true }).waitFor();

    // The customer, on the simulator's page, sees the menu and taps 满意.
    const customerPage = await browser.context.newPage();
    customerPage.on('pageerror', (error) => pageErrors.push(error.message));
    await customerPage.goto(`${system.simulator.baseUrl}/_sim/`);
    await customerPage.locator('#app-select').selectOption(officialAccount.appId);
    await customerPage.locator('#customer-select').selectOption(customer.openId);
    await customerPage.getByRole('button', { name: '满意', exact: true }).click();

    await console
      .locator('.thread__messages')
      .getByText(t('content.menuChosen', { option: '满意' }), { exact: true })
      .waitFor();
    await shot(console, 'menu-chosen-zh-CN');
    await customerPage.close();
  });

  it('does not offer menus in a Mini Program conversation, and says why', async () => {
    setLocale('zh-CN', false);
    const customer = suite.stack.system.simulator.customer(miniProgram.appId);
    await openConversation(customer, '你好');
    const menuButton = console.getByTestId('composer-menu');
    expect(await menuButton.getAttribute('title')).toBe('小程序客服消息不支持菜单消息');
    expect(await menuButton.getAttribute('aria-disabled')).toBe('true');
    // Announced as disabled, so Playwright would wait; an agent's click must still open nothing.
    await menuButton.click({ force: true });
    expect(await console.getByRole('form', { name: new RegExp(t('menu.title')) }).count()).toBe(0);
    // Saved menus are not offered either.
    await console.getByLabel(t('composer.textLabel')).focus();
    await console.keyboard.type('/myd');
    await console.getByTestId('quick-reply-palette').getByText(t('quickReplies.none')).waitFor();
    await console.keyboard.press('Escape');
  });
});
