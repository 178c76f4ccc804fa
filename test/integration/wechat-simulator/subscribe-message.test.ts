import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedApp, SubscribeTemplate } from '../../../infra/local/wechat-simulator/index.ts';
import { accessToken, type Harness, postJson, startHarness } from './harness.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.stop();
});

const template: SubscribeTemplate = {
  templateId: 'VRR0UEO9VJOLs0MHlU0OilqX6MVFDwH3_3gz3Oc0NIc',
  title: '留言回复通知',
  keywords: ['thing1', 'time2'],
};

const data = { thing1: { value: '您的留言已回复' }, time2: { value: '2026年12月5日 09:43' } };

async function setup(overrides: Partial<SimulatedApp> = {}) {
  const app = h.addApp({ subscribeTemplates: [template], ...overrides });
  const token = await accessToken(h.sim, app);
  const customer = h.sim.customer(app.appId);
  const path =
    app.type === 'miniprogram' ? '/cgi-bin/message/subscribe/send' : '/cgi-bin/message/subscribe/bizsend';
  const send = (body: Record<string, unknown>) =>
    postJson(h.sim, path, token, {
      touser: customer.openId,
      template_id: template.templateId,
      data,
      ...body,
    });
  return { app, token, customer, send };
}

describe('the subscription popup', () => {
  it('pushes subscribe_msg_popup_event as WeChat does, and each accept allows one send', async () => {
    const { app, customer } = await setup();
    await customer.answerSubscriptionPopup(template.templateId, true);
    await customer.answerSubscriptionPopup(template.templateId, false);
    expect(customer.subscriptionsLeft(template.templateId)).toBe(1);
    const [accepted, rejected] = h.platform.received(app.appId).map((callback) => callback.opened?.message);
    expect(accepted).toMatchObject({
      kind: 'unknown',
      event: 'subscribe_msg_popup_event',
      fields: {
        'SubscribeMsgPopupEvent.List.TemplateId': template.templateId,
        'SubscribeMsgPopupEvent.List.SubscribeStatusString': 'accept',
        'SubscribeMsgPopupEvent.List.PopupScene': '0',
      },
    });
    expect(rejected).toMatchObject({
      fields: { 'SubscribeMsgPopupEvent.List.SubscribeStatusString': 'reject' },
    });
  });

  it('offers only a template the app has', async () => {
    const { customer } = await setup();
    await expect(customer.answerSubscriptionPopup('not-a-template', true)).rejects.toThrow(
      /no subscribe-message template/,
    );
  });
});

describe('subscribe/send and subscribe/bizsend', () => {
  it('deliver a service notice and spend the grant; with none left they answer 43101', async () => {
    const { customer, send } = await setup();
    await customer.answerSubscriptionPopup(template.templateId, true);
    expect(await send({ page: 'pages/index' })).toEqual({ errcode: 0, errmsg: 'ok' });
    const notice = await customer.nextReceived((received) => received.msgtype === 'subscribe');
    expect(notice.notice).toEqual({
      templateId: template.templateId,
      title: template.title,
      values: { thing1: '您的留言已回复', time2: '2026年12月5日 09:43' },
      page: 'pages/index',
    });
    expect(await send({})).toMatchObject({ errcode: 43101 });
    expect(customer.inbox).toHaveLength(1);
  });

  it('answer 40037 for a template the app does not have and 47003 for data that does not fit it', async () => {
    const { customer, send } = await setup();
    await customer.answerSubscriptionPopup(template.templateId, true);
    expect(await send({ template_id: 'other' })).toMatchObject({ errcode: 40037 });
    const tooLong = { ...data, thing1: { value: '一二三四五六七八九十一二三四五六七八九十一' } };
    expect(await send({ data: tooLong })).toMatchObject({ errcode: 47003 });
    expect(await send({ data: { thing1: data.thing1 } })).toMatchObject({ errcode: 47003 });
    expect(await send({ data: { ...data, thing3: { value: 'x' } } })).toMatchObject({ errcode: 47003 });
    // Refused sends spend nothing.
    expect(customer.subscriptionsLeft(template.templateId)).toBe(1);
  });

  it('keep bizsend for Official Accounts and subscribe/send for Mini Programs', async () => {
    const { token, customer } = await setup({ type: 'official-account' });
    await customer.answerSubscriptionPopup(template.templateId, true);
    const body = { touser: customer.openId, template_id: template.templateId, data };
    expect(await postJson(h.sim, '/cgi-bin/message/subscribe/send', token, body)).toMatchObject({
      errcode: 48001,
    });
    expect(await postJson(h.sim, '/cgi-bin/message/subscribe/bizsend', token, body)).toEqual({
      errcode: 0,
      errmsg: 'ok',
    });
  });

  it('turning the notices off leaves no grant', async () => {
    const { customer, send } = await setup();
    await customer.answerSubscriptionPopup(template.templateId, true);
    await customer.turnOffSubscription(template.templateId);
    expect(await send({})).toMatchObject({ errcode: 43101 });
  });
});

describe('the customer page', () => {
  it('answers the popup and shows the notice as WeChat shows a service notice', async () => {
    const { app, customer, send } = await setup();
    const post = (path: string, body: unknown) =>
      fetch(`${h.sim.baseUrl}/_sim/api/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const apps = (await (await fetch(`${h.sim.baseUrl}/_sim/api/apps`)).json()) as {
      apps: { appId: string }[];
    };
    expect(apps.apps.find((listed) => listed.appId === app.appId)).toMatchObject({
      subscribeTemplates: [template],
    });
    const answered = await post('push', {
      appId: app.appId,
      openId: customer.openId,
      action: 'subscriptionPopup',
      templateId: template.templateId,
      accept: true,
    });
    expect(answered.status).toBe(200);
    expect(customer.subscriptionsLeft(template.templateId)).toBe(1);
    await send({});
    const query = new URLSearchParams({ appId: app.appId, openId: customer.openId });
    const shown = (await (await fetch(`${h.sim.baseUrl}/_sim/api/conversation?${query}`)).json()) as {
      entries: { from: string; notice?: unknown }[];
    };
    expect(shown.entries.find((entry) => entry.from === 'platform')?.notice).toMatchObject({
      title: template.title,
      values: { thing1: '您的留言已回复' },
    });
  });
});
