import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { getAgentLoads } from '../../shared/store/agent-load-repository.ts';
import { getConversation } from '../../shared/store/conversations-repository.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { type Locale, type MessageKey, type MessageValues, setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';
import { openAccountMenu, openAdminMenu } from './harness/sign-in.ts';

/**
 * The console in Chinese and in English against the whole local system: the language of the browser
 * picks it, the top bar switches it and the choice is remembered; the main screens in both, each kept
 * as a screenshot in .artifacts/screenshots/ (looked at by a person: Chinese that reads well, nothing
 * cut off). And what was only visible in the page: the layout at 390 px, signing out with open
 * conversations, and a second tab of the same browser.
 */

const suite = consoleSuite();
const { pageErrors, shot } = suite;

const connected = (page: Page) => page.locator('.connection[data-status="connected"]');

async function signIn(page: Page, agent: TestAgent): Promise<void> {
  await page.goto(suite.stack.consoleUrl);
  await page.getByLabel(t('login.username')).fill(agent.username);
  await page.getByLabel(t('login.password')).fill(agent.password);
  await page.getByLabel(t('login.password')).press('Enter');
  await connected(page).waitFor();
}

/** The widest the page is, against the window: more means a horizontal scroll bar. */
const overflow = (page: Page) =>
  page.evaluate<number>('(document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth');

