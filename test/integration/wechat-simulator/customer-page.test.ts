import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedApp } from '../../../infra/local/wechat-simulator/index.ts';
import { recordedVoice } from '../../../infra/local/wechat-simulator/recorded-voice.ts';
import { chromiumLaunchOptions, prepareContext } from '../../support/chromium.ts';
import { amrVoice, mp4Video } from '../../support/voice-video-files.ts';
import { accessToken, type Harness, newApp, PNG, postJson, sendText, startHarness } from './harness.ts';

/** Kept as a test artifact (gitignored), one per language, to be looked at. */
const screenshots = resolve(import.meta.dirname, '../../../.artifacts/screenshots');

let h: Harness;
/** An app the simulator only knows through its `apps` lookup, like the platform's app table at npm start. */
let lookedUp: SimulatedApp;

beforeAll(async () => {
  lookedUp = newApp();
  h = await startHarness({ apps: async (appId) => (appId === lookedUp.appId ? lookedUp : undefined) });
  lookedUp.callbackUrl = h.platform.callbackUrl(lookedUp.appId);
  h.platform.register(lookedUp);
});

afterAll(async () => {
  await h?.stop();
});

async function page(
  path: string,
  init?: RequestInit,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(new URL(path, h.sim.customerPageUrl), init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const post = (path: string, body: unknown) =>
  page(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('customer page endpoints', () => {
  it('serves the page and its script under /_sim/', async () => {
    expect(h.sim.customerPageUrl).toBe(`${h.sim.baseUrl}/_sim/`);
    const html = await fetch(h.sim.customerPageUrl);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await html.text()).toContain('customer-page.js');
    const script = await fetch(`${h.sim.customerPageUrl}customer-page.js`);
    expect(script.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect((await fetch(`${h.sim.baseUrl}/_sim/nothing-here`)).status).toBe(404);
    const root = await fetch(h.sim.baseUrl, { redirect: 'manual' });
    expect([root.status, root.headers.get('location')]).toEqual([302, '/_sim/']);
  });

  it('lists added apps without credentials, and resolves other app ids through the lookup', async () => {
    const app = h.addApp({ type: 'official-account' });
    const listed = (await page('api/apps')).body.apps as Record<string, unknown>[];
    expect(listed).toContainEqual({
      appId: app.appId,
      type: 'official-account',
      format: app.format,
      mode: app.mode,
      callbackUrl: app.callbackUrl,
    });
    expect(JSON.stringify(listed)).not.toContain(app.secret);

    expect((await post('api/apps/resolve', { appId: 'wxnobody' })).status).toBe(400);
    expect((await post('api/apps/resolve', { appId: lookedUp.appId })).body).toMatchObject({
      app: { appId: lookedUp.appId },
    });
    const again = (await page('api/apps')).body.apps as { appId: string }[];
    expect(again.map((each) => each.appId)).toContain(lookedUp.appId);
  });

  it('plays a whole conversation: create, say, reply, typing, image, resend', async () => {
    const { openId } = (await post('api/customers', { appId: lookedUp.appId })).body as { openId: string };
    expect(openId).toMatch(/^o/);
    expect((await page(`api/customers?appId=${lookedUp.appId}`)).body.customers).toEqual([openId]);

    const said = await post('api/push', { appId: lookedUp.appId, openId, action: 'say', text: '我想退货' });
    expect(said.body).toMatchObject({ acknowledged: true, attempts: [{ status: 200, body: 'success' }] });
    expect(h.platform.received(lookedUp.appId).at(-1)?.opened?.message).toMatchObject({
      kind: 'text',
      content: '我想退货',
      fromOpenId: openId,
    });

    const token = await accessToken(h.sim, lookedUp);
    await postJson(h.sim, '/cgi-bin/message/custom/typing', token, { touser: openId, command: 'Typing' });
    let conversation = (await page(`api/conversation?appId=${lookedUp.appId}&openId=${openId}`)).body;
    expect(conversation.typing).toBe(true);
    await sendText(h.sim, token, openId, '好的，请提供订单号');
    conversation = (await page(`api/conversation?appId=${lookedUp.appId}&openId=${openId}`)).body;
    expect(conversation.typing).toBe(false);
    expect(conversation.entries).toMatchObject([
      {
        from: 'customer',
        fields: { MsgType: 'text', Content: '我想退货' },
        delivery: { acknowledged: true },
      },
      { from: 'platform', msgtype: 'text', body: { text: { content: '好的，请提供订单号' } } },
    ]);

    const form = new FormData();
    form.append('appId', lookedUp.appId);
    form.append('openId', openId);
    form.append('image', new Blob([PNG], { type: 'image/png' }), 'receipt.png');
    const image = await page('api/image', { method: 'POST', body: form });
    expect(image.body).toMatchObject({ acknowledged: true });
    expect(h.platform.received(lookedUp.appId).at(-1)?.opened?.message).toMatchObject({ kind: 'image' });

    const before = h.platform.received(lookedUp.appId).length;
    const resent = await post('api/push', { appId: lookedUp.appId, openId, action: 'resend' });
    expect(resent.body).toMatchObject({ acknowledged: true });
    const pushes = h.platform.received(lookedUp.appId);
    expect(pushes).toHaveLength(before + 1);
    expect(pushes.at(-1)?.body).toBe(pushes.at(-2)?.body);
  });

  it("lets an Official Account's customer tap an option of a menu they received, and nothing else", async () => {
    const app = h.addApp({ type: 'official-account' });
    const { openId } = (await post('api/customers', { appId: app.appId })).body as { openId: string };
    const tap = (optionId: string) =>
      post('api/push', { appId: app.appId, openId, action: 'clickMenuOption', optionId });
    expect(await tap('good')).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/no menu message with an option good/) },
    });
    await post('api/push', { appId: app.appId, openId, action: 'say', text: '你好' });
    const token = await accessToken(h.sim, app);
    const sent = await postJson(h.sim, '/cgi-bin/message/custom/send', token, {
      touser: openId,
      msgtype: 'msgmenu',
      msgmenu: {
        head_content: '您对本次服务满意吗？',
        list: [
          { id: 'good', content: '满意' },
          { id: 'poor', content: '不满意' },
        ],
        tail_content: '感谢您的评价',
      },
    });
    expect(sent).toMatchObject({ errcode: 0 });

    expect((await tap('good')).body).toMatchObject({ acknowledged: true });
    expect(h.platform.received(app.appId).at(-1)?.opened?.message).toMatchObject({
      kind: 'text',
      content: '满意',
      menuOptionId: 'good',
    });
    expect((await tap('other')).status).toBe(400);
  });

  it('refuses what WeChat would refuse, with a reason', async () => {
    const app = h.addApp({ type: 'official-account' });
    const { openId } = (await post('api/customers', { appId: app.appId, openId: 'oChosenByHand' })).body as {
      openId: string;
    };
    expect(openId).toBe('oChosenByHand');
    const refused = await post('api/push', { appId: app.appId, openId, action: 'enterSession' });
    expect(refused).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/Mini Program action/) },
    });
    expect((await post('api/push', { appId: app.appId, openId, action: 'resend' })).status).toBe(400);
  });

  it("sends an Official Account customer's voice (AMR, picked or the recording shipped) and short video picked on the page, and refuses a voice that is not AMR", async () => {
    const app = h.addApp({ type: 'official-account' });
    const { openId } = (await post('api/customers', { appId: app.appId })).body as { openId: string };
    const upload = (field: string, bytes: Buffer, extra: Record<string, string> = {}) => {
      const form = new FormData();
      form.append('appId', app.appId);
      form.append('openId', openId);
      form.append(field, new Blob([bytes]), `f.${field}`);
      for (const [name, value] of Object.entries(extra)) form.append(name, value);
      return page(`api/${field}`, { method: 'POST', body: form });
    };
    const lastPush = () => h.platform.received(app.appId).at(-1)?.opened?.message;

    expect((await upload('voice', amrVoice(600))).body).toMatchObject({ acknowledged: true });
    expect(lastPush()).toMatchObject({ kind: 'voice', format: 'amr', mediaId: expect.any(String) });
    const recorded = await post('api/push', { appId: app.appId, openId, action: 'sendRecordedVoice' });
    expect(recorded.body).toMatchObject({ acknowledged: true });
    const recordedPush = lastPush();
    expect(recordedPush).toMatchObject({ kind: 'voice', format: 'amr' });
    const served = await fetch(
      new URL(`media/${(recordedPush as { mediaId: string }).mediaId}`, h.sim.customerPageUrl),
    );
    expect(Buffer.from(await served.arrayBuffer())).toEqual(recordedVoice());
    expect((await upload('video', mp4Video(), { short: '1' })).body).toMatchObject({ acknowledged: true });
    expect(lastPush()).toMatchObject({ kind: 'shortvideo', thumbMediaId: expect.any(String) });
    expect(await upload('voice', mp4Video())).toMatchObject({
      status: 400,
      body: { error: expect.stringMatching(/AMR/) },
    });
  });

  it("plays an Official Account's menu, QR codes, location reports, files and any event by name", async () => {
    const app = h.addApp({ type: 'official-account' });
    const { openId } = (await post('api/customers', { appId: app.appId })).body as { openId: string };
    const push = (body: Record<string, unknown>) => post('api/push', { appId: app.appId, openId, ...body });
    const lastPush = () => h.platform.received(app.appId).at(-1)?.opened?.message;

    expect((await push({ action: 'clickMenu', key: 'CONTACT_KF' })).body).toMatchObject({
      acknowledged: true,
    });
    expect(lastPush()).toMatchObject({ kind: 'event', event: 'CLICK', eventKey: 'CONTACT_KF' });
    await push({ action: 'openMenuLink', url: 'https://example.com/menu' });
    expect(lastPush()).toMatchObject({
      kind: 'unknown',
      event: 'VIEW',
      fields: { EventKey: 'https://example.com/menu' },
    });
    // Not following yet: the code makes the customer follow; then it is a follower's scan.
    await push({ action: 'scanQrCode', scene: 'store-a' });
    expect(lastPush()).toMatchObject({ kind: 'event', event: 'subscribe', eventKey: 'qrscene_store-a' });
    await push({ action: 'scanQrCode', scene: 'store-a' });
    expect(lastPush()).toMatchObject({ kind: 'event', event: 'SCAN', eventKey: 'store-a' });
    await push({ action: 'reportLocation', latitude: 23.1, longitude: 113.3 });
    expect(lastPush()).toMatchObject({ kind: 'event', event: 'LOCATION', latitude: 23.1, longitude: 113.3 });
    await push({ action: 'sendFile', title: '合同.docx', size: 4096 });
    expect(lastPush()).toMatchObject({ kind: 'file', title: '合同.docx', fileTotalLen: 4096 });
    await push({
      action: 'event',
      event: 'TEMPLATESENDJOBFINISH',
      fields: { MsgID: '42', Status: 'success' },
    });
    expect(lastPush()).toMatchObject({
      kind: 'unknown',
      event: 'TEMPLATESENDJOBFINISH',
      fields: { MsgID: '42' },
    });

    for (const [body, reason] of [
      [
        { action: 'reportLocation', latitude: 91, longitude: 0 },
        'latitude must be a number between -90 and 90',
      ],
      [{ action: 'sendFile', title: 'a', size: -1 }, 'size must be a whole number of bytes'],
      [
        { action: 'event', event: 'CLICK', fields: { FromUserName: 'oSomeoneElse' } },
        'fields may not set FromUserName',
      ],
      [{ action: 'event' }, 'event must be a non-empty string'],
    ] as const) {
      expect(await push(body), JSON.stringify(body)).toMatchObject({ status: 400, body: { error: reason } });
    }

    const miniProgram = h.addApp({ type: 'miniprogram' });
    const player = (await post('api/customers', { appId: miniProgram.appId })).body as { openId: string };
    for (const body of [
      { action: 'clickMenu', key: 'K' },
      { action: 'scanQrCode', scene: 's' },
      { action: 'reportLocation', latitude: 1, longitude: 1 },
      { action: 'sendFile', title: 'a', size: 1 },
    ]) {
      const refused = await post('api/push', { appId: miniProgram.appId, openId: player.openId, ...body });
      expect(refused, body.action).toMatchObject({
        status: 400,
        body: { error: expect.stringMatching(/Official Account action/) },
      });
    }
  });
});

