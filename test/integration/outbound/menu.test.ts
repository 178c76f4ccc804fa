import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureQueue } from '../../../shared/admin/queue-registration.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { isStatus, servedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestSystem } from '../../support/system.ts';

/** Menu messages (WeChat's `msgmenu`): an Official Account's question with options the customer taps. */

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const menu = {
  type: 'menu',
  head: '您想咨询：',
  options: [
    { id: 'order', text: '订单' },
    { id: 'refund', text: '退货' },
    { id: 'human', text: '人工' },
  ],
  tail: '点击选项即可回复',
};

const isCustomerMessage = (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
  isMessageCreated(frame) && frame.message.author === 'customer';

describe('an Official Account agent sends a menu message', () => {
  it('reaches the customer as msgmenu, and the tap comes back as the option shown to the agent', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const response = await served.send(menu);
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: Message };
    expect(message.content).toEqual(menu);

    const received = await served.customer.nextReceived();
    expect(received.msgtype).toBe('msgmenu');
    expect(received.body).toEqual({
      touser: served.customer.openId,
      msgtype: 'msgmenu',
      msgmenu: {
        head_content: '您想咨询：',
        list: [
          { id: 'order', content: '订单' },
          { id: 'refund', content: '退货' },
          { id: 'human', content: '人工' },
        ],
        tail_content: '点击选项即可回复',
      },
    });
    await served.socket.next(isStatus('sent', message.messageId));

    await served.customer.clickMenuOption('refund');
    const click = await served.socket.next(isCustomerMessage);
    expect(click.message.content).toEqual({ type: 'text', text: '退货', menuOptionId: 'refund' });
    const history = await system.request<{ messages: Message[] }>(
      served.agent.token,
      'GET',
      `/api/conversations/${served.conversation.conversationId}/messages`,
    );
    expect(history.body.messages.map((stored) => stored.content)).toContainEqual({
      type: 'text',
      text: '退货',
      menuOptionId: 'refund',
    });
    await served.socket.close();
  });

  it('leaves out an empty closing line rather than sending an empty string', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    expect((await served.send({ ...menu, tail: '' })).status).toBe(201);
    const received = await served.customer.nextReceived();
    expect(received.body.msgmenu).toEqual({
      head_content: '您想咨询：',
      list: menu.options.map(({ id, text }) => ({ id, content: text })),
    });
    await served.socket.close();
  });

  it('a tap while the customer waits in a queue is answered by the keyword rule naming the option', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    await configureQueue({
      appId: served.app.appId,
      queueId: 'after-sales',
      name: '售后',
      autoReplies: {
        keywords: [{ match: 'exact', pattern: 'refund', reply: '退货请在订单页申请，我们 24 小时内处理。' }],
        humanKeywords: ['人工'],
      },
    });
    expect((await served.send(menu)).status).toBe(201);
    await served.customer.nextReceived((received) => received.msgtype === 'msgmenu');
    const handed = await system.request(
      served.agent.token,
      'POST',
      `/api/conversations/${served.conversation.conversationId}/transfer`,
      { toQueueId: 'after-sales' },
    );
    expect(handed.status).toBe(200);

    // The option's text is 退货; the rule names the option's id.
    await served.customer.clickMenuOption('refund');
    const answer = await served.customer.nextReceived(
      (received) => received.text === '退货请在订单页申请，我们 24 小时内处理。',
    );
    expect(answer.msgtype).toBe('text');
    await served.socket.close();
  });

  it('refuses a menu the customer could not be sent, with the reason and without calling WeChat', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    const callsBefore = system.simulator.calls('custom_send');
    for (const [content, sentence] of [
      [{ ...menu, options: [] }, 'at least one option'],
      [{ ...menu, head: ' ' }, 'needs a question'],
      [
        { ...menu, options: [menu.options[0], { id: 'order', text: '订单2' }] },
        'Two options have the id order',
      ],
      [{ ...menu, options: [{ id: 'a b', text: '是' }] }, 'needs an id'],
    ] as const) {
      const refused = await served.send(content);
      expect(refused.status).toBe(400);
      expect(JSON.stringify(await refused.json())).toContain(sentence);
    }
    expect(system.simulator.calls('custom_send')).toBe(callsBefore);
    await served.socket.close();
  });

  it('a tap on an option the customer never received is not possible', async () => {
    const served = await servedConversation(system, { type: 'official-account', format: 'xml' });
    await expect(served.customer.clickMenuOption('refund')).rejects.toThrow(/no menu message/);
    await served.socket.close();
  });
});

describe('a Mini Program agent', () => {
  it('cannot send a menu message: 400 with the sentence, nothing sent', async () => {
    const served = await servedConversation(system, { type: 'miniprogram', format: 'json' });
    const callsBefore = system.simulator.calls('custom_send');
    const refused = await served.send(menu);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      error: {
        code: 'menu_official_account_only',
        message: expect.stringContaining('Only Official Accounts can send menu messages'),
      },
    });
    expect(system.simulator.calls('custom_send')).toBe(callsBefore);
    expect(served.customer.inbox).toHaveLength(0);
    await served.socket.close();
  });
});
