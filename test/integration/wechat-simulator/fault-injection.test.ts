import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startWeChatSimulator } from '../../../infra/local/wechat-simulator/index.ts';
import {
  accessToken,
  getToken,
  type Harness,
  newApp,
  PNG,
  postJson,
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

describe('failNext', () => {
  it('answers an injected WeChat error with HTTP 200, once, then behaves normally', async () => {
    const app = h.addApp();
    const customer = h.sim.customer(app.appId);
    await customer.say('hi');
    const token = await accessToken(h.sim, app);
    h.sim.failNext('custom_send', { errcode: -1, errmsg: 'system error' });
    const response = await fetch(`${h.sim.baseUrl}/cgi-bin/message/custom/send?access_token=${token}`, {
      method: 'POST',
      body: JSON.stringify({ touser: customer.openId, msgtype: 'text', text: { content: 'x' } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ errcode: -1, errmsg: 'system error' });
    expect(customer.inbox).toHaveLength(0);
    expect(await sendText(h.sim, token, customer.openId, 'x')).toMatchObject({ errcode: 0 });
  });

  it('an errcode without errmsg gets a WeChat-like one', async () => {
    const app = h.addApp();
    h.sim.failNext('token', { errcode: 45009 });
    expect(await getToken(h.sim, app)).toMatchObject({
      errcode: 45009,
      errmsg: expect.stringMatching(/ rid: /),
    });
  });

  it('answers a bare HTTP status, as many times as asked', async () => {
    const app = h.addApp();
    h.sim.failNext('token', { httpStatus: 503 }, 2);
    const query = `grant_type=client_credential&appid=${app.appId}&secret=${app.secret}`;
    for (let i = 0; i < 2; i += 1) {
      const response = await fetch(`${h.sim.baseUrl}/cgi-bin/token?${query}`);
      expect(response.status).toBe(503);
      await response.arrayBuffer();
    }
    expect(await getToken(h.sim, app)).toMatchObject({ expires_in: 7200 });
  });

  it('timeout: never answers, so the client gives up', async () => {
    const app = h.addApp();
    const token = await accessToken(h.sim, app);
    h.sim.failNext('media_upload', 'timeout');
    const form = new FormData();
    form.append('media', new Blob([PNG], { type: 'image/png' }), 'p.png');
    const upload = fetch(`${h.sim.baseUrl}/cgi-bin/media/upload?access_token=${token}&type=image`, {
      method: 'POST',
      body: form,
      signal: AbortSignal.timeout(200),
    });
    await expect(upload).rejects.toThrow(/timeout|aborted/i);
    expect(await uploadMedia(h.sim, token, PNG)).toMatchObject({ errcode: 0 });
  });

  it('counts every call of every endpoint, failed ones included', async () => {
    const sim = await startWeChatSimulator({ clock: h.now });
    try {
      const app = newApp();
      sim.addApp(app);
      sim.failNext('stable_token', { errcode: -1 });
      await postJson(sim, '/cgi-bin/stable_token', undefined, { grant_type: 'client_credential' });
      const token = await accessToken(sim, app);
      await getToken(sim, { appId: app.appId, secret: 'wrong' });
      await sendText(sim, token, 'oNobody', 'x');
      await postJson(sim, '/cgi-bin/message/custom/typing', token, { touser: 'oNobody', command: 'Typing' });
      await uploadMedia(sim, token, PNG);
      await (await fetch(`${sim.baseUrl}/cgi-bin/media/get?access_token=${token}&media_id=x`)).arrayBuffer();
      expect({
        token: sim.calls('token'),
        stable_token: sim.calls('stable_token'),
        custom_send: sim.calls('custom_send'),
        typing: sim.calls('typing'),
        media_upload: sim.calls('media_upload'),
        media_get: sim.calls('media_get'),
      }).toEqual({ token: 2, stable_token: 1, custom_send: 1, typing: 1, media_upload: 1, media_get: 1 });
    } finally {
      await sim.stop();
    }
  });

  it('stop() ends a held request and pending waits at once', async () => {
    let holding: () => void = () => {};
    const isHolding = new Promise<void>((resolve) => {
      holding = resolve;
    });
    const sim = await startWeChatSimulator({ log: (line) => line.includes('injected failure') && holding() });
    sim.failNext('token', 'timeout');
    const held = fetch(`${sim.baseUrl}/cgi-bin/token?grant_type=client_credential&appid=a&secret=b`);
    const waiting = sim
      .customer('wxany')
      .nextReceived(undefined, 60_000)
      .then(
        () => 'resolved',
        (error: Error) => error.message,
      );
    await isHolding;
    await sim.stop();
    await expect(held).rejects.toThrow();
    expect(await waiting).toMatch(/stopped/);
  });

  it('refuses a nonsensical count', () => {
    expect(() => h.sim.failNext('token', { errcode: -1 }, 0)).toThrow(RangeError);
  });
});
