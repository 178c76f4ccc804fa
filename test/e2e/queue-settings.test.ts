import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/domain/conversation.ts';
import type { AdministeredApp } from '../../shared/domain/queue-view.ts';
import type { ServerFrame } from '../../shared/realtime/frames.ts';
import { getConversation } from '../../shared/store/conversations-repository.ts';
import { randomAlphanumeric, type TestAgent, type TestApp, type TestSystem } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { type ConsoleSystem, startConsoleSystem } from './harness/console-system.ts';
import { openAdminMenu, signIn } from './harness/sign-in.ts';

/**
 * Admins set up queues from the console, in Chromium against the whole local system: a new queue with
 * a SessionFrom rule, a welcome and a member takes the next customer who comes from its button; a
 * setting the server refuses is explained in its words and nothing changes; agents see no entry point.
 */

let system: TestSystem;
let stack: ConsoleSystem;
let browser: TestBrowser;
let app: TestApp;
let admin: TestAgent;
/** The agent who will work in the new queue. */
let mia: TestAgent;
let page: Page;
const pageErrors: string[] = [];

const welcome = '尊敬的会员，您好！专属客服马上为您服务。';

const dialog = () => page.getByRole('dialog', { name: 'Queue settings' });
const formTitle = (name: string) => dialog().getByRole('heading', { name, exact: true, level: 3 });

async function administeredApp(): Promise<AdministeredApp> {
  const answer = await system.request<{ apps: AdministeredApp[] }>(admin.token, 'GET', '/api/admin/queues');
  expect(answer.status).toBe(200);
  const found = answer.body.apps.find((item) => item.appId === app.appId);
  if (!found) throw new Error('the app is administered');
  return found;
}

