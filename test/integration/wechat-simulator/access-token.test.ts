import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedApp } from '../../../infra/local/wechat-simulator/index.ts';
import {
  DAY,
  getToken,
  type Harness,
  HOUR,
  MINUTE,
  postJson,
  SECOND,
  sendText,
  startHarness,
  type WeChatJson,
} from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

/** What custom/send says about a token; the customer has an open window, so 0 means the token works. */
async function tokenState(openId: string, token: string): Promise<number | undefined> {
  return (await sendText(h.sim, token, openId, 'ping')).errcode;
}

async function appWithCustomer(): Promise<{ app: SimulatedApp; openId: string }> {
  const app = h.addApp();
  const customer = h.sim.customer(app.appId);
  // Opens a 48-hour window of 5 sends: enough for every check below, so only the token decides.
  await customer.say('hi');
  return { app, openId: customer.openId };
}

async function stableToken(app: SimulatedApp, forceRefresh = false) {
  return postJson(h.sim, '/cgi-bin/stable_token', undefined, {
    grant_type: 'client_credential',
    appid: app.appId,
    secret: app.secret,
    force_refresh: forceRefresh,
  });
}

describe('/cgi-bin/token', () => {
  it('issues a new token on every call; the previous one works for 5 more minutes only', async () => {
    const { app, openId } = await appWithCustomer();
    const first = await getToken(h.sim, app);
    const second = await getToken(h.sim, app);
    expect(first).toMatchObject({ expires_in: 7200 });
    expect(typeof first.access_token).toBe('string');
    expect((first.access_token as string).length).toBeGreaterThan(100);
    expect(second.access_token).not.toBe(first.access_token);

    expect(await tokenState(openId, first.access_token as string)).toBe(0);
    h.advance(5 * MINUTE - SECOND);
    expect(await tokenState(openId, first.access_token as string)).toBe(0);
    h.advance(SECOND);
    expect(await tokenState(openId, first.access_token as string)).toBe(40001);
    expect(await tokenState(openId, second.access_token as string)).toBe(0);
  });

  it('expires after 7200 s with 42001', async () => {
    const { app, openId } = await appWithCustomer();
    const { access_token } = await getToken(h.sim, app);
    h.advance(2 * HOUR - SECOND);
    expect(await tokenState(openId, access_token as string)).toBe(0);
    h.advance(SECOND);
    expect(await tokenState(openId, access_token as string)).toBe(42001);
  });

  it('refuses a wrong secret (40001), an unknown appid (40013) and a bad grant_type (40002)', async () => {
    const app = h.addApp();
    expect(await getToken(h.sim, { appId: app.appId, secret: 'wrong' })).toMatchObject({ errcode: 40001 });
    expect(await getToken(h.sim, { appId: 'wxnobody', secret: app.secret })).toMatchObject({
      errcode: 40013,
    });
    const response = await fetch(
      `${h.sim.baseUrl}/cgi-bin/token?grant_type=password&appid=${app.appId}&secret=${app.secret}`,
    );
    expect(await response.json()).toMatchObject({ errcode: 40002 });
    expect(response.status).toBe(200);
  });

  it('errmsg carries a rid like WeChat, so nothing can match on it exactly', async () => {
    const body = await getToken(h.sim, { appId: 'wxnobody', secret: 'x' });
    expect(body.errmsg).toMatch(/^invalid appid rid: [0-9a-f]{8}-[0-9a-f]{8}-[0-9a-f]{8}$/);
  });
});

