import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';
import { openAdminMenu } from './harness/sign-in.ts';

/**
 * The supervisors' floor view (现场) in Chromium against the whole local system, in Chinese: an
 * admin has the floor open when a customer writes to an agent; the conversation appears on the floor
 * without a reload, with how long the customer has waited for an answer; the admin takes it over,
 * and it leaves the agent's console at once. The floor fits a phone's 390 px. Screenshots at 1280 and
 * 390 px (floor-*.png).
 */

const suite = consoleSuite();

describe('the floor view in zh-CN', () => {
  let app: TestApp;
  let agent: TestAgent;
  let admin: TestAgent;
  let customer: SimulatedCustomer;
  let agentBrowser: TestBrowser;
  let adminBrowser: TestBrowser;
  let agentPage: Page;
  let adminPage: Page;

  beforeAll(async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `floor-${randomAlphanumeric(6)}` });
    agent = await system.addAgent([app.appId], { username: `agent-${randomAlphanumeric(5)}` });
    admin = await system.addAgent([app.appId], { username: `lead-${randomAlphanumeric(5)}`, role: 'admin' });
    customer = system.simulator.customer(app.appId);
    agentBrowser = await launchBrowser({ locale: 'zh-CN' });
    adminBrowser = await launchBrowser({ locale: 'zh-CN' });
    agentPage = await suite.signedIn(agentBrowser, agent);
    adminPage = await suite.signedIn(adminBrowser, admin);
    // The admin watches first: away, so the customer goes to the agent.
    expect((await system.request(admin.token, 'PUT', '/api/me/status', { status: 'away' })).status).toBe(200);
  });

  afterAll(async () => {
    await agentBrowser?.close();
    await adminBrowser?.close();
  });

  it('shows a new conversation live, and a take-over leaves the former agent’s console live', async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    await adminPage.setViewportSize({ width: 1280, height: 800 });
    await openAdminMenu(adminPage);
    await adminPage.getByRole('button', { name: t('admin.floor'), exact: true }).click();
    const floor = adminPage.getByRole('dialog', { name: t('floor.title') });
    await floor.getByText(t('floor.noConversations')).waitFor();

    await customer.say('你好，我想换个颜色');
    const label = shortenId(customer.openId);
    // No reload, and sooner than the floor's own reading every 15 s: the server's floor.changed brings it.
    const row = floor.locator('.floor__row').filter({ hasText: label });
    await row.waitFor({ timeout: 8_000 });
    await agentPage.locator('.conversation').filter({ hasText: label }).waitFor();
    expect(await row.locator('td').nth(2).textContent()).toBe(agent.username);
    expect(await row.getByTestId('floor-unanswered').textContent()).toBe(t('wait.underMinute'));
    const agentCard = floor.locator(`.floor__card[data-agent-id="${agent.agentId}"]`);
    expect(await agentCard.textContent()).toContain(t('floor.load', { active: 1, capacity: 5 }));
    await suite.shot(adminPage, 'floor-1280-zh-CN');

    // Taking a customer needs the admin to be taking customers.
    expect((await system.request(admin.token, 'PUT', '/api/me/status', { status: 'online' })).status).toBe(
      200,
    );
    await row.getByRole('button', { name: t('floor.takeOverLabel', { customer: label }) }).click();
    await row
      .locator('td')
      .nth(2)
      .filter({ hasText: t('floor.you', { name: admin.username }) })
      .waitFor();
    await agentPage.locator('.conversation').filter({ hasText: label }).waitFor({ state: 'detached' });

    // On a phone each conversation is a card, and nothing runs off the screen.
    await adminPage.setViewportSize({ width: 390, height: 844 });
    await row.waitFor();
    expect(
      await floor.evaluate(
        (dialog) => dialog.scrollWidth <= dialog.clientWidth + 1 && dialog.clientWidth <= 390,
      ),
    ).toBe(true);
    expect(await adminPage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await suite.shot(adminPage, 'floor-390-zh-CN');
  });
});
