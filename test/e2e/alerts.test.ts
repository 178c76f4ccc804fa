import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import type { TestAgent, TestApp, TestSystem } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { type ConsoleSystem, startConsoleSystem } from './harness/console-system.ts';
import { signIn } from './harness/sign-in.ts';

/**
 * Alerts for an agent looking elsewhere, in Chromium against the whole local system: desktop
 * notifications and the chime, observed where the page really makes them. An init script wraps
 * `window.Notification` and `AudioContext.prototype.createOscillator` to record every call before
 * doing the real thing; "looking elsewhere" is another conversation open, as at a real desk.
 */

let system: TestSystem;
let stack: ConsoleSystem;
let browser: TestBrowser;
let app: TestApp;
let agent: TestAgent;
let page: Page;
const pageErrors: string[] = [];

interface RecordedNotification {
  title: string;
  body?: string;
  tag?: string;
}

/** Runs in the page before the console's own scripts. Page source, not Node-typed code. */
const recorder = `(() => {
  const recorded = { notifications: [], instances: [], oscillators: 0 };
  window.__alerts = recorded;
  const RealNotification = window.Notification;
  if (RealNotification) {
    class RecordingNotification extends RealNotification {
      constructor(title, options) {
        recorded.notifications.push({ title, body: options && options.body, tag: options && options.tag });
        super(title, options);
        recorded.instances.push(this);
      }
      static get permission() {
        return RealNotification.permission;
      }
      static requestPermission(callback) {
        return RealNotification.requestPermission(callback);
      }
    }
    window.Notification = RecordingNotification;
  }
  if (window.AudioContext) {
    const createOscillator = AudioContext.prototype.createOscillator;
    AudioContext.prototype.createOscillator = function (...args) {
      recorded.oscillators += 1;
      return createOscillator.apply(this, args);
    };
  }
})();`;

const notifications = async (target = page) =>
  (await target.evaluate('window.__alerts.notifications')) as RecordedNotification[];
const oscillators = async (target = page) => (await target.evaluate('window.__alerts.oscillators')) as number;

const conversationItem = (customer: SimulatedCustomer, target = page) =>
  target.locator('#panel-conversations .conversation').filter({ hasText: shortenId(customer.openId) });
const inThread = (text: string) => page.locator('.thread__messages').getByText(text, { exact: true });
const alertsButton = (target = page) => target.getByRole('button', { name: /^Alerts/ });

/** Opens a customer's conversation and waits until its thread shows `text`. */
async function open(customer: SimulatedCustomer, text: string): Promise<void> {
  await conversationItem(customer).click();
  await page
    .locator('.conversation[aria-current="true"]')
    .filter({ hasText: shortenId(customer.openId) })
    .waitFor();
  await inThread(text).waitFor();
}

