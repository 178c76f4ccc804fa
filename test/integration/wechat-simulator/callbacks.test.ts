import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessToken, type Harness, PNG, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

describe('customer pushes verify with openCallback', () => {
  it.each([
    ['miniprogram', 'xml', 'plaintext'],
    ['miniprogram', 'xml', 'compatible'],
    ['miniprogram', 'xml', 'secure'],
    ['miniprogram', 'json', 'plaintext'],
    ['miniprogram', 'json', 'compatible'],
    ['miniprogram', 'json', 'secure'],
    ['official-account', 'xml', 'plaintext'],
    ['official-account', 'xml', 'compatible'],
    ['official-account', 'xml', 'secure'],
  ] as const)('%s, %s, %s', async (type, format, mode) => {
    const app = h.addApp({ type, format, mode });
    const customer = h.sim.customer(app.appId);
    const text = '你好 <b>&amp; ]]> "quotes"\nline two';

    const delivery = await customer.say(text);

    expect(delivery.acknowledged).toBe(true);
    expect(delivery.attempts).toHaveLength(1);
    const [pushed] = h.platform.received(app.appId);
    expect(pushed?.error).toBeUndefined();
    expect(pushed?.opened?.format).toBe(format);
    expect(pushed?.opened?.mode).toBe(mode);
    expect(pushed?.contentType).toBe(format === 'xml' ? 'text/xml' : 'application/json');
    const message = pushed?.opened?.message;
    expect(message).toMatchObject({ kind: 'text', content: text, fromOpenId: customer.openId });
    expect(message?.toUserName).toMatch(/^gh_[0-9a-f]{12}$/);
    expect(message?.createTime).toBe(Math.floor(h.now() / 1000));
    // MsgId beyond 2^53 survives exactly, also as a bare JSON number.
    const msgId = BigInt(message && 'msgId' in message ? (message.msgId as string) : '0');
    expect(msgId > 2n ** 53n).toBe(true);
    if (format === 'json' && mode === 'plaintext') {
      expect(pushed?.body).toContain(`"MsgId":${msgId}`);
    }
    if (mode === 'plaintext') {
      expect(Object.keys(pushed?.query ?? {}).sort()).toEqual(['nonce', 'signature', 'timestamp']);
    } else {
      expect(pushed?.query).toMatchObject({ encrypt_type: 'aes', openid: customer.openId });
    }
    expect(pushed?.query.timestamp).toBe(String(Math.floor(h.now() / 1000)));
  });
});

describe('kinds of pushes', () => {
  it('an image becomes temporary media with a PicUrl served by the simulator', async () => {
    const app = h.addApp({ format: 'json' });
    const customer = h.sim.customer(app.appId);
    await customer.sendImage(PNG);

    const message = h.platform.received(app.appId)[0]?.opened?.message;
    expect(message?.kind).toBe('image');
    if (message?.kind !== 'image') return;
    const picture = await fetch(message.picUrl ?? '');
    expect(picture.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await picture.arrayBuffer()).equals(PNG)).toBe(true);

    const token = await accessToken(h.sim, app);
    const media = await fetch(
      `${h.sim.baseUrl}/cgi-bin/media/get?access_token=${token}&media_id=${encodeURIComponent(message.mediaId ?? '')}`,
    );
    expect(Buffer.from(await media.arrayBuffer()).equals(PNG)).toBe(true);
  });

  it('a Mini Program card carries title, page path, app id and a cover', async () => {
    const app = h.addApp();
    await h.sim.customer(app.appId).sendMiniProgramCard({ title: '商品卡片', pagePath: 'pages/item?id=7' });
    const message = h.platform.received(app.appId)[0]?.opened?.message;
    expect(message).toMatchObject({
      kind: 'miniprogrampage',
      title: '商品卡片',
      pagePath: 'pages/item?id=7',
      appId: app.appId,
    });
    if (message?.kind !== 'miniprogrampage') return;
    expect(message.thumbMediaId).toBeTruthy();
    expect((await fetch(message.thumbUrl ?? '')).status).toBe(200);
  });

  it('enterSession pushes user_enter_tempsession with SessionFrom', async () => {
    const app = h.addApp({ format: 'json' });
    await h.sim.customer(app.appId).enterSession('order:42 订单');
    expect(h.platform.received(app.appId)[0]?.opened?.message).toMatchObject({
      kind: 'event',
      event: 'user_enter_tempsession',
      sessionFrom: 'order:42 订单',
    });
  });

  it('subscribe and unsubscribe are Official Account events, refused for a Mini Program', async () => {
    const oa = h.addApp({ type: 'official-account' });
    const follower = h.sim.customer(oa.appId);
    await follower.subscribe();
    await follower.unsubscribe();
    expect(h.platform.received(oa.appId).map((pushed) => pushed.opened?.message)).toMatchObject([
      { kind: 'event', event: 'subscribe' },
      { kind: 'event', event: 'unsubscribe' },
    ]);
    await expect(follower.enterSession()).rejects.toThrow(/Mini Program action/);
    const mp = h.addApp();
    await expect(h.sim.customer(mp.appId).subscribe()).rejects.toThrow(/Official Account action/);
  });

  it('send() pushes anything else, filling in the header fields', async () => {
    const app = h.addApp({ type: 'official-account' });
    const customer = h.sim.customer(app.appId);
    await customer.send({
      MsgType: 'location',
      Location_X: 31.2,
      Location_Y: 121.5,
      Scale: 15,
      Label: '上海',
    });
    expect(h.platform.received(app.appId)[0]?.opened?.message).toMatchObject({
      kind: 'location',
      latitude: 31.2,
      longitude: 121.5,
      label: '上海',
      fromOpenId: customer.openId,
    });
  });

  it('the same (app, openid) is the same customer; new ones get WeChat-like openids', () => {
    const app = h.addApp();
    const customer = h.sim.customer(app.appId);
    expect(customer.openId).toMatch(/^o[A-Za-z0-9_-]{27}$/);
    expect(h.sim.customer(app.appId, customer.openId)).toBe(customer);
  });

  it('an app the simulator does not know cannot push', async () => {
    await expect(h.sim.customer('wxunknown').say('hi')).rejects.toThrow(/knows no app wxunknown/);
  });
});

