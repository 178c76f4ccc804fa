import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { createConnectionPusher } from '../../shared/realtime/connection-pusher.ts';
import { listAgentConnectionIds } from '../../shared/store/connections-repository.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { startSystem, type TestAgent, type TestApp, type TestSystem } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { buildConsole } from './harness/build-console.ts';
import { type ConsoleServer, startConsoleServer } from './harness/console-server.ts';
import { signIn } from './harness/sign-in.ts';
import { type SocketGate, startSocketGate } from './harness/socket-gate.ts';
import { landscapePng } from './harness/test-images.ts';

/**
 * The sending side of the console in Chromium against the whole local system, with the WeChat
 * simulator in WeChat's place: what the agent sends must reach the simulated customer exactly once,
 * and every refusal (the reply window, WeChat's own errors) must reach the agent in words.
 */

let system: TestSystem;
let distDir: string;
let gate: SocketGate;
let server: ConsoleServer;
let browser: TestBrowser;
let page: Page;
let app: TestApp;
/** An Official Account linked to two Mini Programs, served by the same agent. */
let officialAccount: TestApp;
const linkedMiniPrograms = ['wx11aa22bb33cc44dd', 'wx55ee66ff77aa88bb'];
let agent: TestAgent;
const pageErrors: string[] = [];

const composer = () => page.getByLabel('Message to the customer');
const sendButton = () => page.locator('.composer__send');
const replyWindow = () => page.getByTestId('reply-window');
const bubble = (text: string) =>
  page.locator('.thread__messages .message--agent').filter({ has: page.getByText(text, { exact: true }) });
const sentBubble = (text: string) => bubble(text).and(page.locator('[data-status="sent"]'));
const received = (customer: SimulatedCustomer, text: string) =>
  customer.inbox.filter((message) => message.text === text);

/** A new customer writes; the agent opens the conversation. */
async function customerWrites(text: string): Promise<SimulatedCustomer> {
  const customer = system.simulator.customer(app.appId);
  await customer.say(text);
  await page
    .locator('.conversation')
    .filter({ hasText: shortenId(customer.openId) })
    .click();
  await page.locator('.thread__messages').getByText(text, { exact: true }).waitFor();
  return customer;
}

/** Drops the console's socket and keeps it from coming back until `gate.open()`. */
async function cutSocket(): Promise<void> {
  gate.shut();
  const pusher = createConnectionPusher(system.runtime.connectionsEndpoint);
  const connectionIds = await listAgentConnectionIds(agent.agentId);
  await Promise.all(connectionIds.map((connectionId) => pusher.disconnect(connectionId)));
  await page.locator('.connection[data-status="reconnecting"]').waitFor();
}

/** Puts files into the page as a DataTransfer, for paste and drop events. */
async function dispatchWithFile(
  selector: string,
  kind: 'paste' | 'drop',
  file: { name: string; type: string; bytes: Buffer },
): Promise<void> {
  // Runs in Chromium, so it is written as page source rather than Node-typed code.
  const args = JSON.stringify({
    selector,
    kind,
    name: file.name,
    type: file.type,
    base64: file.bytes.toString('base64'),
  });
  await page.evaluate(`(() => {
    const { selector, kind, name, type, base64 } = ${args};
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const data = new DataTransfer();
    data.items.add(new File([bytes], name, { type }));
    const target = document.querySelector(selector);
    if (!target) throw new Error('no ' + selector);
    if (kind === 'paste') {
      target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
      return;
    }
    for (const eventType of ['dragenter', 'dragover', 'drop']) {
      target.dispatchEvent(new DragEvent(eventType, { dataTransfer: data, bubbles: true, cancelable: true }));
    }
  })()`);
}