beforeAll(async () => {
  stack = await startConsoleSystem();
  system = stack.system;
  app = await system.addApp({ format: 'json' });
  admin = await system.addAgent([app.appId], { username: `admin-${randomAlphanumeric(4)}`, role: 'admin' });
  mia = await system.addAgent([app.appId], { username: `mia-${randomAlphanumeric(4)}`, capacity: 2 });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signIn(page, stack.consoleUrl, admin);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('queue settings in the console', () => {
  it('creates a VIP queue whose rule, welcome and member take the next customer from a vip: button', async () => {
    // From the keyboard: the administration menu's entry opens the dialog on the default queue.
    await openAdminMenu(page);
    await page.getByRole('button', { name: 'Queue settings' }).focus();
    await page.keyboard.press('Enter');
    await formTitle('Default').waitFor();
    await dialog().getByText('The default queue takes everyone no other queue').waitFor();
    expect(await dialog().getByLabel('SessionFrom rule 1 pattern').count()).toBe(0);

    await dialog().getByRole('button', { name: 'New queue' }).click();
    await formTitle('New queue').waitFor();
    await dialog().getByLabel('Queue ID').fill('VIP');
    await dialog().getByRole('button', { name: 'Create queue' }).click();
    // Checked before anything is sent, with the server's rule.
    await dialog().getByRole('alert').filter({ hasText: 'A queue id is lowercase letters' }).waitFor();
    // Focus goes to the first setting to fix.
    const queueIdInput = await dialog().getByLabel('Queue ID').getAttribute('id');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe(queueIdInput);
    expect(await dialog().getByLabel('Queue ID').getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: '/tmp/console-queue-settings-invalid.png' });
    await dialog().getByLabel('Queue ID').fill('vip');
    await dialog().getByLabel('Name', { exact: true }).fill('VIP members');
    await dialog().getByLabel('SessionFrom rule 1 match').selectOption('prefix');
    await dialog().getByLabel('SessionFrom rule 1 pattern').fill('vip:');
    await dialog().getByRole('button', { name: 'Add scene rule' }).click();
    await dialog().getByLabel('Scene rule 1 match').selectOption('exact');
    await dialog().getByLabel('Scene rule 1 pattern').fill('vip-lounge');

    // Opening hours that cover the whole week, whenever this test runs.
    await dialog().getByLabel('Always open').uncheck();
    const window1 = dialog().getByRole('group', { name: 'Window 1', exact: true });
    await window1.getByLabel('Sat').check();
    await window1.getByLabel('Sun').check();
    await window1.getByLabel('Window 1 opens').fill('00:00');
    await window1.getByLabel('Window 1 closes').fill('24:00');
    expect(await dialog().getByLabel('Time zone').inputValue()).toBe('Asia/Shanghai');

    await dialog().getByLabel('Welcome message').fill(welcome);
    await dialog().getByLabel('Pick-up notice').fill('{agent}为您服务');
    await dialog().getByLabel(mia.username).check();
    await dialog().getByRole('button', { name: 'Create queue' }).click();

    await dialog().getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    await formTitle('VIP members').waitFor();
    await dialog()
      .getByRole('listitem')
      .filter({ hasText: 'VIP members' })
      .filter({ hasText: '1 member' })
      .filter({ hasText: 'Every day 00:00–24:00' })
      .waitFor();
    expect(await dialog().getByRole('button', { name: 'Save', exact: true }).isEnabled()).toBe(true);
    await dialog()
      .locator('.queue-form__scroll')
      .evaluate((element) => element.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/console-queue-settings.png' });

    const vip = (await administeredApp()).queues.find((queue) => queue.queueId === 'vip');
    expect(vip).toMatchObject({
      name: 'VIP members',
      sessionFromRules: [{ match: 'prefix', pattern: 'vip:' }],
      qrSceneRules: [{ match: 'exact', pattern: 'vip-lounge' }],
      businessHours: {
        timeZone: 'Asia/Shanghai',
        windows: [{ days: [1, 2, 3, 4, 5, 6, 7], open: '00:00', close: '24:00' }],
      },
      autoReplies: {
        welcome,
        pickUp: '{agent}为您服务',
        keywords: [],
        humanKeywords: ['人工', '客服', '转人工', '真人'],
      },
      inactivityMinutes: 30,
      memberIds: [mia.agentId],
    });

    // The member's console is open (a socket), so the queue has someone to hand the customer to.
    const socket = await system.connect(mia.token);
    try {
      const customer = system.simulator.customer(app.appId);
      await customer.enterSession('vip:gold');
      // Served at once: the welcome and who serves them, in one message.
      expect((await customer.nextReceived()).text).toBe(`${welcome}\n\n${mia.username}为您服务`);
      const arrived = await socket.seen(
        (frame): frame is Extract<ServerFrame, { conversation: Conversation }> =>
          'conversation' in frame && frame.conversation?.openId === customer.openId,
      );
      expect(arrived.conversation).toMatchObject({ queueId: 'vip', assigneeId: mia.agentId });
      const stored = await getConversation(arrived.conversation.conversationId, true);
      expect(stored).toMatchObject({ queueId: 'vip', openId: customer.openId });
    } finally {
      await socket.close();
    }
  });

  it('says which rule the server refuses (never in its validator’s words), keeps the input and saves nothing', async () => {
    const before = await administeredApp();
    await dialog().getByRole('button', { name: 'Add rule' }).click();
    // Focus follows into the new row, so the keyboard user can type at once.
    const pattern = dialog().getByLabel('SessionFrom rule 2 pattern');
    const patternId = await pattern.getAttribute('id');
    await expect.poll(() => page.evaluate('document.activeElement?.id')).toBe(patternId);
    await dialog().getByLabel('SessionFrom rule 2 match').selectOption('regex');
    await pattern.fill('vip-([');
    await dialog().getByRole('button', { name: 'Save', exact: true }).click();

    await dialog()
      .getByRole('alert')
      .filter({ hasText: 'Not saved. SessionFrom rule 2: Some of what was sent is not valid.' })
      .waitFor();
    expect(await pattern.inputValue()).toBe('vip-([');
    expect(await dialog().getByLabel('SessionFrom rule 1 pattern').inputValue()).toBe('vip:');
    expect(await dialog().getByRole('button', { name: 'Save', exact: true }).isEnabled()).toBe(true);
    await page.screenshot({ path: '/tmp/console-queue-settings-refused.png' });
    expect(await administeredApp()).toEqual(before);

    // Leaving with unsaved changes asks first; discarding shows the queue as saved.
    await dialog()
      .getByRole('button', { name: /^Default/ })
      .click();
    await dialog()
      .getByRole('alert')
      .filter({ hasText: 'Your changes to “VIP members” are not saved.' })
      .waitFor();
    await dialog().getByRole('button', { name: 'Discard changes' }).click();
    await formTitle('Default').waitFor();
    await dialog()
      .getByRole('button', { name: /^VIP members/ })
      .click();
    await formTitle('VIP members').waitFor();
    expect(await dialog().getByLabel('SessionFrom rule 2 pattern').count()).toBe(0);

    // Escape closes it, and focus goes back to the menu it was opened from.
    await page.keyboard.press('Escape');
    await dialog().waitFor({ state: 'detached' });
    await expect
      .poll(() => page.evaluate('document.activeElement?.getAttribute("aria-controls")'))
      .toBe('admin-panel');
  });

  it('offers no queue settings to an agent who is not an admin', async () => {
    // A browser of its own: the tabs of one browser share their sign-in.
    const other = await launchBrowser();
    const tab = other.context.pages()[0] ?? (await other.context.newPage());
    tab.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(tab, stack.consoleUrl, mia);
    await tab.locator('.account__trigger').waitFor();
    expect(await tab.getByRole('button', { name: 'Queue settings' }).count()).toBe(0);
    expect(await tab.getByRole('button', { name: 'Administration' }).count()).toBe(0);
    // And the server agrees.
    expect((await system.request(mia.token, 'GET', '/api/admin/queues')).status).toBe(403);
    await other.close();
    expect(pageErrors).toEqual([]);
  });
});
