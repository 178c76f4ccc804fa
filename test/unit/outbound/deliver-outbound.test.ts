import { describe, expect, it } from 'vitest';
import type { WeChatApp } from '../../../shared/domain/app.ts';
import type { DeliveryStatus, Message } from '../../../shared/domain/message.ts';
import { type DeliveryPorts, deliverOutbound } from '../../../shared/outbound/deliver-outbound.ts';
import { type WeChatApi, WeChatApiError, WeChatUnavailableError } from '../../../shared/wechat/api-client.ts';

const app: WeChatApp = {
  appId: 'wx0123456789abcdef',
  workspaceId: 'w',
  type: 'miniprogram',
  name: 'a',
  format: 'json',
  token: 't',
  secret: 's',
  createdAt: 0,
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
  content: { type: 'text', text: 'hello' },
  createdAt: 0,
  status: 'pending',
};

/** Ports over an in-memory message status and a scripted WeChat: each send answer is taken in turn. */
function harness(
  sendAnswers: (Error | 'ok')[],
  options: { claimed?: boolean; getMedia?: DeliveryPorts['getMedia'] } = {},
) {
  let status: DeliveryStatus = options.claimed ? 'sending' : 'pending';
  const transitions: { to: DeliveryStatus; changes?: unknown }[] = [];
  const sends: string[] = [];
  const bodies: unknown[] = [];
  const tokensAsked: (string | undefined)[] = [];
  const slept: number[] = [];
  const uploadedTypes: string[] = [];
  const reopened: { answeredAt: number; since: number; failedAt: number; status: DeliveryStatus }[] = [];
  const wechat = {
    async sendCustomMessage(token: string, _openId: string, body: unknown) {
      sends.push(token);
      bodies.push(body);
      const answer = sendAnswers.shift() ?? 'ok';
      if (answer !== 'ok') throw answer;
    },
    async uploadMedia(_token: string, type: string) {
      uploadedTypes.push(type);
      return 'media-1';
    },
  } as unknown as WeChatApi;
  const ports: DeliveryPorts = {
    wechat,
    tokens: {
      async get(_app, rejected) {
        tokensAsked.push(rejected);
        return rejected ? 'fresh-token' : 'cached-token';
      },
    },
    sleep: async (ms) => {
      slept.push(ms);
    },
    getApp: async () => app,
    getMedia: options.getMedia ?? (async () => ({ bytes: Buffer.from('png'), contentType: 'image/png' })),
    async transition(_message, from, to, changes) {
      if (status !== from) return false;
      status = to;
      transitions.push({ to, changes });
      return true;
    },
    clock: () => 42,
    async reopenWait(answer, since, failedAt) {
      reopened.push({ answeredAt: answer.createdAt, since, failedAt, status });
    },
  };
  return { ports, transitions, sends, bodies, tokensAsked, slept, uploadedTypes, reopened };
}