beforeAll(async () => {
  stack = await startConsoleSystem();
  system = stack.system;
  app = await system.addApp({ format: 'json' });
  agent = await system.addAgent([app.appId], { capacity: 10 });
  browser = await launchBrowser();
  await browser.context.grantPermissions(['notifications'], { origin: new URL(stack.consoleUrl).origin });
  await browser.context.addInitScript(recorder);
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signIn(page, stack.consoleUrl, agent);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe('alerts for an agent looking elsewhere', () => {
  let first: SimulatedCustomer;
  let second: SimulatedCustomer;

  it('turns desktop notifications on from the top bar and remembers it', async () => {
    // The default: the chime only, notifications wait for the agent.
    await alertsButton().filter({ hasText: 'Sound only' }).waitFor();
    await alertsButton().click();
    const notificationsSwitch = page.getByRole('switch', { name: 'Desktop notifications' });
    expect(await notificationsSwitch.isChecked()).toBe(false);
    expect(await page.getByRole('switch', { name: 'Sound' }).isChecked()).toBe(true);
    await notificationsSwitch.click();
    await alertsButton().filter({ hasText: /On$/ }).waitFor();
    expect(await notificationsSwitch.isChecked()).toBe(true);
    await page.getByText('Who wrote and what, when you look elsewhere.', { exact: false }).waitFor();
    await page.screenshot({
      path: '/tmp/console-alerts.png',
      clip: { x: 0, y: 0, width: 1280, height: 260 },
      animations: 'disabled',
    });
    await page.keyboard.press('Escape');
    await notificationsSwitch.waitFor({ state: 'detached' });
    expect(await page.evaluate("localStorage.getItem('wechat-cs:alerts')")).toBe(
      JSON.stringify({ sound: true, notifications: true }),
    );
    expect(await notifications()).toEqual([]);
  });

  it("notifies once, naming the customer, of a new customer's first message, and chimes", async () => {
    first = system.simulator.customer(app.appId);
    await first.say('你好，我想咨询一下退货');
    await expect.poll(() => notifications()).toHaveLength(1);
    const [notification] = await notifications();
    expect(notification?.title).toBe(`New conversation · Customer ${shortenId(first.openId)}`);
    expect(notification?.body).toBe('你好，我想咨询一下退货');
    const conversationId = await conversationItem(first).getAttribute('data-conversation-id');
    expect(notification?.tag).toBe(`conversation:${conversationId}`);
    await expect.poll(() => oscillators()).toBeGreaterThan(0);
  });

  it('stays quiet for a message in the conversation open on screen, and for the agent’s own reply', async () => {
    await open(first, '你好，我想咨询一下退货');
    const chimes = await oscillators();
    await first.say('订单号是 20240518');
    await inThread('订单号是 20240518').waitFor();

    const reply = '您好，我来帮您查一下。';
    await page.getByLabel('Message to the customer').fill(reply);
    await page.getByLabel('Message to the customer').press('Enter');
    await first.nextReceived((message) => message.text === reply);
    await page
      .locator('.thread__messages .message--agent[data-status="sent"]')
      .filter({ hasText: reply })
      .waitFor();
    expect(await notifications()).toHaveLength(1);
    expect(await oscillators()).toBe(chimes);
  });

  it('notifies of a second customer while the agent looks at the first, and a click opens it', async () => {
    second = system.simulator.customer(app.appId);
    await second.say('有人在吗？');
    await expect.poll(() => notifications()).toHaveLength(2);
    const latest = (await notifications())[1];
    expect(latest?.title).toBe(`New conversation · Customer ${shortenId(second.openId)}`);
    expect(latest?.body).toBe('有人在吗？');

    // A click on the notification brings the console forward with that conversation open.
    await page.evaluate("window.__alerts.instances.at(-1).dispatchEvent(new Event('click'))");
    await page
      .locator('.conversation[aria-current="true"]')
      .filter({ hasText: shortenId(second.openId) })
      .waitFor();
    await inThread('有人在吗？').waitFor();
    expect(await notifications()).toHaveLength(2);
  });

  it('after a reconnect, gives at most one alert for the messages it read back, not one each', async () => {
    // Looking at the first customer again; the second one writes three times while the socket is down.
    await open(first, '您好，我来帮您查一下。');
    const before = (await notifications()).length;
    const chimes = await oscillators();

    await page.context().setOffline(true);
    await page.locator('.connection:not([data-status="connected"])').waitFor();
    const missed = ['第一条：我换了地址', '第二条：新地址在上海', '第三条：麻烦尽快'];
    for (const text of missed) await second.say(text);
    await page.context().setOffline(false);
    await page.locator('.connection[data-status="connected"]').waitFor();

    // Read back over HTTP: the second customer's entry counts the three unread messages.
    await conversationItem(second)
      .locator('.badge')
      .filter({ hasText: /^3 unread/ })
      .waitFor();
    await expect.poll(async () => (await notifications()).length).toBe(before + 1);
    const alert = (await notifications()).at(-1);
    expect(alert?.title).toBe(`Customer ${shortenId(second.openId)}`);
    // Usually all three are read back ("3 new messages"); a push the stream made only after the new
    // socket was up arrives live instead, and then the rest joins its notification.
    expect(['3 new messages', ...missed]).toContain(alert?.body);
    // Not a chime per message either (one note each).
    expect((await oscillators()) - chimes).toBeLessThan(missed.length);

    await open(second, missed[2] as string);
    expect(await notifications()).toHaveLength(before + 1);
    expect(pageErrors).toEqual([]);
  });

  it('says when the browser blocks notifications, and still chimes', async () => {
    // Nothing granted: headless Chromium answers the permission request with "denied".
    const denying = await launchBrowser();
    try {
      await denying.context.addInitScript(recorder);
      const other = denying.context.pages()[0] ?? (await denying.context.newPage());
      other.setDefaultTimeout(15_000);
      other.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(other, stack.consoleUrl, agent);
      await alertsButton(other).click();
      await other.getByRole('switch', { name: 'Desktop notifications' }).click();
      await alertsButton(other).filter({ hasText: 'Blocked by browser' }).waitFor();
      await other.getByText('Notifications are blocked by the browser.', { exact: false }).waitFor();
      await other.screenshot({
        path: '/tmp/console-alerts-blocked.png',
        clip: { x: 0, y: 0, width: 1280, height: 260 },
        animations: 'disabled',
      });
      await other.keyboard.press('Escape');

      const third = system.simulator.customer(app.appId);
      await third.say('还有人吗？');
      await conversationItem(third, other).waitFor();
      await expect.poll(() => oscillators(other)).toBeGreaterThan(0);
      expect(await notifications(other)).toEqual([]);
      expect(pageErrors).toEqual([]);
    } finally {
      await denying.close();
    }
  });
});