describe('/cgi-bin/stable_token', () => {
  it('returns the same token while more than 5 minutes are left', async () => {
    const { app, openId } = await appWithCustomer();
    const first = await stableToken(app);
    expect(first).toMatchObject({ expires_in: 7200 });
    h.advance(10 * MINUTE);
    const second = await stableToken(app);
    expect(second.access_token).toBe(first.access_token);
    expect(second.expires_in).toBe(7200 - 600);
    expect(await tokenState(openId, second.access_token as string)).toBe(0);
  });

  it('renews in the last 5 minutes; old and new both work until the old one expires', async () => {
    const { app, openId } = await appWithCustomer();
    const old = await stableToken(app);
    h.advance(2 * HOUR - 5 * MINUTE + SECOND);
    const renewed = await stableToken(app);
    expect(renewed.access_token).not.toBe(old.access_token);
    expect(renewed.expires_in).toBe(7200);
    expect(await tokenState(openId, old.access_token as string)).toBe(0);
    expect(await stableToken(app)).toMatchObject({ access_token: renewed.access_token });
    h.advance(5 * MINUTE);
    expect(await tokenState(openId, old.access_token as string)).toBe(42001);
    expect(await tokenState(openId, renewed.access_token as string)).toBe(0);
  });

  it('force_refresh issues a new token and kills the old one at once', async () => {
    const { app, openId } = await appWithCustomer();
    const old = await stableToken(app);
    const forced = await stableToken(app, true);
    expect(forced.access_token).not.toBe(old.access_token);
    expect(await tokenState(openId, old.access_token as string)).toBe(40001);
    expect(await tokenState(openId, forced.access_token as string)).toBe(0);
  });

  it('a forced refresh within 30 s of the last one refreshes nothing', async () => {
    const { app, openId } = await appWithCustomer();
    const forced = await stableToken(app, true);
    h.advance(30 * SECOND - 1);
    expect(await stableToken(app, true)).toMatchObject({ access_token: forced.access_token });
    expect(await tokenState(openId, forced.access_token as string)).toBe(0);
    h.advance(1);
    const again = await stableToken(app, true);
    expect(again.access_token).not.toBe(forced.access_token);
    expect(await tokenState(openId, forced.access_token as string)).toBe(40001);
  });

  it('allows 20 forced refreshes a Beijing day; the 21st answers 45009 and keeps the token', async () => {
    const { app, openId } = await appWithCustomer();
    // To 00:00 of the next day in Beijing (UTC+8), where WeChat's daily quotas start again.
    h.advance(DAY - ((h.now() + 8 * HOUR) % DAY));
    let last: WeChatJson = {};
    for (let i = 1; i <= 20; i += 1) {
      last = await stableToken(app, true);
      expect(last.access_token).toEqual(expect.any(String));
      h.advance(30 * SECOND);
    }
    expect(await stableToken(app, true)).toMatchObject({ errcode: 45009 });
    expect(await tokenState(openId, last.access_token as string)).toBe(0);
    expect(await stableToken(app)).toMatchObject({ access_token: last.access_token });
    h.advance(DAY - 20 * 30 * SECOND);
    expect((await stableToken(app, true)).access_token).not.toBe(last.access_token);
  });

  it('is isolated from /cgi-bin/token', async () => {
    const { app, openId } = await appWithCustomer();
    const stable = await stableToken(app);
    await getToken(h.sim, app);
    await getToken(h.sim, app);
    h.advance(6 * MINUTE);
    expect(await tokenState(openId, stable.access_token as string)).toBe(0);
  });

  it('answers body and credential errors', async () => {
    const app = h.addApp();
    const post = (body: unknown) => postJson(h.sim, '/cgi-bin/stable_token', undefined, body);
    expect(await post('')).toMatchObject({ errcode: 44002 });
    expect(await post('{not json')).toMatchObject({ errcode: 47001 });
    expect(await post({ grant_type: 'x', appid: app.appId, secret: app.secret })).toMatchObject({
      errcode: 40002,
    });
    expect(await post({ grant_type: 'client_credential', appid: 'wxnobody', secret: 'x' })).toMatchObject({
      errcode: 40013,
    });
    expect(await post({ grant_type: 'client_credential', appid: app.appId, secret: 'wrong' })).toMatchObject({
      errcode: 40125,
    });
    const viaGet = await fetch(`${h.sim.baseUrl}/cgi-bin/stable_token`);
    expect(await viaGet.json()).toMatchObject({ errcode: 43002 });
  });
});

describe('token checks on the other endpoints', () => {
  it('missing → 41001, malformed → 40014, never issued → 40001', async () => {
    const { openId } = await appWithCustomer();
    const body = { touser: openId, msgtype: 'text', text: { content: 'x' } };
    expect(await postJson(h.sim, '/cgi-bin/message/custom/send', undefined, body)).toMatchObject({
      errcode: 41001,
    });
    expect(await postJson(h.sim, '/cgi-bin/message/custom/send', 'not a token!', body)).toMatchObject({
      errcode: 40014,
    });
    expect(
      await postJson(h.sim, '/cgi-bin/message/custom/send', `86_${'A'.repeat(128)}`, body),
    ).toMatchObject({
      errcode: 40001,
    });
  });

  it('invalidateTokens makes every current token of the app answer 40001', async () => {
    const { app, openId } = await appWithCustomer();
    const classic = (await getToken(h.sim, app)).access_token as string;
    const stable = (await stableToken(app)).access_token as string;
    h.sim.invalidateTokens(app.appId);
    expect(await tokenState(openId, classic)).toBe(40001);
    expect(await tokenState(openId, stable)).toBe(40001);
    const fresh = await stableToken(app);
    expect(fresh.access_token).not.toBe(stable);
    expect(await tokenState(openId, fresh.access_token as string)).toBe(0);
  });
});
