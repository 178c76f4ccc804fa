import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerAgent } from '../../../shared/admin/registration.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { getMedia } from '../../../shared/store/media-store.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { isStatus, servedConversation } from '../../support/conversation-fixture.ts';
import { onePixelPng, uploadPicture } from '../../support/pictures.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const png = onePixelPng;

const upload = (token: string, bytes: Buffer, contentType?: string) =>
  uploadPicture(system.runtime.httpUrl, token, bytes, contentType);

describe('an agent answers', () => {
  it('text reaches the customer once and the console sees pending → sent', async () => {
    const served = await servedConversation(system);
    const response = await served.send({ type: 'text', text: '您好！请问有什么可以帮您？' });
    expect(response.status).toBe(201);
    const { message, conversation } = (await response.json()) as {
      message: Message;
      conversation: { replyWindow: unknown };
    };
    expect(message).toMatchObject({ direction: 'outbound', author: 'agent', status: 'pending' });
    expect(conversation.replyWindow).toMatchObject({ grant: 'message', used: 1 });

    const received = await served.customer.nextReceived();
    expect(received).toMatchObject({ msgtype: 'text', text: '您好！请问有什么可以帮您？' });
    const sent = await served.socket.next(isStatus('sent', message.messageId));
    expect(sent.message.sentAt).toBeGreaterThan(0);
    expect(served.customer.inbox).toHaveLength(1);
  });

  it('a send retried with the same client message id is sent once', async () => {
    const served = await servedConversation(system);
    const clientMessageId = randomUUID();
    const responses = await Promise.all(
      [1, 2, 3].map(() => served.send({ type: 'text', text: 'only once' }, clientMessageId)),
    );
    const bodies = (await Promise.all(responses.map((response) => response.json()))) as {
      message: Message;
    }[];
    expect(new Set(bodies.map((body) => body.message.messageId)).size).toBe(1);
    expect(responses.map((response) => response.status).sort()).toEqual([200, 200, 201]);
    await served.socket.next(isStatus('sent'));
    // A later message marks the end of what the customer can receive from the first.
    await served.send({ type: 'text', text: 'marker' });
    await served.customer.nextReceived((received) => received.text === 'marker');
    expect(served.customer.inbox.map((received) => received.text)).toEqual(['only once', 'marker']);
  });

  it('an image uploaded by the agent reaches the customer as image media', async () => {
    const served = await servedConversation(system);
    const uploaded = await upload(served.agent.token, png);
    expect(uploaded.status).toBe(201);
    const { storageKey, url } = (await uploaded.json()) as { storageKey: string; url: string };
    expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(png);
    expect((await served.send({ type: 'image', storageKey })).status).toBe(201);
    const received = await served.customer.nextReceived();
    expect(received.msgtype).toBe('image');
    expect(received.body).toMatchObject({ image: { media_id: expect.any(String) } });
  });

  it('keeps a sent picture or card cover apart from the unsent drafts the bucket deletes', async () => {
    const served = await servedConversation(system);
    const draftOf = async () =>
      ((await (await upload(served.agent.token, png)).json()) as { storageKey: string }).storageKey;
    const picture = await draftOf();
    const cover = await draftOf();
    for (const draft of [picture, cover]) expect(draft).toMatch(/^drafts\/[a-z0-9-]+\/[0-9A-Z]{26}$/);
    const sentPicture = await served.send({ type: 'image', storageKey: picture });
    const sentCard = await served.send({
      type: 'miniprogrampage',
      title: '新品',
      pagePath: 'pages/item/index?id=7',
      thumbStorageKey: cover,
    });
    expect([sentPicture.status, sentCard.status]).toEqual([201, 201]);
    const { message: pictureMessage } = (await sentPicture.json()) as { message: Message };
    const { message: cardMessage } = (await sentCard.json()) as { message: Message };
    const kept = [
      pictureMessage.content.type === 'image' ? pictureMessage.content.storageKey : undefined,
      cardMessage.content.type === 'miniprogrampage' ? cardMessage.content.thumbStorageKey : undefined,
    ];
    expect(kept).toEqual([picture, cover].map((draft) => draft.replace(/^drafts\//, 'uploads/')));
    for (const key of kept) expect((await getMedia(key ?? '')).bytes).toEqual(png);
  });

  it('a Mini Program card goes out with its cover uploaded to WeChat', async () => {
    const served = await servedConversation(system);
    const { storageKey } = (await (await upload(served.agent.token, png)).json()) as { storageKey: string };
    const card = {
      type: 'miniprogrampage',
      title: '限时优惠',
      pagePath: 'pages/item/index?id=42',
      thumbStorageKey: storageKey,
    };
    expect((await served.send(card)).status).toBe(201);
    const received = await served.customer.nextReceived();
    expect(received).toMatchObject({
      msgtype: 'miniprogrampage',
      body: {
        miniprogrampage: {
          title: '限时优惠',
          pagepath: 'pages/item/index?id=42',
          thumb_media_id: expect.any(String),
        },
      },
    });
  });

  it('sends over the socket too, acknowledged with send.accepted', async () => {
    const served = await servedConversation(system);
    const clientMessageId = randomUUID();
    served.socket.send({
      action: 'send',
      conversationId: served.conversation.conversationId,
      clientMessageId,
      content: { type: 'text', text: 'via socket' },
    });
    const accepted = await served.socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'send.accepted' }> => frame.type === 'send.accepted',
    );
    expect(accepted.clientMessageId).toBe(clientMessageId);
    expect((await served.customer.nextReceived()).text).toBe('via socket');
  });

  it('sends an uploaded picture over the socket, kept like one sent over HTTP', async () => {
    const served = await servedConversation(system);
    const { storageKey } = (await (await upload(served.agent.token, png)).json()) as { storageKey: string };
    served.socket.send({
      action: 'send',
      conversationId: served.conversation.conversationId,
      clientMessageId: randomUUID(),
      content: { type: 'image', storageKey },
    });
    const answer = await served.socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'send.accepted' | 'send.refused' | 'error' }> =>
        frame.type === 'send.accepted' || frame.type === 'send.refused' || frame.type === 'error',
    );
    expect(answer).toMatchObject({
      type: 'send.accepted',
      message: { content: { type: 'image', storageKey: storageKey.replace(/^drafts\//, 'uploads/') } },
    });
    expect((await served.customer.nextReceived()).msgtype).toBe('image');
  });
});

describe('what WeChat would refuse is refused first', () => {
  it('a sixth message in the window is refused with the reason, without calling WeChat', async () => {
    const served = await servedConversation(system);
    const callsBefore = system.simulator.calls('custom_send');
    for (let index = 1; index <= 5; index++) {
      expect((await served.send({ type: 'text', text: `reply ${index}` })).status).toBe(201);
    }
    const refused = await served.send({ type: 'text', text: 'one too many' });
    expect(refused.status).toBe(409);
    expect(await refused.json()).toMatchObject({ error: { code: 'quota_used_up' } });
    for (let index = 1; index <= 5; index++) await served.customer.nextReceived();
    expect(served.customer.inbox).toHaveLength(5);
    expect(system.simulator.calls('custom_send') - callsBefore).toBe(5);
    // A new message from the customer opens a new window.
    await served.customer.say('还在吗？');
    expect((await served.send({ type: 'text', text: 'yes' })).status).toBe(201);
  });

  it('text longer than 2048 bytes, a foreign upload and an unassigned agent are refused', async () => {
    const served = await servedConversation(system);
    const long = await served.send({ type: 'text', text: '长'.repeat(683) });
    expect(long.status).toBe(400);
    expect(((await long.json()) as { error: { message: string } }).error.message).toContain('2049 bytes');
    const foreign = await served.send({
      type: 'image',
      storageKey: 'uploads/another-workspace/01J0000000000000000000000',
    });
    expect(foreign.status).toBe(400);
    const colleague = await system.addAgent([served.app.appId]);
    const notTheirs = await fetch(
      `${system.runtime.httpUrl}/api/conversations/${served.conversation.conversationId}/messages`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${colleague.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text: 'hi' } }),
      },
    );
    expect(notTheirs.status).toBe(409);
    expect(served.customer.inbox).toHaveLength(0);
  });

  it('uploads that are not pictures or too large are refused', async () => {
    const served = await servedConversation(system);
    expect((await upload(served.agent.token, Buffer.from('<svg/>'), 'image/png')).status).toBe(400);
    expect((await upload(served.agent.token, Buffer.alloc(4 * 1024 * 1024 + 1, 0xff))).status).toBe(413);
  });
});

