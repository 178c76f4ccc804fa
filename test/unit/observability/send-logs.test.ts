/** What a send to WeChat that ends `failed` writes: one error line and a `SendFailed` metric, never the text. */
import { describe, expect, it, vi } from 'vitest';
import type { WeChatApp } from '../../../shared/domain/app.ts';
import type { DeliveryStatus, Message } from '../../../shared/domain/message.ts';
import { publishMetrics } from '../../../shared/observability/metrics.ts';
import { type DeliveryPorts, deliverOutbound } from '../../../shared/outbound/deliver-outbound.ts';
import { type WeChatApi, WeChatApiError, WeChatUnavailableError } from '../../../shared/wechat/api-client.ts';
import { captureOutput, metricNamesOf } from './capture-output.ts';

// vitest.config.ts silences Powertools for every test; these are about what it writes. Before any import,
// since the Logger and Metrics read their settings once, when created.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

const app: WeChatApp = {
  appId: 'wx0123456789abcdef',
  workspaceId: 'w',
  type: 'miniprogram',
  name: 'a',
  format: 'json',
  token: 'TokenOfTheApp123',
  secret: 'SecretOfTheApp0123456789',
  createdAt: 0,
};

const agentText = '您的订单 PRIVATE-REPLY-2718 已退款';

const pending: Message = {
  conversationId: '01KBQ0CONVERSATION00000001',
  messageId: '01KBQ0MESSAGE0000000000001',
  workspaceId: 'w',
  appId: app.appId,
  openId: 'oCustomerOpenId0000000001',
  direction: 'outbound',
  author: 'agent',
  authorId: 'agent-1',
  content: { type: 'text', text: agentText },
  createdAt: 0,
  status: 'pending',
};

/** Ports over an in-memory status and a WeChat that answers every send with `answer`. */
function ports(answer: () => Error): DeliveryPorts {
  let status: DeliveryStatus = 'pending';
  return {
    wechat: {
      async sendCustomMessage() {
        throw answer();
      },
    } as unknown as WeChatApi,
    tokens: { get: async () => 'access-token-never-logged' },
    sleep: async () => {},
    getApp: async () => app,
    getMedia: async () => ({ bytes: Buffer.from('png'), contentType: 'image/png' }),
    async transition(_message, from, to) {
      if (status !== from) return false;
      status = to;
      return true;
    },
    clock: () => 42,
    reopenWait: async () => {},
  };
}

function expectNothingPrivate(text: string) {
  expect(text).not.toContain('PRIVATE-REPLY-2718');
  expect(text).not.toContain(agentText);
  expect(text).not.toContain('access-token-never-logged');
  expect(text).not.toContain(app.token);
  expect(text).not.toContain(app.secret);
}

describe('a failed send', () => {
  it('logs one error with the ids, errcode and sentence, and counts SendFailed by errcode', async () => {
    const output = await captureOutput(async () => {
      const status = await deliverOutbound(
        pending,
        ports(() => new WeChatApiError('custom_send', 45015, 'response out of time limit rid: 6930a1b2')),
      );
      expect(status).toBe('failed');
    });

    expect(output.logs()).toEqual([
      expect.objectContaining({
        level: 'ERROR',
        message: 'send to WeChat failed',
        appId: app.appId,
        conversationId: pending.conversationId,
        messageId: pending.messageId,
        contentType: 'text',
        errcode: 45015,
        reason: "WeChat's 48-hour reply window has closed; the customer has to write again first.",
        api: 'custom_send',
        errmsg: 'response out of time limit rid: 6930a1b2',
      }),
    ]);
    const metrics = output.metrics();
    expect(metrics).toHaveLength(1);
    expect(metricNamesOf(metrics[0] ?? {})).toEqual(['SendFailed']);
    expect(metrics[0]).toMatchObject({ SendFailed: 1, errcode: '45015' });
    expectNothingPrivate(output.text());
  });

  it('logs retries given up once, with what the transport said, counted under errcode none', async () => {
    const output = await captureOutput(() =>
      deliverOutbound(
        pending,
        ports(() => new WeChatUnavailableError('custom_send', 'HTTP 502')),
      ),
    );

    const logs = output.logs();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({
      level: 'ERROR',
      messageId: pending.messageId,
      reason: 'WeChat did not answer after several tries; the message was not sent.',
      cause: 'WeChat custom_send did not answer: HTTP 502',
    });
    expect(logs[0]).not.toHaveProperty('errcode');
    expect(output.metrics()).toEqual([expect.objectContaining({ SendFailed: 1, errcode: 'none' })]);
    expectNothingPrivate(output.text());
  });

  it('logs nothing for a send WeChat took, and counts MessageSent with its latency', async () => {
    const output = await captureOutput(async () => {
      const ok = ports(() => new Error('unused'));
      ok.wechat = { sendCustomMessage: async () => {} } as unknown as WeChatApi;
      expect(await deliverOutbound({ ...pending, createdAt: 30 }, ok)).toBe('sent');
      publishMetrics();
    });
    expect(output.logs()).toEqual([]);
    const metrics = output.metrics();
    expect(metrics).toHaveLength(1);
    expect(metricNamesOf(metrics[0] ?? {}).sort()).toEqual(['MessageSent', 'SendLatency']);
    // The ports' clock says 42: twelve milliseconds after the answer was written.
    expect(metrics[0]).toMatchObject({ MessageSent: 1, SendLatency: 12 });
    expectNothingPrivate(output.text());
  });
});

describe('flushing metrics', () => {
  it('writes nothing and does not throw when no metric was stored', async () => {
    const output = await captureOutput(async () => publishMetrics());
    expect(output.lines).toEqual([]);
  });
});
