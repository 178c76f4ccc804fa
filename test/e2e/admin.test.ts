import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AgentListing, AuditPage } from '../../shared/domain/admin-view.ts';
import type { AdministeredApp, QueueView } from '../../shared/domain/queue-view.ts';
import { getConversation } from '../../shared/store/conversations-repository.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { type Locale, type MessageKey, type MessageValues, setLocale, t } from '../../web/src/i18n.ts';
import {
  randomAlphanumeric,
  randomAppId,
  type TestAgent,
  type TestApp,
  type TestSystem,
} from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { type ConsoleSystem, startConsoleSystem } from './harness/console-system.ts';
import { openAdminMenu } from './harness/sign-in.ts';

/**
 * The console's administration screens in Chromium against the whole local system: the team
 * (inviting by link or initial password, disabling someone whose console is open), accepting an
 * invitation, the forced change of an initial password, the apps (callback URL, write-only secrets,
 * testing credentials against the WeChat simulator), deleting a queue, and the audit trail. Owners
 * work in Chinese in one browser and in English in another; every new screen is kept as a
 * screenshot in each language in .artifacts/screenshots/ (admin-*.png), at 1280 px and 390 px.
 */

const screenshots = resolve(import.meta.dirname, '../../.artifacts/screenshots');

let stack: ConsoleSystem;
let system: TestSystem;
let app: TestApp;
let owner: TestAgent;
/** The owner's console in a Chinese browser and in an English one (each its own sign-in). */
let zh: Page;
let en: Page;
const pageErrors: string[] = [];
const browsers: TestBrowser[] = [];

/** The console's sentence in a language, as the page under test shows it. */
function say(locale: Locale, key: MessageKey, values?: MessageValues): string {
  setLocale(locale, false);
  return t(key, values);
}

const localeOf = (page: Page): Locale => (page === zh ? 'zh-CN' : 'en');

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(screenshots, `admin-${name}.png`) });
}

/**
 * A browser of its own (tabs of one browser share their sign-in), closed after the run, whose pages
 * may read what the console copied.
 */
async function newBrowser(locale: 'zh-CN' | 'en-GB'): Promise<Page> {
  const browser = await launchBrowser({ locale });
  browsers.push(browser);
  await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], {
    origin: new URL(stack.consoleUrl).origin,
  });
  const page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  return page;
}

async function signIn(page: Page, locale: Locale, username: string, password: string): Promise<void> {
  await page.goto(stack.consoleUrl);
  await page.getByLabel(say(locale, 'login.username'), { exact: true }).fill(username);
  await page.getByLabel(say(locale, 'login.password'), { exact: true }).fill(password);
  await page.getByLabel(say(locale, 'login.password'), { exact: true }).press('Enter');
}

const connected = (page: Page) => page.locator('.connection[data-status="connected"]');

/** Opens one of the administration screens from the top bar. */
async function openAdmin(page: Page, entry: MessageKey, title: MessageKey): Promise<Locator> {
  const locale = localeOf(page);
  await openAdminMenu(page);
  await page.getByRole('button', { name: say(locale, entry), exact: true }).click();
  const dialog = page.getByRole('dialog', { name: say(locale, title) });
  await dialog.waitFor();
  return dialog;
}

