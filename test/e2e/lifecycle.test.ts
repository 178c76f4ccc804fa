import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import type { AgentLoad } from '../../shared/domain/routing.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { randomAlphanumeric, type TestAgent, type TestApp, type TestSystem } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { type ConsoleSystem, startConsoleSystem } from './harness/console-system.ts';
import { signIn } from './harness/sign-in.ts';

/**
 * How agents manage their work from the console, in Chromium against the whole local system: two
 * agents of one app, each in a tab of their own, with simulated WeChat customers. Status, transfer
 * between them, close with confirmation, reopen, and a waiting customer taken from the queue panel.
 */

let system: TestSystem;
let stack: ConsoleSystem;
/** A browser each, as two agents at two desks: a background tab would run its animation frames late. */
let browserA: TestBrowser;
let browserB: TestBrowser;
let app: TestApp;
/** Alice works in `pageA` at the narrowest width the console supports; Bob in `pageB`. */
let alice: TestAgent;
let bob: TestAgent;
let pageA: Page;
let pageB: Page;
const pageErrors: string[] = [];

const conversationItem = (page: Page, customer: SimulatedCustomer) =>
  page.locator('#panel-conversations .conversation').filter({ hasText: shortenId(customer.openId) });
const systemLine = (page: Page, text: string) =>
  page.locator('.thread__messages .system-line').filter({ hasText: text });
const inThread = (page: Page, text: string) =>
  page.locator('.thread__messages').getByText(text, { exact: true });
const chip = (page: Page) => page.locator('.thread__header .chip');

async function openConsole(page: Page, agent: TestAgent): Promise<void> {
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signIn(page, stack.consoleUrl, agent);
}

async function routingOf(agent: TestAgent): Promise<AgentLoad> {
  const response = await system.api('/api/me', agent.token);
  return ((await response.json()) as { routing: AgentLoad }).routing;
}

/** Sets a status in the agent's own console, and waits until the console shows it was taken. */
async function chooseStatus(page: Page, status: 'online' | 'away' | 'offline'): Promise<void> {
  const select = page.getByLabel('Your status');
  await select.selectOption(status);
  await page.locator(`.status-selector .status-dot--${status}`).waitFor();
  await expect.poll(() => select.isEnabled()).toBe(true);
}

beforeAll(async () => {
  stack = await startConsoleSystem();
  system = stack.system;
  app = await system.addApp({ format: 'json' });
  // Display names are the usernames: short ones read well in sentences.
  alice = await system.addAgent([app.appId], { username: `alice-${randomAlphanumeric(4)}`, capacity: 2 });
  bob = await system.addAgent([app.appId], { username: `bob-${randomAlphanumeric(4)}`, capacity: 2 });
  [browserA, browserB] = await Promise.all([launchBrowser(), launchBrowser()]);
  pageA = browserA.context.pages()[0] ?? (await browserA.context.newPage());
  await pageA.setViewportSize({ width: 1024, height: 768 });
  pageB = browserB.context.pages()[0] ?? (await browserB.context.newPage());
  await Promise.all([openConsole(pageA, alice), openConsole(pageB, bob)]);
});

afterAll(async () => {
  await Promise.all([browserA?.close(), browserB?.close()]);
  await stack?.stop();
});

