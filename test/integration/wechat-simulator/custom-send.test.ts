import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedApp, SimulatedCustomer } from '../../../infra/local/wechat-simulator/index.ts';
import {
  accessToken,
  type Harness,
  HOUR,
  MINUTE,
  PNG,
  postJson,
  SECOND,
  sendText,
  startHarness,
  uploadMedia,
} from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

interface Setup {
  app: SimulatedApp;
  token: string;
  customer: SimulatedCustomer;
}

async function setup(overrides: Partial<SimulatedApp> = {}): Promise<Setup> {
  const app = h.addApp(overrides);
  return { app, token: await accessToken(h.sim, app), customer: h.sim.customer(app.appId) };
}

const send = (token: string, body: unknown) => postJson(h.sim, '/cgi-bin/message/custom/send', token, body);

describe('custom/send delivers to the inbox', () => {
  it('a reply lands in the inbox, and nextReceived resolves for replies before or after the call', async () => {
    const { token, customer } = await setup();
    await customer.say('你好');
    const waiting = customer.nextReceived();
    expect(await sendText(h.sim, token, customer.openId, '您好！有什么可以帮您？')).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
    const first = await waiting;
    expect(first).toMatchObject({ msgtype: 'text', text: '您好！有什么可以帮您？', at: h.now() });
    expect(first.body).toEqual({
      touser: customer.openId,
      msgtype: 'text',
      text: { content: '您好！有什么可以帮您？' },
    });

    await sendText(h.sim, token, customer.openId, 'second');
    expect((await customer.nextReceived()).text).toBe('second');
    expect(customer.inbox.map((message) => message.text)).toEqual(['您好！有什么可以帮您？', 'second']);
  });

  it('nextReceived with a predicate skips others and still hands them out later', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    const b = customer.nextReceived((message) => message.text === 'B');
    await sendText(h.sim, token, customer.openId, 'A');
    await sendText(h.sim, token, customer.openId, 'B');
    expect((await b).text).toBe('B');
    expect((await customer.nextReceived()).text).toBe('A');
  });

  it('nextReceived rejects after its timeout when nothing arrives', async () => {
    const { customer } = await setup();
    await expect(customer.nextReceived(undefined, 50)).rejects.toThrow(/no matching message within 50 ms/);
  });

  it('accepts link and miniprogrampage for a Mini Program', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    const link = {
      title: '帮助',
      description: 'FAQ',
      url: 'https://example.com/faq',
      thumb_url: 'https://example.com/t.png',
    };
    expect(await send(token, { touser: customer.openId, msgtype: 'link', link })).toMatchObject({
      errcode: 0,
    });
    expect(customer.inbox.at(-1)).toMatchObject({ msgtype: 'link', body: { link } });
  });
});