/** What the page says in each language, for the checks below. */
const expected = {
  'zh-CN': { delivered: '已送达', acknowledged: '已确认', enter: '进入会话', heading: '微信模拟器' },
  'en-GB': {
    delivered: 'delivered',
    acknowledged: 'acknowledged',
    enter: 'Enter session',
    heading: 'WeChat simulator',
  },
} as const;

describe('customer page in a browser', () => {
  it.each(Object.keys(expected) as (keyof typeof expected)[])(
    'shows the conversation, the reply and the typing indicator (%s)',
    async (locale) => {
      const words = expected[locale];
      const app = h.addApp({ format: 'json' });
      h.addApp({ type: 'official-account' });
      answerEveryText(app);

      const browser = await chromium.launch(await chromiumLaunchOptions());
      try {
        const context = await browser.newContext({ viewport: { width: 1100, height: 720 }, locale });
        await prepareContext(context);
        const tab = await context.newPage();
        await tab.goto(h.sim.customerPageUrl);
        await tab.getByRole('heading', { name: new RegExp(`^${words.heading}`) }).waitFor();
        await tab.selectOption('#app-select', app.appId);
        await tab.getByRole('button', { name: words.enter }).waitFor();
        await tab.click('#customer-new');
        await tab.locator('#customer-select option').first().waitFor({ state: 'attached' });
        await tab.fill('#session-from', 'order-detail');
        await tab.click('#enter-session');
        await tab.fill('#text', '你好，我的订单还没到 📦');
        await tab.press('#text', 'Enter');
        await tab.locator('.msg.platform .bubble', { hasText: '收到：你好，我的订单还没到 📦' }).waitFor();
        await tab.locator('.msg.platform img').waitFor();
        await tab.locator('#typing:not(.hidden)').waitFor();
        await tab.locator('.msg.customer .status', { hasText: words.delivered }).first().waitFor();
        await mkdir(screenshots, { recursive: true });
        await tab.screenshot({
          path: join(screenshots, `customer-page-${locale === 'en-GB' ? 'en' : locale}.png`),
        });
        expect(await tab.locator('.msg.customer .bubble').first().textContent()).toContain('order-detail');
        expect(await tab.locator('#attempts').textContent()).toContain(words.acknowledged);
      } finally {
        await browser.close();
      }
    },
  );
});