describe("WeChat's answers", () => {
  it('retries a busy WeChat (-1) and then records sent', async () => {
    const served = await servedConversation(system);
    system.simulator.failNext('custom_send', { errcode: -1, errmsg: 'system error' });
    const before = system.simulator.calls('custom_send');
    const { message } = (await (await served.send({ type: 'text', text: 'after a retry' })).json()) as {
      message: Message;
    };
    await served.socket.next(isStatus('sent', message.messageId));
    expect(system.simulator.calls('custom_send') - before).toBe(2);
    expect(served.customer.inbox.map((received) => received.text)).toEqual(['after a retry']);
  });

  it('records 45015 as failed with a sentence, and does not retry', async () => {
    const served = await servedConversation(system);
    system.simulator.failNext('custom_send', { errcode: 45015, errmsg: 'response out of time limit' });
    const before = system.simulator.calls('custom_send');
    const { message } = (await (await served.send({ type: 'text', text: 'too late' })).json()) as {
      message: Message;
    };
    const failed = await served.socket.next(isStatus('failed', message.messageId));
    expect(failed.message.failure).toEqual({
      errcode: 45015,
      reason: "WeChat's 48-hour reply window has closed; the customer has to write again first.",
    });
    expect(system.simulator.calls('custom_send') - before).toBe(1);
  });

  it('refreshes a refused token once, even for 20 concurrent sends', async () => {
    const app = await system.addApp();
    const agent = await system.addAgent([app.appId], { capacity: 20 });
    const socket = await system.connect(agent.token);
    const customers = Array.from({ length: 20 }, () => system.simulator.customer(app.appId));
    await Promise.all(customers.map((customer) => customer.say('hello')));
    const conversations = new Map<string, string>();
    while (conversations.size < 20) {
      const frame = await socket.next(isMessageCreated);
      conversations.set(frame.conversation.openId, frame.conversation.conversationId);
    }
    // Warm the token, then make WeChat refuse it, as when another server fetched a new one.
    await fetch(
      `${system.runtime.httpUrl}/api/conversations/${conversations.get(customers[0]?.openId ?? '')}/messages`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text: 'warm-up' } }),
      },
    );
    await customers[0]?.nextReceived();
    system.simulator.invalidateTokens(app.appId);
    const refreshesBefore = system.simulator.calls('stable_token');

    await Promise.all(
      customers.map((customer) =>
        fetch(`${system.runtime.httpUrl}/api/conversations/${conversations.get(customer.openId)}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${agent.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            clientMessageId: randomUUID(),
            content: { type: 'text', text: 'after expiry' },
          }),
        }),
      ),
    );
    await Promise.all(
      customers.map((customer) => customer.nextReceived((received) => received.text === 'after expiry')),
    );
    expect(system.simulator.calls('stable_token') - refreshesBefore).toBe(1);
    await socket.close();
  });
});

describe('pictures from customers', () => {
  it('are copied from WeChat and shown to the agent through a short-lived link', async () => {
    const served = await servedConversation(system);
    await served.customer.sendImage(png);
    const created = await served.socket.next(isMessageCreated);
    expect(created.message.content).toMatchObject({ type: 'image', mediaId: expect.any(String) });
    const updated = await served.socket.next(
      (frame): frame is Extract<ServerFrame, { type: 'message.updated' }> =>
        frame.type === 'message.updated' && frame.message.messageId === created.message.messageId,
    );
    expect(updated.message.mediaUrl).toContain('X-Amz-Expires=900');
    expect(Buffer.from(await (await fetch(updated.message.mediaUrl ?? '')).arrayBuffer())).toEqual(png);
    const history = await system.api(
      `/api/conversations/${served.conversation.conversationId}/messages`,
      served.agent.token,
    );
    const { messages } = (await history.json()) as { messages: Message[] };
    expect(
      messages.find((message) => message.messageId === created.message.messageId)?.mediaUrl,
    ).toBeDefined();
  });
});

describe('typing', () => {
  it('shows typing within 30 s of the customer, once per 15 s', async () => {
    const served = await servedConversation(system);
    const typing = () =>
      fetch(`${system.runtime.httpUrl}/api/conversations/${served.conversation.conversationId}/typing`, {
        method: 'POST',
        headers: { authorization: `Bearer ${served.agent.token}` },
      }).then((response) => response.json());
    expect(await typing()).toEqual({ shown: true });
    expect(await typing()).toMatchObject({ shown: false });
    expect(served.customer.typing.map((entry) => entry.command)).toEqual(['Typing']);
  });
});

describe('typing is best effort (issue 17)', () => {
  const typing = (served: Awaited<ReturnType<typeof servedConversation>>) =>
    fetch(`${system.runtime.httpUrl}/api/conversations/${served.conversation.conversationId}/typing`, {
      method: 'POST',
      headers: { authorization: `Bearer ${served.agent.token}` },
    });

  it.each(['drop', 'timeout'] as const)(
    'WeChat out of reach (%s) is a clear answer, never a 500',
    async (failure) => {
      const served = await servedConversation(system);
      system.simulator.failNext('typing', failure);
      const response = await typing(served);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ shown: false, reason: expect.stringContaining('WeChat') });
      expect(served.customer.typing).toHaveLength(0);
    },
    15_000,
  );
});

describe('cards WeChat requires complete (issue 17)', () => {
  const linkedMiniProgram = 'wx11112222333344aa';

  it("an Official Account's card is refused without a linked Mini Program, delivered with one", async () => {
    const served = await servedConversation(system, {
      type: 'official-account',
      format: 'xml',
      linkedMiniPrograms: [linkedMiniProgram],
    });
    const { storageKey } = (await (await upload(served.agent.token, png)).json()) as { storageKey: string };
    const card = {
      type: 'miniprogrampage',
      title: '会员中心',
      pagePath: 'pages/vip/index',
      thumbStorageKey: storageKey,
    };
    const callsBefore = system.simulator.calls('custom_send');

    const without = await served.send(card);
    expect(without.status).toBe(400);
    expect(await without.json()).toMatchObject({ error: { code: 'miniprogram_appid_required' } });
    const unlinked = await served.send({ ...card, appId: 'wx99998888777766ff' });
    expect(unlinked.status).toBe(400);
    expect(await unlinked.json()).toMatchObject({ error: { code: 'miniprogram_not_linked' } });
    expect(system.simulator.calls('custom_send')).toBe(callsBefore);

    const linked = await served.send({ ...card, appId: linkedMiniProgram });
    expect(linked.status).toBe(201);
    const { message } = (await linked.json()) as { message: Message };
    expect((await served.customer.nextReceived()).body).toMatchObject({
      miniprogrampage: { appid: linkedMiniProgram, title: '会员中心', pagepath: 'pages/vip/index' },
    });
    await served.socket.next(isStatus('sent', message.messageId));
  });

  it('a link card without a description or thumbnail is refused (400), never sent with empty fields', async () => {
    const served = await servedConversation(system);
    const link = {
      type: 'link',
      title: '帮助中心',
      description: '常见问题与售后',
      url: 'https://example.com/help',
      thumbUrl: 'https://example.com/help.png',
    };
    const { description: _d, ...noDescription } = link;
    const { thumbUrl: _t, ...noThumbnail } = link;
    for (const incomplete of [noDescription, noThumbnail, { ...link, description: '' }]) {
      const refused = await served.send(incomplete);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toMatchObject({ error: { code: 'link_card_incomplete' } });
    }
    expect((await served.send(link)).status).toBe(201);
    const received = await served.customer.nextReceived();
    expect(received.body).toMatchObject({
      link: {
        title: '帮助中心',
        description: '常见问题与售后',
        url: 'https://example.com/help',
        thumb_url: 'https://example.com/help.png',
      },
    });
    expect(served.customer.inbox).toHaveLength(1);
  });

  it("an Official Account's link card goes out as its one-article news (it has no link message)", async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const link = {
      type: 'link',
      title: '退换货说明',
      description: '签收后 7 天内可申请',
      url: 'https://example.com/returns',
      thumbUrl: 'https://example.com/returns.png',
    };
    const { thumbUrl: _t, ...noThumbnail } = link;
    const refused = await served.send(noThumbnail);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { code: 'link_card_incomplete' } });

    const sent = await served.send(link);
    expect(sent.status).toBe(201);
    const { message } = (await sent.json()) as { message: Message };
    const received = await served.customer.nextReceived();
    expect(received.msgtype).toBe('news');
    expect(received.body).toMatchObject({
      news: {
        articles: [
          {
            title: '退换货说明',
            description: '签收后 7 天内可申请',
            url: 'https://example.com/returns',
            picurl: 'https://example.com/returns.png',
          },
        ],
      },
    });
    await served.socket.next(isStatus('sent', message.messageId));
  });
});

describe('Official Accounts', () => {
  it("send as the agent's customer-service account when one is configured", async () => {
    const app = await system.addApp({ type: 'official-account', format: 'xml' });
    const kfUsername = `kf2-${randomUUID().slice(0, 8)}`;
    await registerAgent({
      appIds: [app.appId],
      username: kfUsername,
      password: 'long-enough',
      kfAccount: 'bob@shop',
    });
    const login = (await (await system.login(kfUsername, 'long-enough')).json()) as { token: string };
    const socket = await system.connect(login.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('有人吗');
    const { conversation } = await socket.next(isMessageCreated);
    const response = await fetch(
      `${system.runtime.httpUrl}/api/conversations/${conversation.conversationId}/messages`,
      {
        method: 'POST',
        headers: { authorization: `Bearer ${login.token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ clientMessageId: randomUUID(), content: { type: 'text', text: '在的' } }),
      },
    );
    expect(response.status).toBe(201);
    expect((await customer.nextReceived()).body).toMatchObject({ customservice: { kf_account: 'bob@shop' } });
    await socket.close();
  });
});