describe('the window and the quota', () => {
  it('45015 before the customer ever wrote, and 48 hours after the last message', async () => {
    const { app, token, customer } = await setup();
    expect(await sendText(h.sim, token, customer.openId, 'cold call')).toMatchObject({ errcode: 45015 });
    await customer.say('hello');
    h.advance(48 * HOUR - SECOND);
    // The first token expired long ago; a client would fetch a new one.
    const later = await accessToken(h.sim, app);
    expect(await sendText(h.sim, later, customer.openId, 'just in time')).toMatchObject({ errcode: 0 });
    h.advance(SECOND);
    expect(await sendText(h.sim, later, customer.openId, 'too late')).toMatchObject({ errcode: 45015 });
    expect(customer.inbox.map((message) => message.text)).toEqual(['just in time']);
  });

  it('5 sends per customer message (45047), refreshed by the next message', async () => {
    const { token, customer } = await setup();
    await customer.say('one question');
    for (let i = 1; i <= 5; i += 1) {
      expect(await sendText(h.sim, token, customer.openId, `answer ${i}`)).toMatchObject({ errcode: 0 });
    }
    expect(await sendText(h.sim, token, customer.openId, 'answer 6')).toMatchObject({ errcode: 45047 });
    await customer.say('another question');
    expect(await sendText(h.sim, token, customer.openId, 'answer 6')).toMatchObject({ errcode: 0 });
  });

  it('entering a Mini Program session grants 2 sends within 1 minute', async () => {
    const { token, customer } = await setup();
    await customer.enterSession('home');
    expect(await sendText(h.sim, token, customer.openId, 'welcome')).toMatchObject({ errcode: 0 });
    expect(await sendText(h.sim, token, customer.openId, 'how can we help?')).toMatchObject({ errcode: 0 });
    expect(await sendText(h.sim, token, customer.openId, 'third')).toMatchObject({ errcode: 45047 });

    await customer.enterSession('home');
    h.advance(MINUTE);
    expect(await sendText(h.sim, token, customer.openId, 'a minute later')).toMatchObject({ errcode: 45015 });
  });

  it('following an Official Account grants 3 sends within 1 minute; unfollowing closes everything', async () => {
    const { token, customer } = await setup({ type: 'official-account' });
    await customer.subscribe();
    for (let i = 1; i <= 3; i += 1) {
      expect(await sendText(h.sim, token, customer.openId, `welcome ${i}`)).toMatchObject({ errcode: 0 });
    }
    expect(await sendText(h.sim, token, customer.openId, 'welcome 4')).toMatchObject({ errcode: 45047 });

    await customer.say('a question');
    await customer.unsubscribe();
    expect(await sendText(h.sim, token, customer.openId, 'still there?')).toMatchObject({ errcode: 45015 });
  });

  it.each([
    ['a menu click', (customer: SimulatedCustomer) => customer.clickMenu('CONTACT_KF')],
    [
      'a scan from the menu',
      (customer: SimulatedCustomer) => customer.sendEvent('scancode_push', { EventKey: 'S' }),
    ],
    [
      'a scan from the menu that waits for a message',
      (customer: SimulatedCustomer) => customer.sendEvent('scancode_waitmsg', { EventKey: 'W' }),
    ],
    [
      'a QR scan by a follower',
      (customer: SimulatedCustomer) => customer.sendEvent('SCAN', { EventKey: 'store-a' }),
    ],
    // The first scan makes the customer follow (subscribe with qrscene_), the second is a follower's SCAN.
    ['a parametric QR code', (customer: SimulatedCustomer) => customer.scanQrCode('store-a')],
  ])('%s grants 3 sends within 1 minute', async (_action, act) => {
    const { token, customer } = await setup({ type: 'official-account' });
    await act(customer);
    for (let i = 1; i <= 3; i += 1) {
      expect(await sendText(h.sim, token, customer.openId, `answer ${i}`)).toMatchObject({ errcode: 0 });
    }
    expect(await sendText(h.sim, token, customer.openId, 'answer 4')).toMatchObject({ errcode: 45047 });
    await act(customer);
    h.advance(MINUTE);
    expect(await sendText(h.sim, token, customer.openId, 'a minute later')).toMatchObject({ errcode: 45015 });
  });

  it.each([
    ['a menu link', (customer: SimulatedCustomer) => customer.openMenuLink('https://example.com/')],
    [
      'a location report',
      (customer: SimulatedCustomer) => customer.reportLocation({ latitude: 1, longitude: 2 }),
    ],
    [
      'a picture button',
      (customer: SimulatedCustomer) => customer.sendEvent('pic_weixin', { EventKey: 'p' }),
    ],
  ])('%s grants nothing', async (_action, act) => {
    const { token, customer } = await setup({ type: 'official-account' });
    await act(customer);
    expect(await sendText(h.sim, token, customer.openId, 'hello?')).toMatchObject({ errcode: 45015 });
  });

  it('a session allowance is spent before the message window', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    await customer.enterSession();
    expect(await sendText(h.sim, token, customer.openId, 's1')).toMatchObject({ errcode: 0 });
    expect(await sendText(h.sim, token, customer.openId, 's2')).toMatchObject({ errcode: 0 });
    h.advance(MINUTE);
    // The two session sends did not touch the 5 of the message window.
    for (let i = 1; i <= 5; i += 1) {
      expect(await sendText(h.sim, token, customer.openId, `m${i}`)).toMatchObject({ errcode: 0 });
    }
    expect(await sendText(h.sim, token, customer.openId, 'm6')).toMatchObject({ errcode: 45047 });
  });
});

