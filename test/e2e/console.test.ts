import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortenId } from '../../web/src/format-ids.ts';
import type { E2eBackend, TestAgentCredentials } from './harness/backend.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { buildConsole } from './harness/build-console.ts';
import { type ConsoleServer, startConsoleServer } from './harness/console-server.ts';
import { startFakeBackend } from './harness/fake-backend.ts';
import { startRealBackend } from './harness/real-backend.ts';
import { openAccountMenu, signIn } from './harness/sign-in.ts';
import { type SocketGate, startSocketGate } from './harness/socket-gate.ts';
import { customerPhotoSvg, productThumbSvg } from './harness/test-images.ts';

/**
 * The agent console in Chromium against the whole local system: built with Vite, served like
 * CloudFront serves it, fed by signed WeChat callbacks. E2E_BACKEND=fake swaps in the in-memory
 * backend of harness/fake-backend.ts (same contract) for working on the console alone.
 */

const backendKind = process.env.E2E_BACKEND === 'fake' ? 'fake' : 'real';

let backend: E2eBackend;
let distDir: string;
let gate: SocketGate;
let server: ConsoleServer;
let browser: TestBrowser;
let page: Page;
let agent: TestAgentCredentials;
const pageErrors: string[] = [];

const newOpenId = () => `o${randomBytes(14).toString('base64url')}`;
const connection = (status: string) => page.locator(`.connection[data-status="${status}"]`);
const conversationItem = (openId: string) =>
  page.locator('.conversation').filter({ hasText: shortenId(openId) });
const inThread = (text: string) => page.locator('.thread__messages').getByText(text, { exact: true });