describe('delivery and retries', () => {
  it('retries a failing endpoint up to 4 deliveries in total', async () => {
    const app = h.addApp();
    h.platform.respond(app.appId, () => ({ status: 500, body: 'oops' }));
    const delivery = await h.sim.customer(app.appId).say('anyone?');
    expect(delivery.acknowledged).toBe(false);
    expect(delivery.attempts.map((attempt) => attempt.status)).toEqual([500, 500, 500, 500]);
    expect(h.platform.received(app.appId)).toHaveLength(4);
  });

  it('stops retrying at the first `success`, and every retry is the identical request', async () => {
    const app = h.addApp({ format: 'json' });
    h.platform.respond(app.appId, (_callback, index) =>
      index === 0 ? { status: 502 } : index === 1 ? { body: '<xml>unexpected</xml>' } : { body: 'success' },
    );
    const delivery = await h.sim.customer(app.appId).say('retry me');
    expect(delivery.acknowledged).toBe(true);
    expect(delivery.attempts.map((attempt) => [attempt.status, attempt.body])).toEqual([
      [502, ''],
      [200, '<xml>unexpected</xml>'],
      [200, 'success'],
    ]);
    const pushes = h.platform.received(app.appId);
    expect(pushes).toHaveLength(3);
    expect(new Set(pushes.map((pushed) => JSON.stringify([pushed.query, pushed.body]))).size).toBe(1);
  });

  it('an empty 200 body acknowledges too', async () => {
    const app = h.addApp();
    h.platform.respond(app.appId, () => ({ body: '' }));
    expect((await h.sim.customer(app.appId).say('hi')).attempts).toHaveLength(1);
  });

  it('resend repeats the same signed request, like WeChat retrying', async () => {
    const app = h.addApp({ mode: 'compatible' });
    const customer = h.sim.customer(app.appId);
    const first = await customer.say('once');
    const again = await customer.resend(first);
    expect(again.acknowledged).toBe(true);
    expect(again.request).toEqual(first.request);
    const [one, two] = h.platform.received(app.appId);
    expect(two?.query).toEqual(one?.query);
    expect(two?.body).toBe(one?.body);
    expect(two?.opened?.message).toEqual(one?.opened?.message);
  });

  it('an unreachable callback URL is recorded as errors on every attempt', async () => {
    const app = h.addApp({ callbackUrl: 'http://127.0.0.1:9/nobody-home' });
    const delivery = await h.sim.customer(app.appId).say('hello?');
    expect(delivery.acknowledged).toBe(false);
    expect(delivery.attempts).toHaveLength(4);
    for (const attempt of delivery.attempts) {
      expect(attempt.status).toBeUndefined();
      expect(attempt.error).toBeTruthy();
    }
  });
});

describe('slow answers', () => {
  let slow: Harness;

  beforeAll(async () => {
    slow = await startHarness({ callbackTimeoutMs: 150, maxCallbackAttempts: 3 });
  });

  afterAll(async () => {
    await slow?.stop();
  });

  it('an answer later than callbackTimeoutMs counts as none and is retried', async () => {
    const app = slow.addApp();
    slow.platform.respond(app.appId, (_callback, index) => (index < 2 ? 'hold' : { body: 'success' }));
    const delivery = await slow.sim.customer(app.appId).say('are you there?');
    expect(delivery.acknowledged).toBe(true);
    expect(delivery.attempts).toHaveLength(3);
    expect(delivery.attempts[0]?.error).toMatch(/no answer within 150 ms/);
    expect(delivery.attempts[0]?.ms).toBeGreaterThanOrEqual(140);
  });

  it('maxCallbackAttempts bounds the deliveries', async () => {
    const app = slow.addApp();
    slow.platform.respond(app.appId, () => 'hold');
    const delivery = await slow.sim.customer(app.appId).say('nobody answers');
    expect(delivery.acknowledged).toBe(false);
    expect(delivery.attempts).toHaveLength(3);
    expect(slow.platform.received(app.appId)).toHaveLength(3);
  });
});