describe('custom/send validation', () => {
  it('45002 for text over 2048 UTF-8 bytes; exactly 2048 is fine', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    const exact = `${'字'.repeat(682)}ab`; // 682 × 3 + 2 = 2048 bytes
    expect(await sendText(h.sim, token, customer.openId, exact)).toMatchObject({ errcode: 0 });
    expect(await sendText(h.sim, token, customer.openId, `${exact}c`)).toMatchObject({ errcode: 45002 });
  });

  it('40003 for an openid this app does not know (also another app’s customer)', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    expect(await sendText(h.sim, token, 'oNOBODYxxxxxxxxxxxxxxxxxxxxxx', 'x')).toMatchObject({
      errcode: 40003,
    });
    const other = await setup();
    await other.customer.say('hi');
    expect(await sendText(h.sim, token, other.customer.openId, 'x')).toMatchObject({ errcode: 40003 });
  });

  it('44002 for an empty body, 47001 for bad JSON or a missing message object', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    expect(await send(token, '')).toMatchObject({ errcode: 44002 });
    expect(await send(token, '{"touser":')).toMatchObject({ errcode: 47001 });
    expect(await send(token, { touser: customer.openId, msgtype: 'text' })).toMatchObject({ errcode: 47001 });
    expect(
      await send(token, { touser: customer.openId, msgtype: 'text', text: { content: '' } }),
    ).toMatchObject({
      errcode: 44004,
    });
  });

  it('40008 for message types the kind of app cannot send', async () => {
    const mp = await setup();
    await mp.customer.say('hi');
    for (const msgtype of ['voice', 'news', 'video', 'nonsense']) {
      expect(await send(mp.token, { touser: mp.customer.openId, msgtype, [msgtype]: {} })).toMatchObject({
        errcode: 40008,
      });
    }
    const oa = await setup({ type: 'official-account' });
    await oa.customer.say('hi');
    const link = { title: 't', description: 'd', url: 'https://e.com', thumb_url: 'https://e.com/t.png' };
    expect(await send(oa.token, { touser: oa.customer.openId, msgtype: 'link', link })).toMatchObject({
      errcode: 40008,
    });
    const news = {
      articles: [{ title: '新品', description: 'd', url: 'https://e.com', picurl: 'https://e.com/p.png' }],
    };
    expect(await send(oa.token, { touser: oa.customer.openId, msgtype: 'news', news })).toMatchObject({
      errcode: 0,
    });
  });

  it('40007 for an unknown media_id in image and card messages; an OA card needs the appid', async () => {
    const mp = await setup();
    await mp.customer.say('hi');
    expect(
      await send(mp.token, { touser: mp.customer.openId, msgtype: 'image', image: { media_id: 'made-up' } }),
    ).toMatchObject({ errcode: 40007 });
    const card = { title: 'Shop', pagepath: 'pages/index', thumb_media_id: 'made-up' };
    expect(
      await send(mp.token, { touser: mp.customer.openId, msgtype: 'miniprogrampage', miniprogrampage: card }),
    ).toMatchObject({ errcode: 40007 });
    const oa = await setup({ type: 'official-account' });
    await oa.customer.say('hi');
    expect(
      await send(oa.token, { touser: oa.customer.openId, msgtype: 'miniprogrampage', miniprogrampage: card }),
    ).toMatchObject({ errcode: 41002 });
  });
});

