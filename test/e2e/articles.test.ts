import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

/**
 * Published articles in Chromium, in Chinese, against the whole local system: an Official Account's
 * agent opens the article picker, chooses one of the account's published articles and sends it; the
 * customer receives it on the WeChat simulator's customer page and the thread shows its card. A Mini
 * Program's conversation does not offer articles and says why.
 */

const suite = consoleSuite();
const { pageErrors, shot } = suite;

describe('articles in zh-CN', () => {
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
    officialAccount = await system.addApp({
      type: 'official-account',
      format: 'xml',
      workspaceId: 'articles',
    });
    miniProgram = await system.addApp({ type: 'miniprogram', format: 'json', workspaceId: 'articles' });
    // Twelve publications in all: the three every local account has, eight more, and the newest.
    for (let number = 1; number <= 8; number++) {
      system.simulator.publishArticle(officialAccount.appId, { title: `新品速递第 ${number} 期` });
    }
    system.simulator.publishArticle(officialAccount.appId, {
      title: '七天无理由退货指南',
      digest: '收到商品 7 天内可申请退货，退款 1–3 个工作日到账。',
    });
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

  it('picks one of the Official Account’s published articles and sends it to the customer', async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    const customer = system.simulator.customer(officialAccount.appId);
    await openConversation(customer, '怎么退货？');

    const button = console.getByTestId('composer-article');
    expect(await button.getAttribute('aria-disabled')).toBeNull();
    expect(await button.getAttribute('title')).toBe('图文消息');
    await button.click();
    const picker = console.getByRole('form', { name: new RegExp(t('article.title')) });
    await picker.waitFor();
    // Newest publication first, ten at a time; the rest come with 加载更多.
    const choice = picker.getByRole('radio', { name: /七天无理由退货指南/ });
    await choice.waitFor();
    expect(await picker.getByRole('radio').count()).toBe(10);
    await picker.getByRole('button', { name: t('article.more') }).click();
    await picker.getByRole('radio', { name: /配送时间与运费/ }).waitFor();
    expect(await picker.getByRole('radio').count()).toBe(12);
    expect(await picker.getByRole('button', { name: t('article.more') }).count()).toBe(0);
    const send = picker.getByRole('button', { name: t('article.send') });
    expect(await send.isDisabled()).toBe(true);
    expect(await picker.getByText(t('article.choose')).count()).toBe(1);
    await choice.check();
    await shot(console, 'article-picker-zh-CN');
    await send.click();
    await picker.waitFor({ state: 'detached' });

    const received = await customer.nextReceived((message) => message.msgtype === 'mpnewsarticle');
    expect(received.article?.title).toBe('七天无理由退货指南');
    const card = console.locator(
      '.thread__messages .message--agent[data-status="sent"] .content-card--article',
    );
    await card.getByText('七天无理由退货指南', { exact: true }).waitFor();
    expect(await card.getByText('收到商品 7 天内可申请退货，退款 1–3 个工作日到账。').count()).toBe(1);
    expect(await card.getByText(t('content.article')).count()).toBe(1);
    await shot(console, 'article-sent-zh-CN');

    // The customer, on the simulator's page, sees the article's card.
    const customerPage = await browser.context.newPage();
    customerPage.on('pageerror', (error) => pageErrors.push(error.message));
    await customerPage.goto(`${system.simulator.baseUrl}/_sim/`);
    await customerPage.locator('#app-select').selectOption(officialAccount.appId);
    await customerPage.locator('#customer-select').selectOption(customer.openId);
    await customerPage
      .locator('.card')
      .getByText(/七天无理由退货指南/)
      .waitFor();
    await customerPage.close();
  });

  it('does not offer articles in a Mini Program conversation, and says why', async () => {
    setLocale('zh-CN', false);
    const customer = suite.stack.system.simulator.customer(miniProgram.appId);
    await openConversation(customer, '你好');
    const button = console.getByTestId('composer-article');
    expect(await button.getAttribute('title')).toBe('小程序客服消息不支持图文消息');
    expect(await button.getAttribute('aria-disabled')).toBe('true');
    // Announced as disabled, so Playwright would wait; an agent's click must still open nothing.
    await button.click({ force: true });
    expect(await console.getByRole('form', { name: new RegExp(t('article.title')) }).count()).toBe(0);
  });
});