describe('deliverOutbound', () => {
  it('sends a pending message once and records sent', async () => {
    const h = harness(['ok']);
    expect(await deliverOutbound(pending, h.ports)).toBe('sent');
    expect(h.transitions).toEqual([
      { to: 'sending', changes: undefined },
      { to: 'sent', changes: { sentAt: 42 } },
    ]);
    expect(h.sends).toEqual(['cached-token']);
  });

  it("sends a menu as WeChat's msgmenu, leaving out an empty closing line", async () => {
    const options = [
      { id: 'good', text: '满意' },
      { id: 'poor', text: '不满意' },
    ];
    const menu = (tail: string): Message => ({
      ...pending,
      content: { type: 'menu', head: '您对本次服务满意吗？', options, tail },
    });
    const withTail = harness(['ok']);
    const withoutTail = harness(['ok']);
    expect(await deliverOutbound(menu('感谢您的评价'), withTail.ports)).toBe('sent');
    expect(await deliverOutbound(menu(''), withoutTail.ports)).toBe('sent');
    const list = [
      { id: 'good', content: '满意' },
      { id: 'poor', content: '不满意' },
    ];
    expect(withTail.bodies).toEqual([
      {
        msgtype: 'msgmenu',
        msgmenu: { head_content: '您对本次服务满意吗？', list, tail_content: '感谢您的评价' },
      },
    ]);
    expect(withoutTail.bodies).toEqual([
      { msgtype: 'msgmenu', msgmenu: { head_content: '您对本次服务满意吗？', list } },
    ]);
  });

  it("sends a published article as WeChat's mpnewsarticle, by its article_id alone", async () => {
    const h = harness(['ok']);
    const content = {
      type: 'article' as const,
      articleId: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4',
      title: '退货与退款说明',
      digest: '收到商品 7 天内可申请退货。',
    };
    expect(await deliverOutbound({ ...pending, content }, h.ports)).toBe('sent');
    expect(h.bodies).toEqual([
      {
        msgtype: 'mpnewsarticle',
        mpnewsarticle: { article_id: 'b5O2OUs25HBxRceL7hfReg-U9QGeq9zQjiDvyWP4Hq4' },
      },
    ]);
  });

  it('does nothing when another delivery already claimed the message', async () => {
    const h = harness(['ok'], { claimed: true });
    expect(await deliverOutbound(pending, h.ports)).toBeUndefined();
    expect(h.sends).toEqual([]);
  });

  it('ignores inbound and already handled messages', async () => {
    const h = harness(['ok']);
    expect(await deliverOutbound({ ...pending, direction: 'inbound' }, h.ports)).toBeUndefined();
    expect(await deliverOutbound({ ...pending, status: 'sent' }, h.ports)).toBeUndefined();
    expect(h.sends).toEqual([]);
  });

  it('refreshes a refused token and tries exactly once more', async () => {
    const h = harness([new WeChatApiError('custom_send', 42001, 'expired'), 'ok']);
    expect(await deliverOutbound(pending, h.ports)).toBe('sent');
    expect(h.sends).toEqual(['cached-token', 'fresh-token']);
    expect(h.tokensAsked).toEqual([undefined, 'cached-token']);
  });

  it('retries busy answers and transport failures with backoff, then gives up with a sentence', async () => {
    const busy = () => new WeChatApiError('custom_send', -1, 'busy');
    const h = harness([busy(), new WeChatUnavailableError('custom_send', 'HTTP 502'), busy(), busy()]);
    expect(await deliverOutbound(pending, h.ports)).toBe('failed');
    expect(h.sends).toHaveLength(4);
    expect(h.slept).toEqual([250, 1000, 3000]);
    expect(h.transitions.at(-1)).toEqual({
      to: 'failed',
      changes: { failure: { errcode: -1, reason: 'WeChat was busy and did not take the message.' } },
    });
  });

  it.each([45015, 45047, 40003, 45002])('records %i as failed without retrying', async (errcode) => {
    const h = harness([new WeChatApiError('custom_send', errcode, 'no')]);
    expect(await deliverOutbound(pending, h.ports)).toBe('failed');
    expect(h.sends).toHaveLength(1);
    expect(h.slept).toEqual([]);
    expect(h.transitions.at(-1)?.changes).toMatchObject({ failure: { errcode } });
  });

  it('lets the wait an answer cleared count again once it failed, after telling the agent', async () => {
    const answer: Message = { ...pending, createdAt: 30, clearedUnansweredSince: 7 };
    const refused = harness([new WeChatApiError('custom_send', 45047, 'no')]);
    expect(await deliverOutbound(answer, refused.ports)).toBe('failed');
    expect(refused.reopened).toEqual([{ answeredAt: 30, since: 7, failedAt: 42, status: 'failed' }]);
    const unprepared = harness(['ok'], {
      getMedia: async () => {
        throw new Error('gone from the bucket');
      },
    });
    const image: Message = { ...answer, content: { type: 'image', storageKey: 'uploads/w/1' } };
    expect(await deliverOutbound(image, unprepared.ports)).toBe('failed');
    expect(unprepared.reopened).toHaveLength(1);
  });

  it('leaves the wait answered when the answer was sent, or cleared none', async () => {
    const sent = harness(['ok']);
    expect(await deliverOutbound({ ...pending, clearedUnansweredSince: 7 }, sent.ports)).toBe('sent');
    const clearedNone = harness([new WeChatApiError('custom_send', 45047, 'no')]);
    expect(await deliverOutbound(pending, clearedNone.ports)).toBe('failed');
    expect([...sent.reopened, ...clearedNone.reopened]).toEqual([]);
  });

  it('uploads our copy of an image before sending it', async () => {
    const h = harness(['ok']);
    const image: Message = { ...pending, content: { type: 'image', storageKey: 'uploads/w/1' } };
    expect(await deliverOutbound(image, h.ports)).toBe('sent');
    expect(h.bodies).toEqual([{ msgtype: 'image', image: { media_id: 'media-1' } }]);
  });

  it('uploads a voice as voice media and a video as video media, leaving out empty video fields', async () => {
    const send = async (content: Message['content']) => {
      const h = harness(['ok']);
      expect(await deliverOutbound({ ...pending, content }, h.ports)).toBe('sent');
      return { uploaded: h.uploadedTypes, bodies: h.bodies };
    };
    expect(await send({ type: 'voice', storageKey: 'uploads/w/1', durationMs: 1200 })).toEqual({
      uploaded: ['voice'],
      bodies: [{ msgtype: 'voice', voice: { media_id: 'media-1' } }],
    });
    expect(await send({ type: 'video', storageKey: 'uploads/w/2', short: false, title: '安装演示' })).toEqual(
      {
        uploaded: ['video'],
        bodies: [{ msgtype: 'video', video: { media_id: 'media-1', title: '安装演示' } }],
      },
    );
    expect(await send({ type: 'video', storageKey: 'uploads/w/3', short: false, title: '' })).toEqual({
      uploaded: ['video'],
      bodies: [{ msgtype: 'video', video: { media_id: 'media-1' } }],
    });
  });

  it('ends in failed with a sentence when something unexpected breaks, never stuck in sending', async () => {
    const missing = Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
    const h = harness(['ok'], {
      getMedia: async () => {
        throw missing;
      },
    });
    const image: Message = {
      ...pending,
      content: { type: 'image', storageKey: 'uploads/w/01J00000000000000000000000' },
    };
    expect(await deliverOutbound(image, h.ports)).toBe('failed');
    expect(h.sends).toEqual([]);
    expect(h.transitions.map((transition) => transition.to)).toEqual(['sending', 'failed']);
    expect(h.transitions.at(-1)?.changes).toMatchObject({ failure: { reason: expect.stringMatching(/.+/) } });
  });
});