describe('what WeChat requires of cards (issue 17)', () => {
  const linkedMiniProgram = 'wx11112222333344aa';

  it("an Official Account's card names a linked Mini Program: 41002 without appid, 40013 unlinked", async () => {
    const oa = await setup({ type: 'official-account', linkedMiniPrograms: [linkedMiniProgram] });
    await oa.customer.say('hi');
    const uploaded = await uploadMedia(h.sim, oa.token, PNG);
    const card = { title: 'Shop', pagepath: 'pages/index', thumb_media_id: uploaded.media_id };
    const sendCard = (miniprogrampage: object) =>
      send(oa.token, { touser: oa.customer.openId, msgtype: 'miniprogrampage', miniprogrampage });
    expect(await sendCard(card)).toMatchObject({ errcode: 41002 });
    expect(await sendCard({ ...card, appid: '' })).toMatchObject({ errcode: 41002 });
    expect(await sendCard({ ...card, appid: 'wx99998888777766ff' })).toMatchObject({ errcode: 40013 });
    expect(oa.customer.inbox).toHaveLength(0);
    expect(await sendCard({ ...card, appid: linkedMiniProgram })).toMatchObject({ errcode: 0 });
    expect(oa.customer.inbox.at(-1)).toMatchObject({ msgtype: 'miniprogrampage' });
  });

  it("a Mini Program's own card needs no appid", async () => {
    const mp = await setup();
    await mp.customer.say('hi');
    const uploaded = await uploadMedia(h.sim, mp.token, PNG);
    const card = { title: 'Shop', pagepath: 'pages/index', thumb_media_id: uploaded.media_id };
    expect(
      await send(mp.token, { touser: mp.customer.openId, msgtype: 'miniprogrampage', miniprogrampage: card }),
    ).toMatchObject({ errcode: 0 });
  });

  it('a link needs all four of title, description, url and thumb_url, none empty (47001)', async () => {
    const { token, customer } = await setup();
    await customer.say('hi');
    const link = {
      title: '帮助',
      description: 'FAQ',
      url: 'https://e.com/faq',
      thumb_url: 'https://e.com/t.png',
    };
    for (const field of ['title', 'description', 'url', 'thumb_url'] as const) {
      const { [field]: _left, ...missing } = link;
      expect(await send(token, { touser: customer.openId, msgtype: 'link', link: missing })).toMatchObject({
        errcode: 47001,
      });
      expect(
        await send(token, { touser: customer.openId, msgtype: 'link', link: { ...link, [field]: '' } }),
      ).toMatchObject({ errcode: 47001 });
    }
    expect(customer.inbox).toHaveLength(0);
  });
});

describe('customservice.kf_account on an Official Account', () => {
  it('must be one of the account’s customer-service accounts (65401); a Mini Program’s is ignored', async () => {
    const oa = await setup({ type: 'official-account', kfAccounts: ['bob@shop'] });
    await oa.customer.say('hi');
    const text = (customservice?: unknown) =>
      send(oa.token, {
        touser: oa.customer.openId,
        msgtype: 'text',
        text: { content: '在的' },
        ...(customservice === undefined ? {} : { customservice }),
      });
    expect(await text({ kf_account: 'eve@shop' })).toMatchObject({ errcode: 65401 });
    expect(await text({ kf_account: '' })).toMatchObject({ errcode: 65401 });
    expect(await text('bob@shop')).toMatchObject({ errcode: 47001 });
    expect(oa.customer.inbox).toHaveLength(0);
    expect(await text({ kf_account: 'bob@shop' })).toMatchObject({ errcode: 0 });
    expect(await text()).toMatchObject({ errcode: 0 });
    expect(oa.customer.inbox[0]?.body).toMatchObject({ customservice: { kf_account: 'bob@shop' } });

    const mp = await setup();
    await mp.customer.say('hi');
    expect(
      await send(mp.token, {
        touser: mp.customer.openId,
        msgtype: 'text',
        text: { content: 'hi' },
        customservice: { kf_account: 'eve@shop' },
      }),
    ).toMatchObject({ errcode: 0 });
  });
});

describe('customer-service accounts an app can have', () => {
  it('are an Official Account’s, shaped as WeChat creates them (prefix of up to 10 letters, digits or _)', () => {
    expect(() => h.addApp({ kfAccounts: ['bob@shop'] })).toThrow(/only Official Accounts/);
    for (const malformed of ['bob', 'bob.smith@shop', 'abcdefghijk@shop', 'bob@']) {
      expect(() => h.addApp({ type: 'official-account', kfAccounts: [malformed] })).toThrow(/kfAccounts/);
    }
    expect(() => h.addApp({ type: 'official-account', kfAccounts: ['bob_1@shop-gh'] })).not.toThrow();
  });
});