describe('managing work from the console', () => {
  it('shows the status with the load, changes it to Away and back, and says why a change failed', async () => {
    const select = pageA.getByLabel('Your status');
    await pageA
      .locator('#agent-load')
      .filter({ hasText: /0 \/ 2$/ })
      .waitFor();
    expect(await select.inputValue()).toBe('online');

    await chooseStatus(pageA, 'away');
    expect((await routingOf(alice)).status).toBe('away');
    await chooseStatus(pageA, 'online');
    expect((await routingOf(alice)).status).toBe('online');

    await pageA.route('**/api/me/status', (route) => route.abort('connectionrefused'));
    await select.selectOption('offline');
    await pageA
      .getByRole('alert')
      .filter({ hasText: 'Your status is still Online: Cannot reach the server.' })
      .waitFor();
    expect(await select.inputValue()).toBe('online');
    expect((await routingOf(alice)).status).toBe('online');
    await pageA.unroute('**/api/me/status');
    await pageA.getByRole('alert').getByRole('button', { name: 'Dismiss' }).click();
  });

  let customer: SimulatedCustomer;

  it("transfers a conversation: it leaves Alice's list with a notice and reaches Bob with its history", async () => {
    // Bob away: routing gives the customer to Alice, and Bob cannot be chosen yet.
    await chooseStatus(pageB, 'away');
    customer = system.simulator.customer(app.appId);
    await customer.say('我想换一个尺码');
    await conversationItem(pageA, customer).click();
    await inThread(pageA, '我想换一个尺码').waitFor();

    await pageA.getByRole('button', { name: 'Transfer…' }).click();
    const dialog = pageA.getByRole('dialog', { name: 'Transfer conversation' });
    const toBob = dialog.getByRole('button', { name: `Transfer to ${bob.username}` });
    await toBob.waitFor();
    expect(await toBob.isDisabled()).toBe(true);
    await dialog.getByText(`${bob.username} is away.`).waitFor();
    await pageA.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    // Focus is back on what opened the dialog.
    await expect.poll(() => pageA.evaluate('document.activeElement?.textContent')).toBe('Transfer…');

    await chooseStatus(pageB, 'online');
    await pageA.getByRole('button', { name: 'Transfer…' }).click();
    await expect.poll(() => toBob.isEnabled()).toBe(true);
    await dialog.getByRole('button', { name: 'Move to queue Default' }).waitFor();
    await dialog.getByText('Nobody waiting').waitFor();
    await pageA.screenshot({ path: '/tmp/console-transfer.png' });
    await toBob.click();

    await dialog.waitFor({ state: 'detached' });
    await pageA
      .locator('.notices__item')
      .filter({ hasText: `Transferred to ${bob.username}` })
      .waitFor();
    await conversationItem(pageA, customer).waitFor({ state: 'detached' });
    await pageA
      .getByText(`Transferred to ${bob.username}. This conversation is no longer assigned to you.`)
      .waitFor();
    await pageA
      .locator('#agent-load')
      .filter({ hasText: /0 \/ 2$/ })
      .waitFor();

    // Bob's console had never seen it: it is added, and its history read.
    await conversationItem(pageB, customer).click();
    await inThread(pageB, '我想换一个尺码').waitFor();
    await systemLine(pageB, `Transferred from ${alice.username} to you`).waitFor();
    await pageB
      .locator('#agent-load')
      .filter({ hasText: /1 \/ 2$/ })
      .waitFor();
  });

  it('closes only after confirmation, then reopens', async () => {
    await pageB.getByRole('button', { name: 'Close…' }).click();
    const confirm = pageB.getByRole('dialog', { name: 'Close this conversation?' });
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await chip(pageB).textContent()).toBe('Active');

    await pageB.getByRole('button', { name: 'Close…' }).click();
    await confirm.getByRole('button', { name: 'Close conversation' }).click();
    await confirm.waitFor({ state: 'detached' });
    await pageB.getByRole('status').filter({ hasText: 'You closed this conversation.' }).waitFor();
    await systemLine(pageB, 'Closed by you').waitFor();
    expect(await chip(pageB).textContent()).toBe('Closed');
    await pageB.getByText('This conversation is closed. Reopen it to answer the customer.').waitFor();
    await conversationItem(pageB, customer).getByText('Closed by you').waitFor();
    await pageB
      .locator('#agent-load')
      .filter({ hasText: /0 \/ 2$/ })
      .waitFor();

    await pageB.getByRole('button', { name: 'Reopen' }).click();
    await systemLine(pageB, 'Reopened by you').waitFor();
    await pageB.getByText('Reopened. You can answer the customer again.').waitFor();
    expect(await chip(pageB).textContent()).toBe('Active');
    expect(await pageB.getByLabel('Message to the customer').isEnabled()).toBe(true);
  });

  it('says in words why a conversation cannot be reopened', async () => {
    const closedId = await pageB
      .locator('.conversation[aria-current="true"]')
      .getAttribute('data-conversation-id');
    await pageB.getByRole('button', { name: 'Close…' }).click();
    await pageB.getByRole('button', { name: 'Close conversation' }).click();
    await systemLine(pageB, 'Closed by you').nth(1).waitFor();
    // The customer writes again: a new conversation, so the old one cannot be reopened any more.
    await customer.say('还在吗？');
    await pageB
      .locator(`.conversation:not([data-conversation-id="${closedId}"])`)
      .filter({ hasText: shortenId(customer.openId) })
      .waitFor();

    await pageB.getByRole('button', { name: 'Reopen' }).click();
    await pageB
      .getByRole('alert')
      .filter({ hasText: 'Could not reopen it: The customer has written since, in a newer conversation.' })
      .waitFor();
    expect(await chip(pageB).textContent()).toBe('Closed');
  });

  it('shows waiting customers in the queue panel in order, and accepts one from there', async () => {
    // Nobody online: customers leave a message and wait.
    await Promise.all([chooseStatus(pageA, 'away'), chooseStatus(pageB, 'away')]);
    const first = system.simulator.customer(app.appId);
    const second = system.simulator.customer(app.appId);
    await first.say('有人吗？');
    await second.say('订单号 20240518');

    // The tabs work from the keyboard: arrow keys move between them.
    const queueTab = pageA.getByRole('tab', { name: /^Queue/ });
    await pageA.getByRole('tab', { name: /^Conversations/ }).focus();
    await pageA.keyboard.press('ArrowRight');
    await pageA.getByRole('tab', { name: /^Queue/, selected: true }).waitFor();
    expect(await pageA.evaluate('document.activeElement?.id')).toBe('tab-queue');
    const panel = pageA.getByRole('tabpanel', { name: /^Queue/ });
    const entries = panel.locator('.waiting');
    await expect.poll(() => entries.count()).toBe(2);
    expect(await entries.nth(0).textContent()).toContain(shortenId(first.openId));
    expect(await entries.nth(1).textContent()).toContain(shortenId(second.openId));
    expect(await entries.nth(0).locator('.waiting__position').textContent()).toMatch(/1$/);
    expect(await entries.nth(1).locator('.waiting__position').textContent()).toMatch(/2$/);
    expect(await entries.nth(0).getByText('Left message').count()).toBe(1);
    expect(await entries.nth(0).getByText('waiting under a minute').count()).toBe(1);
    await panel.getByText('2 waiting').waitFor();
    await queueTab.locator('.badge').filter({ hasText: '2' }).waitFor();
    await pageA.screenshot({ path: '/tmp/console-queue.png' });

    await panel.getByRole('button', { name: `Accept customer ${shortenId(first.openId)}` }).click();
    // Taken: the list opens on it, with its history and who took it.
    await pageA.getByRole('tab', { name: /^Conversations/, selected: true }).waitFor();
    await pageA
      .locator('.conversation[aria-current="true"]')
      .filter({ hasText: shortenId(first.openId) })
      .waitFor();
    await inThread(pageA, '有人吗？').waitFor();
    await systemLine(pageA, 'Accepted by you').waitFor();
    await expect
      .poll(() => pageA.evaluate("document.activeElement?.getAttribute('aria-current')"))
      .toBe('true');

    await queueTab.click();
    await expect.poll(() => entries.count()).toBe(1);
    expect(await entries.nth(0).textContent()).toContain(shortenId(second.openId));
    expect(await entries.nth(0).locator('.waiting__position').textContent()).toMatch(/1$/);
    expect(pageErrors).toEqual([]);
  });
});