describe('customer page on a phone', () => {
  it('puts the chat below the controls, across the whole width (390 px)', async () => {
    const app = h.addApp({ format: 'json' });
    answerEveryText(app);
    const browser = await chromium.launch(await chromiumLaunchOptions());
    try {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN' });
      await prepareContext(context);
      const tab = await context.newPage();
      await tab.goto(h.sim.customerPageUrl);
      await tab.selectOption('#app-select', app.appId);
      await tab.click('#customer-new');
      await tab.locator('#customer-select option').first().waitFor({ state: 'attached' });
      await tab.fill('#text', '手机上也能聊吗？');
      await tab.press('#text', 'Enter');
      await tab.locator('.msg.platform .bubble', { hasText: '收到：手机上也能聊吗？' }).waitFor();
      await mkdir(screenshots, { recursive: true });
      await tab.screenshot({ path: join(screenshots, 'customer-page-zh-CN-390.png') });
      const width = (selector: string) => tab.locator(selector).evaluate((element) => element.clientWidth);
      expect(await width('#messages')).toBeGreaterThanOrEqual(380);
      expect(await width('#text')).toBeGreaterThanOrEqual(200);
      expect(await tab.locator('html').evaluate((element) => element.scrollWidth)).toBeLessThanOrEqual(390);
    } finally {
      await browser.close();
    }
  });
});

/** The "platform" answers each text with a reply, an image and then the typing indicator. */
function answerEveryText(app: SimulatedApp): void {
  h.platform.respond(app.appId, (callback) => {
    const message = callback.opened?.message;
    if (message?.kind === 'text') void reply(app, message.fromOpenId, message.content);
    return { body: 'success' };
  });
}

async function reply(app: SimulatedApp, openId: string, content: string): Promise<void> {
  const token = await accessToken(h.sim, app);
  await sendText(h.sim, token, openId, `收到：${content}`);
  const form = new FormData();
  form.append('media', new Blob([PNG], { type: 'image/png' }), 'p.png');
  const upload = await fetch(`${h.sim.baseUrl}/cgi-bin/media/upload?access_token=${token}&type=image`, {
    method: 'POST',
    body: form,
  });
  const { media_id } = (await upload.json()) as { media_id: string };
  await postJson(h.sim, '/cgi-bin/message/custom/send', token, {
    touser: openId,
    msgtype: 'image',
    image: { media_id },
  });
  await postJson(h.sim, '/cgi-bin/message/custom/typing', token, { touser: openId, command: 'Typing' });
}