beforeAll(async () => {
  [backend, distDir] = await Promise.all([
    backendKind === 'fake' ? startFakeBackend() : startRealBackend(),
    buildConsole(),
  ]);
  gate = await startSocketGate(backend.webSocketUrl);
  server = await startConsoleServer(
    distDir,
    { httpApiUrl: backend.httpUrl, webSocketUrl: gate.url },
    {
      '/media/customer-photo.svg': { contentType: 'image/svg+xml', body: Buffer.from(customerPhotoSvg) },
      '/media/product-thumb.svg': { contentType: 'image/svg+xml', body: Buffer.from(productThumbSvg) },
    },
  );
  agent = await backend.addAgent();
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await gate?.stop();
  await backend?.stop();
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

describe(`agent console (${backendKind} backend)`, () => {
  it('refuses a wrong password with a clear message, then signs in with Enter', async () => {
    await page.goto(server.url);
    await page.getByLabel('Username').fill(agent.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
    expect(await page.getByLabel('Password').inputValue()).toBe('');
    await page.screenshot({ path: '/tmp/console-login.png' });

    await page.getByLabel('Password').fill(agent.password);
    await page.getByLabel('Password').press('Enter');
    await connection('connected').waitFor();
    await page.getByText('No conversations yet').waitFor();
  });

  it('shows a customer message live, in the list and in the thread, as text only', async () => {
    const openId = newOpenId();
    const text = '你好，我的订单还没到。\n订单号 <b>12345</b> <img src=x onerror=alert(1)>';
    await backend.customerSends(agent.appId, openId, { type: 'text', text });

    const item = conversationItem(openId);
    await item
      .locator('.badge')
      .filter({ hasText: /^1 unread$/ })
      .waitFor();
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('(1) Customer service console');

    await item.click();
    const bubble = page.locator('.message--customer .content-text').last();
    await bubble.waitFor();
    // innerText is the point: it is the text as rendered, so it proves the line break survives.
    // biome-ignore lint/performance/useDomNodeTextContent: rendered text, not DOM text, is under test
    expect(await bubble.innerText()).toBe(text);
    expect(await page.locator('.thread img, .content-text b').count()).toBe(0);
    await item.locator('.badge').waitFor({ state: 'detached' });
    await expect.poll(() => page.title(), { timeout: 10_000 }).toBe('Customer service console');
  });

  it('renders an entry event, an image and a mini program card', async () => {
    const openId = newOpenId();
    await backend.customerSends(agent.appId, openId, {
      type: 'event',
      event: 'user_enter_tempsession',
      detail: { sessionFrom: 'shop:12' },
    });
    await conversationItem(openId).waitFor();
    await backend.customerSends(agent.appId, openId, {
      type: 'image',
      url: `${server.url}media/customer-photo.svg`,
      mediaId: 'media-photo-1',
    });
    await backend.customerSends(agent.appId, openId, {
      type: 'miniprogrampage',
      title: '春季新品 · Spring collection',
      appId: 'wx1234567890abcdef',
      pagePath: 'pages/product/detail?id=42',
      thumbUrl: `${server.url}media/product-thumb.svg`,
    });
    await backend.customerSends(agent.appId, openId, {
      type: 'text',
      text: 'Is this one in stock in size M?',
    });

    await conversationItem(openId).filter({ hasText: 'Is this one in stock' }).click();
    await page.locator('.system-line').filter({ hasText: 'Customer entered from shop:12' }).waitFor();
    const photo = page.locator('.content-image img');
    await photo.waitFor();
    await expect
      .poll(() => photo.evaluate((image: { naturalWidth: number }) => image.naturalWidth), {
        timeout: 10_000,
      })
      .toBeGreaterThan(0);
    expect(await photo.getAttribute('referrerpolicy')).toBe('no-referrer');
    const card = page.locator('.content-card--miniprogram');
    await card.getByText('春季新品 · Spring collection').waitFor();
    await card.getByText('pages/product/detail?id=42').waitFor();
    await card.locator('img.content-card__thumb').waitFor();
    await inThread('Is this one in stock in size M?').waitFor();
    // Oldest first: the event, then the image, the card and the text.
    const order = await page
      .locator('.thread__messages > [data-message-id]')
      .evaluateAll((nodes: { className: string }[]) => nodes.map((node) => node.className));
    expect(order).toEqual([
      'system-line',
      'message message--customer',
      'message message--customer',
      'message message--customer',
    ]);
    await page.screenshot({ path: '/tmp/console-rich.png' });
    await page.locator('.thread__messages').evaluate((list: { scrollTop: number }) => {
      list.scrollTop = 0;
    });
    await page.screenshot({ path: '/tmp/console-rich-top.png' });
  });

  it('renders voice, video, location, link and unknown messages, with unsafe links left as text', async () => {
    const openId = newOpenId();
    const send = (content: Parameters<E2eBackend['customerSends']>[2]) =>
      backend.customerSends(agent.appId, openId, content);
    await send({ type: 'voice', mediaId: 'media-voice', format: 'amr', recognition: '我想退货' });
    await conversationItem(openId).waitFor();
    await send({ type: 'video', mediaId: 'media-video', thumbMediaId: 'media-thumb', short: true });
    await send({ type: 'location', latitude: 23.129163, longitude: 113.264435, scale: 15, label: '广州塔' });
    await send({
      type: 'link',
      title: 'Order 12345',
      description: 'My order page',
      url: 'https://shop.example/orders/12345',
    });
    await send({ type: 'link', title: 'Click me', url: 'javascript:alert(1)' });
    await send({ type: 'unknown', msgType: 'hologram', fields: { Depth: '3' } });

    await conversationItem(openId).click();
    await inThread(
      'The customer sent a kind of message the console cannot show yet; see it in WeChat.',
    ).waitFor();
    await inThread('Voice message (amr)').waitFor();
    await page.locator('.content-media__transcript').filter({ hasText: '我想退货' }).waitFor();
    await inThread('Short video').waitFor();
    await inThread('广州塔').waitFor();
    await inThread('23.12916, 113.26444').waitFor();
    const safeLink = page.locator('.thread__messages a', { hasText: 'Order 12345' });
    expect(await safeLink.getAttribute('href')).toBe('https://shop.example/orders/12345');
    expect(await safeLink.getAttribute('rel')).toBe('noopener noreferrer');
    await inThread('Click me').waitFor();
    expect(await page.locator('.thread__messages a[href^="javascript"]').count()).toBe(0);
    await page.screenshot({ path: '/tmp/console-media.png' });
  });

  it('says so when the server drops the socket, and shows what arrived meanwhile once back', async () => {
    const openId = newOpenId();
    await backend.customerSends(agent.appId, openId, {
      type: 'text',
      text: 'I have a question about my refund.',
    });
    await conversationItem(openId).click();
    await inThread('I have a question about my refund.').waitFor();

    // Keep the console from getting back until the missed message has been written.
    gate.shut();
    expect(await backend.dropSockets(agent.agentId)).toBeGreaterThan(0);
    await connection('reconnecting').waitFor();
    await page.getByText('Connection lost. Reconnecting…').waitFor();
    await page.screenshot({ path: '/tmp/console-reconnecting.png' });

    const missed = 'Hello? Anyone there? 有人吗？';
    await backend.customerSends(agent.appId, openId, { type: 'text', text: missed });
    await expect.poll(() => gate.refused, { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await inThread(missed).count()).toBe(0);

    gate.open();
    await connection('connected').waitFor({ timeout: 20_000 });
    await inThread(missed).waitFor();
    expect(await inThread(missed).count()).toBe(1);
    await page.getByText('Connection lost. Reconnecting…').waitFor({ state: 'detached' });
  });

  it('lays out at 1280 and 1024 pixels wide', async () => {
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/console.png' });
    await page.setViewportSize({ width: 1024, height: 700 });
    expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(1024);
    await page.screenshot({ path: '/tmp/console-1024.png' });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('goes back to the login screen, saying why, when the API refuses the token', async () => {
    await page.evaluate(`(() => {
      const session = JSON.parse(localStorage.getItem('wechat-cs:session'));
      session.token = session.token.slice(0, -4) + 'AAAA';
      localStorage.setItem('wechat-cs:session', JSON.stringify(session));
    })()`);
    await page.reload();
    await page.getByText(/^Your session has ended/).waitFor();
    await page.getByLabel('Username').waitFor();
  });

  it('renews the one-hour session silently, and warns then signs out only when renewal fails', async () => {
    // A browser of its own: tabs of one browser share the session (and this one's clock is fake).
    const other = await launchBrowser();
    const tab = other.context.pages()[0] ?? (await other.context.newPage());
    const storedToken = () =>
      tab.evaluate(`JSON.parse(localStorage.getItem('wechat-cs:session') ?? 'null')?.token`);
    try {
      // The page's clock only: the backend's tokens keep real time.
      await tab.clock.install();
      await signIn(tab, server.url, agent);
      const firstToken = await storedToken();

      // Five minutes before the end, a new token arrives without the agent noticing anything.
      const renewed = tab.waitForResponse(
        (response) => response.url().endsWith('/api/auth/refresh') && response.status() === 200,
      );
      await tab.clock.fastForward('56:00');
      await renewed;
      await expect.poll(storedToken).not.toBe(firstToken);
      expect(await tab.getByText(/Could not renew your session/).count()).toBe(0);
      await tab.locator('.connection[data-status="connected"]').waitFor();

      // When renewal keeps failing, the agent is warned, then signed out before the token dies.
      let refusedRenewals = 0;
      await tab.route('**/api/auth/refresh', (route) => {
        refusedRenewals++;
        return route.abort('connectionrefused');
      });
      await tab.clock.fastForward('56:00');
      await tab
        .getByText(/^Could not renew your session\. It ends at \d\d:\d\d: you will need to sign in again\.$/)
        .waitFor();
      expect(refusedRenewals).toBeGreaterThan(0);
      await tab.clock.fastForward('04:00');
      await tab.getByText('Your session expired. Sign in again to continue.').waitFor();
    } finally {
      await other.close();
    }
  });

  it('signs out', async () => {
    await page.getByLabel('Username').fill(agent.username);
    await page.getByLabel('Password').fill(agent.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await connection('connected').waitFor();
    await openAccountMenu(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    // The agent still has the conversations of the tests above: they are asked what becomes of them.
    await page.getByRole('dialog', { name: 'Sign out?' }).waitFor();
    await page.getByRole('button', { name: /^Keep them assigned to me/ }).click();
    await page.getByText('You signed out.').waitFor();
    expect(await page.evaluate(`localStorage.getItem('wechat-cs:session')`)).toBeNull();
    expect(pageErrors).toEqual([]);
  });
});