beforeAll(async () => {
  [system, distDir] = await Promise.all([startSystem(), buildConsole()]);
  gate = await startSocketGate(system.runtime.webSocketUrl);
  server = await startConsoleServer(distDir, {
    httpApiUrl: system.runtime.httpUrl,
    webSocketUrl: gate.url,
  });
  app = await system.addApp({ format: 'json' });
  officialAccount = await system.addApp({ type: 'official-account', format: 'xml', linkedMiniPrograms });
  agent = await system.addAgent([app.appId, officialAccount.appId], { capacity: 20 });
  browser = await launchBrowser();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.setDefaultTimeout(15_000);
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await signIn(page, server.url, agent);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await gate?.stop();
  await system?.stop();
  if (distDir) await rm(distDir, { recursive: true, force: true });
});

describe('answering customers from the console', () => {
  it('sends text once, shows it at once, turns it "sent", and shows typing once', async () => {
    const customer = await customerWrites('你好，我的订单还没到。');
    await replyWindow()
      .getByText(/^5 of 5 replies left · window closes in 4[78] h$/)
      .waitFor();

    // An input method confirming a candidate with Enter must not send the half-typed pinyin.
    await composer().fill('nihao');
    await page.evaluate(`(() => {
      const textarea = document.getElementById('composer-text');
      textarea.dispatchEvent(new CompositionEvent('compositionstart', { bubbles: true }));
      textarea.dispatchEvent(
        new KeyboardEvent('keydown', { key: 'Enter', isComposing: true, keyCode: 229, bubbles: true }),
      );
      textarea.dispatchEvent(new CompositionEvent('compositionend', { bubbles: true, data: '您好' }));
    })()`);
    await composer().fill('');
    // Typing character by character: many input events, one typing signal.
    await composer().pressSequentially('您好！我来帮您查一下');
    await composer().press('Shift+Enter');
    await composer().pressSequentially('订单。');
    const text = '您好！我来帮您查一下\n订单。';
    expect(await composer().inputValue()).toBe(text);
    await composer().press('Enter');

    // The bubble is there before WeChat has it, then turns "sent".
    await bubble(text).waitFor();
    const delivered = await customer.nextReceived((message) => message.text === text);
    expect(delivered.msgtype).toBe('text');
    await sentBubble(text).waitFor();
    expect(received(customer, text)).toHaveLength(1);
    expect(customer.inbox.some((message) => message.text?.includes('nihao'))).toBe(false);
    await expect.poll(() => customer.typing.length).toBeGreaterThan(0);
    expect(customer.typing.filter((command) => command.command === 'Typing')).toHaveLength(1);
    expect(system.simulator.calls('typing')).toBe(1);

    // The composer is empty and keeps the cursor; the header counts the reply.
    expect(await composer().inputValue()).toBe('');
    expect(await page.evaluate('document.activeElement?.id')).toBe('composer-text');
    await replyWindow()
      .getByText(/^4 of 5 replies left · window closes in 4[78] h$/)
      .waitFor();
    await page.screenshot({ path: '/tmp/console-composer.png' });
  });

  it('retries a send whose answer was lost under the same clientMessageId, so it reaches WeChat once', async () => {
    const customer = await customerWrites('Are you there?');
    // With the socket down too, only the retried request can tell the console what happened.
    await cutSocket();
    const attempts: Request[] = [];
    await page.route('**/api/conversations/*/messages', async (route) => {
      if (route.request().method() !== 'POST') return route.fallback();
      attempts.push(route.request());
      if (attempts.length === 1) {
        // The server records the message, but its answer never reaches the console.
        await route.fetch();
        return route.abort('connectionreset');
      }
      return route.fallback();
    });
    try {
      const text = 'Yes, I am here. One moment please.';
      await composer().fill(text);
      await sendButton().click();
      await customer.nextReceived((message) => message.text === text);
      // The retry is answered with the message the first attempt recorded: one bubble, one id.
      await expect.poll(() => attempts.length).toBeGreaterThanOrEqual(2);
      await bubble(text).and(page.locator('[data-message-id]')).waitFor();
      const ids = attempts.map(
        (request) => (request.postDataJSON() as { clientMessageId: string }).clientMessageId,
      );
      expect(new Set(ids).size).toBe(1);
      expect(await bubble(text).count()).toBe(1);
      expect(await bubble(text).getAttribute('data-client-message-id')).toBe(ids[0]);

      // Back online, the console reads the status it missed.
      gate.open();
      await sentBubble(text).waitFor({ timeout: 20_000 });
      expect(received(customer, text)).toHaveLength(1);
      expect(await page.locator('.message--outbox').count()).toBe(0);
    } finally {
      gate.open();
      await page.unroute('**/api/conversations/*/messages');
    }
    await page.locator('.connection[data-status="connected"]').waitFor({ timeout: 20_000 });
  });

  it('warns at the byte limit and will not send text WeChat would refuse', async () => {
    await customerWrites('请把说明书全文发给我');
    await composer().fill('好'.repeat(600));
    await page.locator('.composer__counter').getByText('1,800 / 2,048 bytes').waitFor();
    expect(await sendButton().isEnabled()).toBe(true);
    await composer().fill('好'.repeat(700));
    await page.locator('.composer__counter').getByText('2,100 / 2,048 bytes').waitFor();
    expect(await sendButton().isDisabled()).toBe(true);
    await page
      .locator('.composer__hint')
      .getByText(/^The message is 2,100 bytes long; WeChat accepts at most 2,048 bytes/)
      .waitFor();
    await page.screenshot({ path: '/tmp/console-composer-limit.png' });
    await composer().press('Enter');
    expect(await page.locator('.message--outbox').count()).toBe(0);
    await composer().fill('');
  });

  it('sends a pasted picture: previewed, uploaded, and received by the customer as an image', async () => {
    const customer = await customerWrites('能发张图片给我看看吗？');
    const picture = landscapePng();

    // A file that is not a picture is refused before anything is uploaded.
    await dispatchWithFile('.composer', 'drop', {
      name: 'notes.txt',
      type: 'text/plain',
      bytes: Buffer.from('hello'),
    });
    await page.locator('.attachment').getByText('Only JPEG, PNG and GIF pictures can be sent.').waitFor();
    await page.getByRole('button', { name: 'Remove the picture' }).click();

    await dispatchWithFile('#composer-text', 'paste', {
      name: 'image.png',
      type: 'image/png',
      bytes: picture,
    });
    await page.locator('.attachment[data-upload-status="ready"]').waitFor();
    expect(
      await page
        .locator('.attachment__preview')
        .evaluate((image: { naturalWidth: number }) => image.naturalWidth),
    ).toBe(240);
    await page.screenshot({ path: '/tmp/console-composer-image.png' });
    await composer().press('Enter');

    const delivered = await customer.nextReceived((message) => message.msgtype === 'image');
    expect(delivered.body).toMatchObject({ msgtype: 'image', image: { media_id: expect.any(String) } });
    const sent = page.locator('.message--agent[data-status="sent"] .content-image img');
    await sent.waitFor();
    await expect.poll(() => sent.evaluate((image: { naturalWidth: number }) => image.naturalWidth)).toBe(240);
    expect(await page.locator('.attachment').count()).toBe(0);
  });

  it('opens only a Mini Program linked to the Official Account from its card, chosen from a list', async () => {
    const customer = system.simulator.customer(officialAccount.appId);
    await customer.say('公众号里能发小程序卡片吗？');
    await page
      .locator('.conversation')
      .filter({ hasText: shortenId(customer.openId) })
      .click();
    await page
      .locator('.thread__messages')
      .getByText('公众号里能发小程序卡片吗？', { exact: true })
      .waitFor();
    await page.getByRole('button', { name: 'Mini Program card' }).click();
    const form = page.getByRole('form', { name: 'Mini Program card' });
    await form.getByLabel('Title').fill('会员中心');
    await form.getByLabel('Page path').fill('pages/member/index');
    await page.getByTestId('card-cover-input').setInputFiles({
      name: 'cover.png',
      mimeType: 'image/png',
      buffer: landscapePng(300, 240),
    });
    await form.locator('.attachment[data-upload-status="ready"]').waitFor();
    // No free AppID to mistype: the linked Mini Programs, and Send waits for one to be chosen.
    expect(await form.getByLabel('Mini Program AppID').count()).toBe(0);
    const choice = form.getByLabel('Mini Program it opens');
    expect(await choice.locator('option').allTextContents()).toEqual([
      'Choose the Mini Program the card opens',
      ...linkedMiniPrograms,
    ]);
    await form.getByText('Choose the Mini Program the card opens', { exact: true }).last().waitFor();
    expect(await form.getByRole('button', { name: 'Send card' }).isDisabled()).toBe(true);
    await choice.selectOption(linkedMiniPrograms[1] as string);
    await form.getByRole('button', { name: 'Send card' }).click();
    const card = await customer.nextReceived((message) => message.msgtype === 'miniprogrampage');
    expect(card.body.miniprogrampage).toMatchObject({
      title: '会员中心',
      appid: linkedMiniPrograms[1],
      pagepath: 'pages/member/index',
    });
  });

  it('sends a Mini Program card with an uploaded cover, and a link card', async () => {
    const customer = await customerWrites('小程序里怎么找到这个商品？');
    await page.getByRole('button', { name: 'Mini Program card' }).click();
    const form = page.getByRole('form', { name: 'Mini Program card' });
    await form.getByText('Add a title.').waitFor();
    expect(await form.getByRole('button', { name: 'Send card' }).isDisabled()).toBe(true);
    await form.getByLabel('Title').fill('春季新品 · 连衣裙');
    await form.getByLabel('Page path').fill('pages/product/detail?id=42');
    await form.getByText('Add a cover image.').waitFor();
    await page.getByTestId('card-cover-input').setInputFiles({
      name: 'cover.png',
      mimeType: 'image/png',
      buffer: landscapePng(300, 240),
    });
    await form.locator('.attachment[data-upload-status="ready"]').waitFor();
    await page.screenshot({ path: '/tmp/console-composer-card-form.png' });
    await form.getByRole('button', { name: 'Send card' }).click();
    await form.waitFor({ state: 'detached' });
    expect(await page.evaluate('document.activeElement?.id')).toBe('composer-text');

    const card = await customer.nextReceived((message) => message.msgtype === 'miniprogrampage');
    expect(card.body.miniprogrampage).toMatchObject({
      title: '春季新品 · 连衣裙',
      pagepath: 'pages/product/detail?id=42',
      thumb_media_id: expect.any(String),
    });
    const sentCard = page.locator('.message--agent[data-status="sent"] .content-card--miniprogram');
    await sentCard.getByText('春季新品 · 连衣裙').waitFor();
    await sentCard.locator('img.content-card__thumb').waitFor();

    await page.getByRole('button', { name: 'Link card' }).click();
    const linkForm = page.getByRole('form', { name: /^Link card/ });
    await linkForm.getByLabel('Title').fill('退换货说明');
    await linkForm.getByLabel('Address', { exact: true }).fill('ftp://shop.example/returns');
    await linkForm.getByText('The address must start with http:// or https://.').waitFor();
    await linkForm.getByLabel('Address', { exact: true }).fill('https://shop.example/returns');
    await linkForm.getByLabel('Description').fill('七天无理由退换');
    // WeChat requires the thumbnail too (issue 17): Send waits for it.
    await linkForm.getByText('Add a thumbnail address.').waitFor();
    await linkForm.getByLabel('Thumbnail', { exact: false }).fill('https://shop.example/returns.png');
    await linkForm.getByRole('button', { name: 'Send card' }).click();
    const link = await customer.nextReceived((message) => message.msgtype === 'link');
    expect(link.body.link).toMatchObject({
      title: '退换货说明',
      description: '七天无理由退换',
      url: 'https://shop.example/returns',
      thumb_url: 'https://shop.example/returns.png',
    });
    await page
      .locator('.message--agent[data-status="sent"] .content-card')
      .filter({ hasText: '退换货说明' })
      .waitFor();
    await page.screenshot({ path: '/tmp/console-composer-cards.png' });
  });

  it('says WeChat allows no more once the replies are used up, and disables the composer', async () => {
    const customer = await customerWrites('我有好多问题');
    for (const [index, text] of ['第一个回答', '第二个回答', '第三个回答', '第四个回答'].entries()) {
      await composer().fill(text);
      await composer().press('Enter');
      await replyWindow()
        .getByText(new RegExp(`^${4 - index} of 5 replies left`))
        .waitFor();
    }
    await page.screenshot({ path: '/tmp/console-composer-one-left.png' });

    // The fifth reply is sent from elsewhere while this console's socket is down, so the console
    // still believes one is left: the server's refusal is what tells it.
    await cutSocket();
    const conversationId = await page
      .locator('.conversation[aria-current="true"]')
      .getAttribute('data-conversation-id');
    const elsewhere = await fetch(`${system.runtime.httpUrl}/api/conversations/${conversationId}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text: '第五个回答' } }),
    });
    expect(elsewhere.status).toBe(201);
    await replyWindow()
      .getByText(/^1 of 5 replies left/)
      .waitFor();

    await composer().fill('第六个回答');
    await composer().press('Enter');
    const refusal = 'WeChat allows no more messages until the customer writes again.';
    await page.locator('.message--outbox[data-status="refused"]').getByText(refusal).waitFor();
    await replyWindow().getByText('The customer must write again before you can answer').waitFor();
    await page.locator('#composer-blocked').getByText(refusal).waitFor();
    expect(await composer().isDisabled()).toBe(true);
    expect(await sendButton().isDisabled()).toBe(true);
    await page.screenshot({ path: '/tmp/console-composer-used-up.png' });
    expect(received(customer, '第六个回答')).toHaveLength(0);

    // The refused send can be let go; a new customer message opens a new window.
    await page.getByRole('button', { name: 'Discard' }).click();
    await page.locator('.message--outbox').waitFor({ state: 'detached' });
    gate.open();
    await page.locator('.connection[data-status="connected"]').waitFor({ timeout: 20_000 });
    await customer.say('还在吗？');
    await replyWindow()
      .getByText(/^5 of 5 replies left/)
      .waitFor();
    expect(await composer().isEnabled()).toBe(true);
  });

  it('shows why WeChat did not deliver, and sends again as a new message only when confirmed', async () => {
    const customer = await customerWrites('能再确认一下地址吗？');
    system.simulator.failNext('custom_send', { errcode: 45015 });
    const text = '地址是上海市浦东新区世纪大道 100 号。';
    await composer().fill(text);
    await composer().press('Enter');

    const failed = bubble(text).and(page.locator('[data-status="failed"]'));
    await failed
      .getByText("WeChat's 48-hour reply window has closed; the customer has to write again first.")
      .waitFor();
    await failed.getByText('(WeChat error 45015)').waitFor();
    await failed.getByText('Not delivered').first().waitFor();
    expect(received(customer, text)).toHaveLength(0);
    await page.screenshot({ path: '/tmp/console-composer-failed.png' });

    await failed.getByRole('button', { name: 'Retry…' }).click();
    await failed.getByText(/^Send it again as a new message\?/).waitFor();
    await expect.poll(() => page.evaluate('document.activeElement?.textContent')).toBe('Send again');
    await page.screenshot({ path: '/tmp/console-composer-confirm.png' });
    await failed.getByRole('button', { name: 'Send again' }).click();

    await customer.nextReceived((message) => message.text === text);
    await sentBubble(text).waitFor();
    expect(received(customer, text)).toHaveLength(1);
    const ids = await bubble(text).evaluateAll((nodes) =>
      nodes.map((node) => node.getAttribute('data-client-message-id')),
    );
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
    expect(pageErrors).toEqual([]);
  });
});
