import { describe, expect, it } from 'vitest';
import type { WeChatApp } from '../../../shared/domain/app.ts';
import type { DeliveryStatus, Message } from '../../../shared/domain/message.ts';
import { type DeliveryPorts, deliverOutbound } from '../../../shared/outbound/deliver-outbound.ts';
import { type SubscribeMessage, type WeChatApi, WeChatApiError } from '../../../shared/wechat/api-client.ts';

const app: WeChatApp = {
  appId: 'wx0123456789abcdef',
  workspaceId: 'w',
  type: 'official-account',
  name: '小店',
  format: 'xml',
  token: 't',
  secret: 's',
  createdAt: 0,
  followUp: { templateId: 'tpl', fields: { thing1: 'answer' }, page: 'pages/index' },
};

const pending: Message = {
  conversationId: 'C',
  messageId: 'M',
  workspaceId: 'w',
  appId: app.appId,
  openId: 'o-customer',
  direction: 'outbound',
  author: 'agent',
  authorId: 'agent-1',
  content: { type: 'text', text: '您的订单已经重新安排发货，请留意物流信息。' },
  createdAt: 0,
  status: 'pending',
};

/** A WeChat whose custom/send answers as scripted, and grants that are there or not. */
function harness(customAnswer: Error | 'ok', grants: number, subscribeAnswer: Error | 'ok' = 'ok') {
  let status: DeliveryStatus = 'pending';
  let left = grants;
  const transitions: { to: DeliveryStatus; changes?: unknown }[] = [];
  const subscribeSends: { appType: string; body: SubscribeMessage }[] = [];
  const reopened: { since: number; status: DeliveryStatus }[] = [];
  const wechat = {
    async sendCustomMessage() {
      if (customAnswer !== 'ok') throw customAnswer;
    },
    async sendSubscribeMessage(_token: string, appType: string, _openId: string, body: SubscribeMessage) {
      subscribeSends.push({ appType, body });
      if (subscribeAnswer !== 'ok') throw subscribeAnswer;
    },
  } as unknown as WeChatApi;
  const ports: DeliveryPorts = {
    wechat,
    tokens: { get: async () => 'token' },
    sleep: async () => {},
    getApp: async () => app,
    getMedia: async () => ({ bytes: Buffer.from(''), contentType: 'image/png' }),
    async transition(_message, from, to, changes) {
      if (status !== from) return false;
      status = to;
      transitions.push({ to, changes });
      return true;
    },
    clock: () => 42,
    async reopenWait(_answer, since) {
      reopened.push({ since, status });
    },
    takeGrant: async () => {
      if (left <= 0) return false;
      left -= 1;
      return true;
    },
  };
  return { ports, transitions, subscribeSends, reopened, left: () => left };
}

describe('deliverOutbound and follow-ups', () => {
  it('sends a follow-up recorded as one through subscribe/bizsend, as it was filled', async () => {
    const h = harness('ok', 0);
    const followUp = { templateId: 'tpl', data: { thing1: { value: '好的' } } };
    expect(await deliverOutbound({ ...pending, followUp }, h.ports)).toBe('sent');
    expect(h.subscribeSends).toEqual([
      { appType: 'official-account', body: { template_id: 'tpl', data: { thing1: { value: '好的' } } } },
    ]);
  });

  it('turns an answer WeChat refuses with 45015 into the subscribe message when a grant is left', async () => {
    const h = harness(new WeChatApiError('custom_send', 45015, 'out of time'), 1);
    expect(await deliverOutbound(pending, h.ports)).toBe('sent');
    const followUp = {
      templateId: 'tpl',
      data: { thing1: { value: '您的订单已经重新安排发货，请留意物流信…' } },
      page: 'pages/index',
    };
    expect(h.subscribeSends.map((send) => send.body)).toEqual([
      { template_id: 'tpl', data: followUp.data, page: 'pages/index' },
    ]);
    expect(h.transitions.at(-1)).toEqual({ to: 'sent', changes: { sentAt: 42, followUp } });
    expect(h.left()).toBe(0);
  });

  it('records 45015 when no grant is left, and tries nothing else', async () => {
    const h = harness(new WeChatApiError('custom_send', 45015, 'out of time'), 0);
    expect(await deliverOutbound(pending, h.ports)).toBe('failed');
    expect(h.subscribeSends).toEqual([]);
    expect(h.transitions.at(-1)).toMatchObject({ to: 'failed', changes: { failure: { errcode: 45015 } } });
  });

  it('lets the wait the answer cleared count again when its subscribe message fails too', async () => {
    const h = harness(
      new WeChatApiError('custom_send', 45015, 'out of time'),
      1,
      new WeChatApiError('subscribe_bizsend', 43101, 'user refuse to accept the msg'),
    );
    expect(await deliverOutbound({ ...pending, clearedUnansweredSince: 7 }, h.ports)).toBe('failed');
    expect(h.transitions.at(-1)).toMatchObject({ to: 'failed', changes: { failure: { errcode: 43101 } } });
    expect(h.reopened).toEqual([{ since: 7, status: 'failed' }]);
  });

  it('takes no grant for other refusals or for what is not an agent’s text', async () => {
    const quota = harness(new WeChatApiError('custom_send', 45047, 'out of count'), 1);
    expect(await deliverOutbound(pending, quota.ports)).toBe('failed');
    const bot = harness(new WeChatApiError('custom_send', 45015, 'out of time'), 1);
    expect(await deliverOutbound({ ...pending, author: 'bot' }, bot.ports)).toBe('failed');
    expect([quota.left(), bot.left()]).toEqual([1, 1]);
  });
});