describe.each<[Locale, string]>([
  ['zh-CN', 'zh-CN'],
  ['en', 'en-GB'],
])('the console in %s', (locale, browserLocale) => {
  let browser: TestBrowser;
  let page: Page;
  let app: TestApp;
  let agent: TestAgent;
  let customers: SimulatedCustomer[];
  const say = (key: MessageKey, values?: MessageValues) => t(key, values);

  beforeAll(async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json' });
    agent = await system.addAgent([app.appId], {
      username: `${locale === 'en' ? 'alice' : 'xiaomei'}-${randomAlphanumeric(4)}`,
      capacity: 3,
      role: 'admin',
    });
    customers = [system.simulator.customer(app.appId), system.simulator.customer(app.appId)];
    browser = await launchBrowser({ locale: browserLocale });
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("starts in the browser's language and signs in", async () => {
    setLocale(locale, false);
    await page.goto(suite.stack.consoleUrl);
    await page.getByRole('heading', { name: say('login.title') }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe(locale);
    await page.getByLabel(say('login.username')).fill(agent.username);
    await page.getByLabel(say('login.password')).fill('not-the-password');
    await page.getByRole('button', { name: say('login.submit') }).click();
    await page
      .getByRole('alert')
      .filter({ hasText: say('login.wrong') })
      .waitFor();
    await shot(page, `login-${locale}`);
    await signIn(page, agent);
    expect(await page.title()).toContain(say('app.title'));
  });

  it('shows conversations, a thread with its history, and the reply window in the language', async () => {
    setLocale(locale, false);
    const [first, second] = customers as [SimulatedCustomer, SimulatedCustomer];
    await first.enterSession('shop:12');
    await first.say('你好，我的订单还没发货，能帮我查一下吗？');
    await second.say('请问可以开发票吗？');
    const item = page
      .locator('#panel-conversations .conversation')
      .filter({ hasText: shortenId(first.openId) });
    await item.click();
    await page.locator('.thread__messages').getByText('你好，我的订单还没发货，能帮我查一下吗？').waitFor();
    await page
      .locator('.thread__messages')
      .getByText(say('content.enteredFrom', { sessionFrom: 'shop:12' }))
      .waitFor();
    await page.getByLabel(say('composer.textLabel')).fill('您好，我马上帮您查询。');
    await page.getByLabel(say('composer.textLabel')).press('Enter');
    await page.locator('.message--agent[data-status="sent"]').waitFor();
    // "4 of 5 replies left · window closes in 47 h", in the language.
    const window = page.getByTestId('reply-window');
    await window.waitFor();
    expect(await window.textContent()).toContain(locale === 'en' ? 'replies left' : '还可回复');
    expect(
      await page.getByRole('tab', { name: new RegExp(`^${say('sidebar.conversations')}`) }).isVisible(),
    ).toBe(true);
    await shot(page, `console-${locale}`);
  });

  it('tells an agent who takes no customers that some are waiting, without opening the Queue tab', async () => {
    setLocale(locale, false);
    await page.getByLabel(say('status.yours')).selectOption('away');
    await page.locator('.status-selector .status-dot--away').waitFor();
    const waiting = suite.stack.system.simulator.customer(app.appId);
    await waiting.say('人工客服在吗？');
    // The count comes by polling (20 s), since nobody is told when a customer starts waiting.
    // An admin's Queue tab counts every queue of the workspace: at least this customer.
    await page
      .getByTestId('queue-waiting')
      .filter({ hasText: /[1-9]/ })
      .waitFor({ timeout: 30_000 })
      .catch(async (error) => {
        await shot(page, `debug-queue-${locale}`);
        throw error;
      });
    await page.getByRole('tab', { name: new RegExp(`^${say('sidebar.queue')}`) }).click();
    await page
      .locator('.waiting')
      .filter({ hasText: shortenId(waiting.openId) })
      .waitFor();
    await page
      .getByText(say('queue.leftMessage'))
      .or(page.getByText(say('queue.waiting', { count: 1 })))
      .first()
      .waitFor();
    await shot(page, `queue-${locale}`);
    await page
      .getByRole('button', { name: say('queue.acceptCustomer', { customer: shortenId(waiting.openId) }) })
      .click();
    await page
      .getByRole('tab', { name: new RegExp(`^${say('sidebar.conversations')}`), selected: true })
      .waitFor();
    await page.getByLabel(say('status.yours')).selectOption('online');
    await page.locator('.status-selector .status-dot--online').waitFor();
  }, 60_000);

  it('shows the transfer dialog and the queue settings in the language', async () => {
    setLocale(locale, false);
    await page.getByRole('button', { name: say('actions.transfer') }).click();
    const transfer = page.getByRole('dialog', { name: say('transfer.title') });
    await transfer.getByRole('heading', { name: say('transfer.queues') }).waitFor();
    await shot(page, `transfer-${locale}`);
    await transfer.getByRole('button', { name: say('common.cancel') }).click();

    await openAdminMenu(page);
    await page.getByRole('button', { name: say('topbar.queueSettings') }).click();
    const settings = page.getByRole('dialog', { name: say('qs.title') });
    await settings.getByRole('heading', { name: say('qs.general') }).waitFor();
    await settings.getByLabel(say('qs.alwaysOpen')).uncheck();
    await settings.getByText(say('qs.timesHint')).waitFor();
    await shot(page, `queue-settings-${locale}`);
    await settings.getByRole('button', { name: say('common.closeDialog') }).click();
    await settings.getByRole('button', { name: say('qs.discard') }).click();
    await settings.waitFor({ state: 'detached' });
  });

  it('switches the language in the top bar and remembers it', async () => {
    setLocale(locale, false);
    const other: Locale = locale === 'en' ? 'zh-CN' : 'en';
    await openAccountMenu(page);
    await shot(page, `account-menu-${locale}`);
    await page.getByTestId('language-select').first().selectOption(other);
    setLocale(other, false);
    await page.getByRole('button', { name: say('topbar.signOut') }).waitFor();
    await page.reload();
    await connected(page).waitFor();
    await page.getByRole('tab', { name: new RegExp(`^${say('sidebar.conversations')}`) }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe(other);
    await shot(page, `console-switched-to-${other}`);
    await openAccountMenu(page);
    await page.getByTestId('language-select').first().selectOption(locale);
    setLocale(locale, false);
    await page.getByRole('button', { name: say('topbar.signOut') }).waitFor();
    await page.keyboard.press('Escape');
  });

  it('is usable at 390 px: nothing overflows, the menu holds status and sign-out, the toolbar wraps', async () => {
    setLocale(locale, false);
    await page.setViewportSize({ width: 390, height: 844 });
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `mobile-${locale}`);
    await page.getByRole('button', { name: say('topbar.menu') }).click();
    const signOut = page.getByRole('button', { name: say('topbar.signOut') });
    await signOut.waitFor();
    expect(await signOut.isVisible()).toBe(true);
    const box = await signOut.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
    expect(await page.getByLabel(say('status.yours')).isVisible()).toBe(true);
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `mobile-menu-${locale}`);
    await page.getByRole('button', { name: say('topbar.menu') }).click();

    // The list and the thread are two screens: a conversation opened earlier shows its thread,
    // whose back button leads to the list; the list then fills the screen and the thread is gone.
    const back = page.getByRole('button', { name: say('thread.back') });
    if (await back.isVisible()) await back.click();
    const firstConversation = page
      .locator('#panel-conversations [data-testid="open-conversations"] .conversation')
      .first();
    await firstConversation.waitFor();
    expect(await page.locator('main.thread').isVisible()).toBe(false);
    await firstConversation.click();
    await back.waitFor();
    expect(await firstConversation.isVisible()).toBe(false);
    // The byte limit's sentence takes a row of its own; every tool stays on one line.
    await page.getByLabel(say('composer.textLabel')).fill('长'.repeat(700));
    await page.locator('.composer__hint--problem').waitFor();
    for (const tool of await page.locator('.composer__toolbar .button').all()) {
      const toolBox = await tool.boundingBox();
      expect(toolBox && toolBox.height <= 40 && toolBox.x + toolBox.width <= 390).toBe(true);
    }
    expect(await overflow(page)).toBeLessThanOrEqual(0);
    await shot(page, `mobile-composer-${locale}`);
    await page.getByLabel(say('composer.textLabel')).fill('');
    await back.click();
    await firstConversation.waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('opens a second tab signed in, and signing out in one signs out the other', async () => {
    setLocale(locale, false);
    const tab = await browser.context.newPage();
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await tab.goto(suite.stack.consoleUrl);
    await connected(tab).waitFor();
    // The new tab shows no closed conversation as unread (there are none unread here anyway).
    await openAccountMenu(tab);
    await tab.getByRole('button', { name: say('topbar.changePassword') }).click();
    await tab.getByRole('dialog', { name: say('password.title') }).waitFor();
    await shot(tab, `password-${locale}`);
    await tab.getByRole('button', { name: say('common.cancel') }).click();
    await tab.close();
  });

  it('changes the password: this tab and the others carry on with the fresh session', async () => {
    setLocale(locale, false);
    const other = await browser.context.newPage();
    other.on('pageerror', (error) => pageErrors.push(error.message));
    await other.goto(suite.stack.consoleUrl);
    await connected(other).waitFor();
    await openAccountMenu(page);
    await page.getByRole('button', { name: say('topbar.changePassword') }).click();
    const dialog = page.getByRole('dialog', { name: say('password.title') });
    await dialog.getByLabel(say('password.current')).fill('not-my-password');
    await dialog.getByLabel(say('password.new'), { exact: true }).fill('a-new-password-1');
    await dialog.getByLabel(say('password.repeat')).fill('a-new-password-1');
    await dialog.getByRole('button', { name: say('password.save') }).click();
    await dialog
      .getByRole('alert')
      .filter({ hasText: say('password.wrongCurrent') })
      .waitFor();
    await dialog.getByLabel(say('password.current')).fill(agent.password);
    await dialog.getByRole('button', { name: say('password.save') }).click();
    await page.getByText(say('password.changed')).waitFor();
    agent.password = 'a-new-password-1';
    // Every other session ended; this console and the other tab use the fresh one.
    const stored = () =>
      page.evaluate<string | null>(`JSON.parse(localStorage.getItem('wechat-cs:session'))?.token`);
    await expect.poll(stored).not.toBe(agent.token);
    await page.reload();
    await connected(page).waitFor();
    await other.reload();
    await connected(other).waitFor();
    expect(await other.getByLabel(say('login.username')).count()).toBe(0);
    await other.close();
  }, 90_000);

  it('asks before signing out with open conversations, and hands them back to their queues', async () => {
    setLocale(locale, false);
    const second = await browser.context.newPage();
    await second.goto(suite.stack.consoleUrl);
    await connected(second).waitFor();
    const open = await page
      .locator('#panel-conversations [data-testid="open-conversations"] .conversation')
      .count();
    expect(open).toBeGreaterThan(0);
    const openIds = await page
      .locator('[data-testid="open-conversations"] .conversation')
      .evaluateAll((items) => items.map((item) => item.getAttribute('data-conversation-id') ?? ''));

    await openAccountMenu(page);
    await page.getByRole('button', { name: say('topbar.signOut') }).click();
    const dialog = page.getByRole('dialog', { name: say('signOut.title') });
    await dialog.getByText(say('signOut.open', { count: open })).waitFor();
    await shot(page, `sign-out-${locale}`);
    await dialog.getByRole('button', { name: new RegExp(`^${say('signOut.handBack')}`) }).click();
    await page
      .getByText(say('session.signedOut'))
      .waitFor()
      .catch(async (error) => {
        await shot(page, `debug-signout-${locale}`);
        throw error;
      });
    // The other tab of this browser is signed out with it.
    await second.getByText(say('session.signedOutElsewhere')).waitFor();
    for (const conversationId of openIds) {
      expect((await getConversation(conversationId))?.state).toBe('queued');
    }
    // The agent takes no customers any more (away: the test's own session of them is still open).
    const [load] = await getAgentLoads([agent.agentId]);
    expect(load?.status).not.toBe('online');
    await second.close();
    expect(pageErrors).toEqual([]);
  }, 90_000);
});