describe('the fields each Official Account message type needs', () => {
  const AMR = Buffer.concat([Buffer.from('#!AMR\n', 'latin1'), Buffer.alloc(32)]);
  const MP4 = Buffer.concat([
    Buffer.from([0, 0, 0, 0x18]),
    Buffer.from('ftypmp42', 'latin1'),
    Buffer.alloc(32),
  ]);
  const JPEG = Buffer.concat([
    Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
    Buffer.alloc(60, 1),
    Buffer.from([0xff, 0xd9]),
  ]);

  it('refuses each missing or empty required field with WeChat’s errcode and accepts the complete message', async () => {
    const { token, customer } = await setup({ type: 'official-account' });
    await customer.say('hi');
    const upload = async (bytes: Buffer, type: string, contentType: string, filename: string) =>
      (await uploadMedia(h.sim, token, bytes, { type, contentType, filename })).media_id as string;
    const voice = await upload(AMR, 'voice', 'audio/amr', 'v.amr');
    const video = await upload(MP4, 'video', 'video/mp4', 'v.mp4');
    const thumb = await upload(JPEG, 'thumb', 'image/jpeg', 't.jpg');
    const article = {
      title: '新品',
      description: 'd',
      url: 'https://e.com/a',
      picurl: 'https://e.com/p.png',
    };
    const menu = {
      head_content: '您想咨询：',
      list: [
        { id: '101', content: '订单' },
        { id: '102', content: '人工' },
      ],
      tail_content: '欢迎再次光临',
    };
    const music = {
      title: '歌',
      musicurl: 'https://e.com/m.mp3',
      hqmusicurl: 'https://e.com/hq.mp3',
      thumb_media_id: thumb,
    };
    const refused: [string, string, object, number][] = [
      ['voice without media_id', 'voice', {}, 41006],
      ['voice with an unknown media_id', 'voice', { media_id: 'made-up' }, 40007],
      ['video without media_id', 'video', { thumb_media_id: thumb }, 41006],
      ['video with an unknown thumb', 'video', { media_id: video, thumb_media_id: 'made-up' }, 40007],
      ['video with a title that is no text', 'video', { media_id: video, title: 1 }, 47001],
      ['music without hqmusicurl', 'music', { ...music, hqmusicurl: undefined }, 47001],
      ['music with an empty musicurl', 'music', { ...music, musicurl: '' }, 47001],
      ['music without thumb', 'music', { ...music, thumb_media_id: undefined }, 41006],
      ['news without articles', 'news', { articles: [] }, 44003],
      ['news with two articles', 'news', { articles: [article, article] }, 45008],
      ['news with an article that is no object', 'news', { articles: ['新品'] }, 47001],
      ['news with an url that is no text', 'news', { articles: [{ ...article, url: 1 }] }, 47001],
      ['mpnews without media_id', 'mpnews', { media_id: '' }, 41006],
      ['mpnewsarticle without article_id', 'mpnewsarticle', {}, 47001],
      ['a menu without options', 'msgmenu', { ...menu, list: [] }, 47001],
      ['a menu option without id', 'msgmenu', { ...menu, list: [{ content: '订单' }] }, 47001],
      ['a menu option with empty text', 'msgmenu', { ...menu, list: [{ id: '1', content: '' }] }, 47001],
      ['a menu whose head is no text', 'msgmenu', { ...menu, head_content: 5 }, 47001],
      ['wxcard without card_id', 'wxcard', { card_id: '' }, 47001],
    ];
    for (const [what, msgtype, content, errcode] of refused) {
      const answer = await send(token, { touser: customer.openId, msgtype, [msgtype]: content });
      expect({ what, errcode: answer.errcode }).toEqual({ what, errcode });
    }
    expect(customer.inbox).toHaveLength(0);

    const accepted: [string, object][] = [
      ['voice', { media_id: voice }],
      ['video', { media_id: video, thumb_media_id: thumb, title: '演示', description: '30 秒' }],
      ['msgmenu', menu],
      ['msgmenu', { head_content: '满意吗？', list: [{ id: 'ok', content: '满意' }] }],
      ['music', music],
    ];
    for (const [msgtype, content] of accepted) {
      await customer.say('next');
      const answer = await send(token, {
        touser: customer.openId,
        msgtype,
        [msgtype]: content,
        extra: 'ignored',
      });
      expect({ msgtype, errcode: answer.errcode }).toEqual({ msgtype, errcode: 0 });
    }
    expect(customer.inbox.map((message) => message.msgtype)).toEqual([
      'voice',
      'video',
      'msgmenu',
      'msgmenu',
      'music',
    ]);
  });
});