async function closeDialog(page: Page, dialog: Locator): Promise<void> {
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

async function listing(username: string): Promise<AgentListing> {
  const { body } = await system.request<{ agents: AgentListing[] }>(owner.token, 'GET', '/api/admin/agents');
  const found = body.agents.find((agent) => agent.username === username);
  if (!found) throw new Error(`${username} is not in the team`);
  return found;
}

/** The value a copy field shows (its read-only box is named by the field's label). */
const copyValue = (scope: Locator, label: string) =>
  scope.getByRole('textbox', { name: label, exact: true }).inputValue();

const clipboard = (page: Page) => page.evaluate<string>('navigator.clipboard.readText()');

/** The widest the page is, against the window: more means a horizontal scroll bar. */
const overflow = (page: Page) =>
  page.evaluate<number>('(document.scrollingElement?.scrollWidth ?? 0) - window.innerWidth');

beforeAll(async () => {
  [stack] = await Promise.all([startConsoleSystem(), mkdir(screenshots, { recursive: true })]);
  system = stack.system;
  app = await system.addApp({ format: 'json' });
  owner = await system.addAgent([app.appId], { username: `owner-${randomAlphanumeric(4)}`, role: 'owner' });
  [zh, en] = await Promise.all([newBrowser('zh-CN'), newBrowser('en-GB')]);
  await signIn(zh, 'zh-CN', owner.username, owner.password);
  await signIn(en, 'en', owner.username, owner.password);
  await Promise.all([connected(zh).waitFor(), connected(en).waitFor()]);
});

afterEach(async () => {
  // A test that failed half-way leaves its dialog open: the next one starts from the console.
  for (const page of [zh, en]) {
    if ((await page.locator('dialog[open]').count()) > 0) await page.keyboard.press('Escape');
  }
});

afterAll(async () => {
  for (const browser of browsers) await browser.close();
  await stack?.stop();
  setLocale('en', false);
});

describe('the team', () => {
  it('invites an agent by link (in Chinese): the link, opened in another browser, chooses a password and signs in', async () => {
    const l: Locale = 'zh-CN';
    const username = `lin-${randomAlphanumeric(4)}`;
    const team = await openAdmin(zh, 'admin.team', 'team.title');
    await team.locator(`tr[data-username="${owner.username}"]`).waitFor();
    await team.getByRole('button', { name: say(l, 'team.invite') }).click();
    await team.getByLabel(say(l, 'team.username'), { exact: true }).fill(username);
    await team.getByLabel(say(l, 'team.displayName')).fill('林晓');
    // Without an app the form says what is missing before sending anything.
    await team.getByRole('button', { name: say(l, 'team.createLink') }).click();
    await team
      .getByRole('alert')
      .filter({ hasText: say(l, 'team.problem.noApp') })
      .waitFor();
    await team.locator('.admin-form__app').filter({ hasText: app.appId }).locator('input').first().check();
    expect(await team.getByRole('radio', { name: say(l, 'team.methodLink') }).isChecked()).toBe(true);
    await shot(zh, 'team-invite-zh-CN');
    await team.getByRole('button', { name: say(l, 'team.createLink') }).click();

    await team.getByRole('heading', { name: say(l, 'team.linkTitle') }).waitFor();
    const link = await copyValue(team, say(l, 'team.link'));
    expect(link).toMatch(new RegExp(`^${stack.consoleUrl}#invitation=[A-Za-z0-9_-]{43}$`));
    await team.getByRole('button', { name: say(l, 'copy.copyWhat', { label: say(l, 'team.link') }) }).click();
    await team
      .getByRole('status')
      .filter({ hasText: say(l, 'copy.copied') })
      .waitFor();
    expect(await clipboard(zh)).toBe(link);
    await shot(zh, 'team-link-zh-CN');
    await team.getByRole('button', { name: say(l, 'team.done') }).click();
    await team.locator(`tr[data-username="${username}"]`).getByText(say(l, 'team.invited')).waitFor();
    await closeDialog(zh, team);

    // The invited person, in a browser of their own.
    const invitee = await newBrowser('zh-CN');
    await invitee.goto(link);
    await invitee.getByRole('heading', { name: say(l, 'invitation.title') }).waitFor();
    await invitee.getByLabel(say(l, 'password.new'), { exact: true }).fill('short');
    await invitee.getByLabel(say(l, 'password.repeat')).fill('short');
    await invitee.getByRole('button', { name: say(l, 'invitation.submit') }).click();
    await invitee
      .getByRole('alert')
      .filter({ hasText: say(l, 'password.tooShort') })
      .waitFor();
    await shot(invitee, 'invitation-zh-CN');
    await invitee.getByLabel(say(l, 'password.new'), { exact: true }).fill('林晓的新密码-2026');
    await invitee.getByLabel(say(l, 'password.repeat')).fill('林晓的新密码-2026');
    await invitee.getByRole('button', { name: say(l, 'invitation.submit') }).click();
    await connected(invitee).waitFor();
    expect(await invitee.locator('.topbar__agent').textContent()).toBe('林晓');
    // The token leaves the address bar, so a reload is the console, not the used link.
    expect(await invitee.evaluate<string>('location.hash')).toBe('');
    expect(await listing(username)).toMatchObject({ invitationPending: false, mustChangePassword: false });

    // The link works once: opened again, it says so.
    const again = await invitee.context().newPage();
    await again.goto(link);
    await again.getByLabel(say(l, 'password.new'), { exact: true }).fill('another-password-1');
    await again.getByLabel(say(l, 'password.repeat')).fill('another-password-1');
    await again.getByRole('button', { name: say(l, 'invitation.submit') }).click();
    await again
      .getByRole('alert')
      .filter({ hasText: say(l, 'invitation.invalid') })
      .waitFor();
    await shot(again, 'invitation-used-zh-CN');
    await again.getByRole('button', { name: say(l, 'invitation.toSignIn') }).click();
    await again.getByRole('heading', { name: say(l, 'login.title') }).waitFor();
    await again.close();
  }, 120_000);

  it('makes an agent change an initial password before anything else (in English)', async () => {
    const l: Locale = 'en';
    const username = `chen-${randomAlphanumeric(4)}`;
    const initial = `given-${randomAlphanumeric(8)}`;
    const team = await openAdmin(en, 'admin.team', 'team.title');
    await team.getByRole('button', { name: 'Invite an agent' }).click();
    await team.getByLabel('Username', { exact: true }).fill(username);
    await team.locator('.admin-form__app').filter({ hasText: app.appId }).locator('input').first().check();
    await team.getByRole('radio', { name: say(l, 'team.methodPassword') }).check();
    await team.getByRole('textbox', { name: 'Initial password', exact: true }).fill(initial);
    await team.getByRole('button', { name: 'Create agent' }).click();
    await team.getByRole('heading', { name: 'Initial password set' }).waitFor();
    await team.getByText(`username (${username})`).waitFor();
    await team.getByRole('button', { name: 'Done' }).click();
    await team
      .locator(`tr[data-username="${username}"]`)
      .getByText(say(l, 'team.mustChangePassword'))
      .waitFor();
    await closeDialog(en, team);

    const agent = await newBrowser('en-GB');
    await signIn(agent, l, username, initial);
    await agent.getByRole('heading', { name: 'Choose your own password' }).waitFor();
    // Nothing of the console starts: no list, no socket.
    expect(await agent.locator('.connection').count()).toBe(0);
    await agent.getByLabel('Password you were given').fill(initial);
    await agent.getByLabel('New password', { exact: true }).fill(initial);
    await agent.getByLabel('New password again').fill(initial);
    await agent.getByRole('button', { name: 'Save and continue' }).click();
    await agent
      .getByRole('alert')
      .filter({ hasText: say(l, 'password.same') })
      .waitFor();
    await shot(agent, 'forced-password-en');
    await agent.getByLabel('New password', { exact: true }).fill('my-very-own-password');
    await agent.getByLabel('New password again').fill('my-very-own-password');
    await agent.getByRole('button', { name: 'Save and continue' }).click();
    await connected(agent).waitFor();
    await agent.reload();
    await connected(agent).waitFor();
    expect(await listing(username)).toMatchObject({ mustChangePassword: false });
    const fresh = await system.login(username, 'my-very-own-password');
    expect(((await fresh.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(false);
  }, 120_000);

  it('disables an agent whose console is open (in Chinese): signed out at once, their customer back in the queue', async () => {
    const l: Locale = 'zh-CN';
    // An app of their own, so nobody else of the workspace takes the customer back at once.
    const shop = await system.addApp({ format: 'json' });
    const mia = await system.addAgent([shop.appId], {
      username: `mia-${randomAlphanumeric(4)}`,
      capacity: 2,
    });
    const miaPage = await newBrowser('en-GB');
    await signIn(miaPage, 'en', mia.username, mia.password);
    await connected(miaPage).waitFor();
    const customer = system.simulator.customer(shop.appId);
    await customer.say('你好，我想问一下订单的事');
    const item = miaPage.locator('.conversation').filter({ hasText: shortenId(customer.openId) });
    await item.waitFor();
    const conversationId = (await item.getAttribute('data-conversation-id')) ?? '';
    expect((await getConversation(conversationId))?.assigneeId).toBe(mia.agentId);

    const team = await openAdmin(zh, 'admin.team', 'team.title');
    const row = team.locator(`tr[data-username="${mia.username}"]`);
    await row.getByRole('button', { name: say(l, 'team.disableWho', { name: mia.username }) }).click();
    await team.getByText(say(l, 'team.disableBody', { name: mia.username, count: 1 })).waitFor();
    await shot(zh, 'team-disable-zh-CN');
    await team.getByRole('button', { name: say(l, 'team.disable'), exact: true }).click();
    await team
      .getByRole('status')
      .filter({ hasText: say(l, 'team.disabledDone', { name: mia.username, count: 1 }) })
      .waitFor();
    await row.getByText(say(l, 'team.disabled'), { exact: true }).waitFor();

    // Their console is signed out at once, saying why.
    await miaPage.getByRole('heading', { name: say('en', 'login.title') }).waitFor();
    await miaPage.getByText(say('en', 'session.ended')).waitFor();
    // The customer waits in the queue again, for the next free colleague.
    await expect
      .poll(async () => {
        const conversation = await getConversation(conversationId, true);
        return { state: conversation?.state, assigneeId: conversation?.assigneeId };
      })
      .toEqual({ state: 'queued', assigneeId: undefined });
    const refused = await system.login(mia.username, mia.password);
    expect(refused.status).toBe(401);

    await row.getByRole('button', { name: say(l, 'team.enableWho', { name: mia.username }) }).click();
    await team
      .getByRole('status')
      .filter({ hasText: say(l, 'team.enabled', { name: mia.username }) })
      .waitFor();
    await closeDialog(zh, team);
  }, 120_000);
});

describe('the apps', () => {
  it('adds an app (in English): callback URL, Token and key to copy once, secrets write-only, credentials tested in words', async () => {
    const l: Locale = 'en';
    const appId = randomAppId();
    const secret = randomAlphanumeric(32);
    let apps = await openAdmin(en, 'admin.apps', 'apps.title');
    await apps.getByRole('button', { name: 'Add an app' }).click();
    await apps.getByLabel('AppID').fill(appId);
    await apps.getByLabel('Name').fill('Shop 12 Mini Program');
    // A fresh Token and EncodingAESKey are generated, as WeChat's console does.
    const token = await apps.getByLabel('Token', { exact: true }).inputValue();
    const aesKey = await apps.getByLabel('EncodingAESKey', { exact: true }).inputValue();
    expect(token).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(aesKey).toMatch(/^[A-Za-z0-9]{43}$/);
    await apps.getByLabel('AppSecret', { exact: true }).fill(secret);
    await shot(en, 'apps-add-en');
    await apps.getByRole('button', { name: 'Add app' }).click();

    await apps.getByRole('heading', { name: 'Connect Shop 12 Mini Program to WeChat' }).waitFor();
    expect(await copyValue(apps, 'Callback URL')).toBe(`${system.runtime.httpUrl}/wechat/${appId}`);
    expect(await copyValue(apps, 'Token')).toBe(token);
    expect(await copyValue(apps, 'EncodingAESKey')).toBe(aesKey);
    for (const label of ['Callback URL', 'Token', 'EncodingAESKey']) {
      await apps.getByRole('button', { name: `Copy ${label}`, exact: true }).waitFor();
    }
    await apps.getByRole('button', { name: 'Copy Token', exact: true }).click();
    expect(await clipboard(en)).toBe(token);
    await apps.getByRole('button', { name: 'Copy Callback URL', exact: true }).click();
    expect(await clipboard(en)).toBe(`${system.runtime.httpUrl}/wechat/${appId}`);
    const steps = apps.locator('.setup-steps li');
    expect(await steps.count()).toBe(6);
    expect(await steps.first().textContent()).toContain('开发管理 → 开发设置 → 消息推送');
    await shot(en, 'apps-setup-new-en');

    // After a reload the console knows only that the secrets are set.
    await en.reload();
    await connected(en).waitFor();
    apps = await openAdmin(en, 'admin.apps', 'apps.title');
    const row = apps.locator(`tr[data-app-id="${appId}"]`);
    await row.getByRole('button', { name: 'WeChat setup of Shop 12 Mini Program' }).click();
    expect(await copyValue(apps, 'Callback URL')).toBe(`${system.runtime.httpUrl}/wechat/${appId}`);
    expect(await apps.getByText(say(l, 'apps.keptSecret')).count()).toBe(2);
    const inputs = async () =>
      Promise.all((await apps.locator('input').all()).map((input) => input.inputValue()));
    const shown = `${await apps.textContent()} ${(await inputs()).join(' ')}`;
    expect(shown).not.toContain(token);
    expect(shown).not.toContain(aesKey);
    await apps.getByRole('button', { name: 'Done' }).click();
    await row.getByRole('button', { name: 'Edit Shop 12 Mini Program' }).click();
    await apps.getByRole('button', { name: 'Replace the AppSecret' }).waitFor();
    expect(await apps.getByText('Set', { exact: true }).count()).toBe(3);
    expect(await inputs()).not.toContain(secret);
    await shot(en, 'apps-edit-en');
    await apps.getByRole('button', { name: 'Cancel' }).click();

    // Testing the credentials: the simulator, standing in for WeChat, knows the app and its secret.
    await row.getByRole('button', { name: 'Test the credentials of Shop 12 Mini Program' }).click();
    await apps
      .getByRole('status')
      .filter({ hasText: `Shop 12 Mini Program: ${say(l, 'apps.test.ok')}` })
      .waitFor();
    system.simulator.forgetApp(appId);
    await row.getByRole('button', { name: 'Test the credentials of Shop 12 Mini Program' }).click();
    await apps
      .getByRole('status')
      .filter({ hasText: say(l, 'apps.test.40013', { appId }) })
      .waitFor();
    await shot(en, 'apps-en');
    await closeDialog(en, apps);
  }, 120_000);
});

describe('queues and the audit trail', () => {
  it('deletes a queue (in Chinese): its waiting customer moves to the default queue', async () => {
    const l: Locale = 'zh-CN';
    const shop = await system.addApp({ format: 'json' });
    const created = await system.request(owner.token, 'PUT', `/api/admin/queues/${shop.appId}/vip`, {
      name: 'VIP',
      sessionFromRules: [{ match: 'prefix', pattern: 'vip:' }],
    });
    expect(created.status).toBe(200);
    const customer = system.simulator.customer(shop.appId);
    await customer.enterSession('vip:gold');
    await customer.say('会员专线在吗？');
    const waitingIn = async (queueId: string) => {
      const { body } = await system.request<{ queues: QueueView[] }>(owner.token, 'GET', '/api/queues');
      const queue = body.queues.find((each) => each.appId === shop.appId && each.queueId === queueId);
      return queue?.waiting.map((waiting) => waiting.conversation.conversationId) ?? [];
    };
    await expect.poll(() => waitingIn('vip')).toHaveLength(1);
    const [conversationId] = await waitingIn('vip');

    const settings = await openAdmin(zh, 'topbar.queueSettings', 'qs.title');
    await settings.locator('.queue-settings__app-select').selectOption(shop.appId);
    await settings.getByRole('button', { name: /^VIP/ }).click();
    await settings.getByRole('heading', { name: 'VIP', exact: true, level: 3 }).waitFor();
    await settings.getByRole('button', { name: say(l, 'qs.delete') }).click();
    const question = settings
      .getByRole('alert')
      .filter({ hasText: say(l, 'qs.deleteQuestion', { name: 'VIP' }) });
    await question.waitFor();
    await shot(zh, 'queue-delete-zh-CN');
    await question.getByRole('button', { name: say(l, 'qs.delete') }).click();
    await settings
      .getByRole('status')
      .filter({ hasText: say(l, 'qs.deleted', { name: 'VIP', count: 1 }) })
      .waitFor();
    await closeDialog(zh, settings);

    const { body } = await system.request<{ apps: AdministeredApp[] }>(
      owner.token,
      'GET',
      '/api/admin/queues',
    );
    const queues = body.apps.find((each) => each.appId === shop.appId)?.queues.map((queue) => queue.queueId);
    expect(queues).toEqual(['default']);
    expect((await getConversation(conversationId ?? '', true))?.queueId).toBe('default');
    expect(await waitingIn('default')).toEqual([conversationId]);
  }, 90_000);

  it('shows the audit trail (in English), filtered by event and date, and says how long it is kept', async () => {
    const l: Locale = 'en';
    const audit = await openAdmin(en, 'admin.audit', 'audit.title');
    const { body } = await system.request<AuditPage>(owner.token, 'GET', '/api/admin/audit?limit=1');
    await audit.getByText(say(l, 'audit.retention', { days: body.retentionDays })).waitFor();
    expect(body.retentionDays).toBe(180);
    const kinds = () =>
      audit.locator('tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-kind')));
    await expect.poll(async () => (await kinds()).length).toBeGreaterThan(3);

    await audit.getByLabel('Event').selectOption('agent.disabled');
    await expect.poll(kinds).toEqual(['agent.disabled']);
    const entry = audit.locator('tbody tr');
    expect(await entry.getByRole('rowheader').textContent()).toBe(owner.username);
    expect(await entry.locator('td').nth(2).textContent()).toMatch(/^mia-/);
    await shot(en, 'audit-filtered-en');

    // Nothing has happened tomorrow yet.
    const tomorrow = new Date(Date.now() + 24 * 60 * 60 * 1000);
    const day = `${tomorrow.getFullYear()}-${String(tomorrow.getMonth() + 1).padStart(2, '0')}-${String(tomorrow.getDate()).padStart(2, '0')}`;
    await audit.getByLabel('From', { exact: true }).fill(day);
    await audit.getByText('No entries match.').waitFor();
    await audit.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(async () => (await kinds()).length).toBeGreaterThan(3);
    await closeDialog(en, audit);
  }, 60_000);
});

describe('every new screen, in both languages', () => {
  it.each<Locale>(['zh-CN', 'en'])(
    '%s: the screens at 1280 px and the menu and team at 390 px',
    async (l) => {
      const page = l === 'zh-CN' ? zh : en;
      await openAdminMenu(page);
      await shot(page, `menu-${l}`);

      const team = await openAdmin(page, 'admin.team', 'team.title');
      await team.locator(`tr[data-username="${owner.username}"]`).waitFor();
      await shot(page, `team-${l}`);
      await team.getByRole('button', { name: say(l, 'team.invite') }).click();
      await team.getByRole('heading', { name: say(l, 'team.inviteTitle') }).waitFor();
      await shot(page, `team-invite-form-${l}`);
      await closeDialog(page, team);

      const apps = await openAdmin(page, 'admin.apps', 'apps.title');
      const row = apps.locator(`tr[data-app-id="${app.appId}"]`);
      await row.waitFor();
      await shot(page, `apps-list-${l}`);
      await row.getByRole('button', { name: say(l, 'apps.setupWhat', { name: `app ${app.appId}` }) }).click();
      await apps
        .getByRole('heading', { name: say(l, 'apps.setupTitle', { name: `app ${app.appId}` }) })
        .waitFor();
      await shot(page, `apps-setup-${l}`);
      await apps.getByRole('button', { name: say(l, 'team.done') }).click();
      await apps.getByRole('button', { name: say(l, 'apps.addTitle') }).click();
      await apps.getByRole('heading', { name: say(l, 'apps.addTitle') }).waitFor();
      await shot(page, `apps-add-form-${l}`);
      await closeDialog(page, apps);

      const audit = await openAdmin(page, 'admin.audit', 'audit.title');
      await audit.locator('tbody tr').first().waitFor();
      await shot(page, `audit-${l}`);
      await closeDialog(page, audit);

      const queueId = `shot-${l.toLowerCase()}`;
      await system.request(owner.token, 'PUT', `/api/admin/queues/${app.appId}/${queueId}`, {
        name: queueId,
      });
      const settings = await openAdmin(page, 'topbar.queueSettings', 'qs.title');
      await settings.locator('.queue-settings__app-select').selectOption(app.appId);
      await settings.getByRole('button', { name: new RegExp(`^${queueId}`) }).click();
      await settings.getByRole('button', { name: say(l, 'qs.delete') }).click();
      await settings
        .getByRole('alert')
        .filter({ hasText: say(l, 'qs.deleteQuestion', { name: queueId }) })
        .waitFor();
      await shot(page, `queue-delete-${l}`);
      await settings
        .getByRole('alert')
        .getByRole('button', { name: say(l, 'common.cancel') })
        .click();
      await closeDialog(page, settings);

      // At phone width the administration menu lies open in the top bar's menu, and the team fits.
      await page.setViewportSize({ width: 390, height: 844 });
      await page.getByRole('button', { name: say(l, 'topbar.menu') }).click();
      const teamEntry = page.getByRole('button', { name: say(l, 'admin.team'), exact: true });
      await teamEntry.waitFor();
      const box = await teamEntry.boundingBox();
      expect(box && box.x >= 0 && box.x + box.width <= 390).toBe(true);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `mobile-menu-${l}`);
      await teamEntry.click();
      const narrowTeam = page.getByRole('dialog', { name: say(l, 'team.title') });
      await narrowTeam.locator(`tr[data-username="${owner.username}"]`).waitFor();
      const fits = await narrowTeam
        .locator('.admin')
        .evaluate((element) => element.scrollWidth <= element.clientWidth);
      expect(fits).toBe(true);
      expect(await overflow(page)).toBeLessThanOrEqual(0);
      await shot(page, `mobile-team-${l}`);
      await closeDialog(page, narrowTeam);
      await page.setViewportSize({ width: 1280, height: 800 });

      // The two pages before the console: an invitation link, and an initial password to replace.
      const visitor = await newBrowser(l === 'zh-CN' ? 'zh-CN' : 'en-GB');
      await visitor.goto(`${stack.consoleUrl}#invitation=${randomAlphanumeric(43)}`);
      await visitor.getByRole('heading', { name: say(l, 'invitation.title') }).waitFor();
      await shot(visitor, `invitation-form-${l}`);
      await visitor.getByLabel(say(l, 'password.new'), { exact: true }).fill('a-password-of-mine');
      await visitor.getByLabel(say(l, 'password.repeat')).fill('a-password-of-mine');
      await visitor.getByRole('button', { name: say(l, 'invitation.submit') }).click();
      await visitor
        .getByRole('alert')
        .filter({ hasText: say(l, 'invitation.invalid') })
        .waitFor();
      await shot(visitor, `invitation-invalid-${l}`);

      const username = `given-${randomAlphanumeric(4)}`;
      const initial = randomAlphanumeric(12);
      const added = await system.request(owner.token, 'POST', '/api/admin/agents', {
        username,
        appIds: [app.appId],
        initialPassword: initial,
      });
      expect(added.status).toBe(201);
      await signIn(visitor, l, username, initial);
      await visitor.getByRole('heading', { name: say(l, 'forcedPassword.title') }).waitFor();
      await shot(visitor, `forced-password-${l}`);
      // Signing out is the one other thing allowed.
      await visitor.getByRole('button', { name: say(l, 'topbar.signOut') }).click();
      await visitor.getByText(say(l, 'session.signedOut')).waitFor();
      expect(pageErrors).toEqual([]);
    },
    180_000,
  );
});
