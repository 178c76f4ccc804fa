import { randomUUID } from 'node:crypto';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FollowUpTemplate } from '../../../shared/domain/follow-up.ts';
import type { Message } from '../../../shared/domain/message.ts';
import { dynamo, tableName } from '../../../shared/store/client.ts';
import { conversationKey } from '../../../shared/store/keys.ts';
import { grantsLeft } from '../../../shared/store/subscription-grants-repository.ts';
import { coreTable } from '../../../shared/store/tables.ts';
import { isMessageCreated } from '../../support/agent-socket.ts';
import { isStatus, type ServedConversation, servedConversation } from '../../support/conversation-fixture.ts';
import { startSystem, type TestApp, type TestSystem } from '../../support/system.ts';

let system: TestSystem;

beforeAll(async () => {
  system = await startSystem();
});

afterAll(async () => {
  await system?.stop();
});

const template: FollowUpTemplate = {
  templateId: 'Lm3vW0aXqYtq8pD2sN6K1eFhJ9rU4cBzGi7oPy5TdQw',
  fields: { thing1: 'answer', thing2: 'app-name', time3: 'answered-at' },
  page: 'pages/messages/index?from=follow-up',
};

const hours = 60 * 60 * 1000;

async function withFollowUp(app: TestApp, followUp: unknown) {
  const owner = await system.addAgent([app.appId], { role: 'owner' });
  return system.request<{ followUp?: FollowUpTemplate; error?: { message: string } }>(
    owner.token,
    'PATCH',
    `/api/admin/apps/${app.appId}`,
    { followUp },
  );
}

/** The customer's last message was 49 hours ago: WeChat's window is closed. */
async function closeWindow(served: ServedConversation) {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: conversationKey(served.conversation.conversationId),
      UpdateExpression: 'SET replyWindow.openedAt = :openedAt',
      ExpressionAttributeValues: { ':openedAt': Date.now() - 49 * hours },
    }),
  );
}

async function followUpConversation(options: Partial<TestApp> = {}) {
  const served = await servedConversation(system, options);
  const saved = await withFollowUp(served.app, template);
  expect(saved.status).toBe(200);
  await closeWindow(served);
  return served;
}

const answer = '您的退款已经处理完毕，预计三个工作日内原路退回到您的支付账户，请注意查收。';

describe('an answer after the 48-hour window', () => {
  it('reaches a Mini Program customer who granted one as a subscribe message, and takes the grant', async () => {
    const served = await followUpConversation();
    const popup = await served.customer.answerSubscriptionPopup(template.templateId, true);
    expect(popup.acknowledged).toBe(true);
    expect(await grantsLeft(served.app.appId, served.customer.openId, template.templateId)).toBe(1);

    const response = await served.send({ type: 'text', text: answer });
    expect(response.status).toBe(201);
    const { message } = (await response.json()) as { message: Message };
    expect(message).toMatchObject({ followUp: { templateId: template.templateId }, status: 'pending' });

    const notice = await served.customer.nextReceived((received) => received.msgtype === 'subscribe');
    expect(notice.notice).toMatchObject({ templateId: template.templateId, page: template.page });
    // thing: at most 20 characters, the cut shown inside the limit.
    expect(notice.notice?.values.thing1).toBe(`${Array.from(answer).slice(0, 19).join('')}…`);
    expect(notice.notice?.values.thing2).toBe(`${`app ${served.app.appId}`.slice(0, 19)}…`);
    expect(notice.notice?.values.time3).toMatch(/^\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}$/);
    await served.socket.next(isStatus('sent', message.messageId));
    expect(await grantsLeft(served.app.appId, served.customer.openId, template.templateId)).toBe(0);
    expect(served.customer.subscriptionsLeft(template.templateId)).toBe(0);
    expect(served.customer.inbox.filter((received) => received.msgtype === 'text')).toHaveLength(0);
  });

  it('reaches an Official Account customer through subscribe/bizsend', async () => {
    const served = await followUpConversation({ type: 'official-account' });
    await served.customer.answerSubscriptionPopup(template.templateId, true);
    const response = await served.send({ type: 'text', text: '已为您补发' });
    expect(response.status).toBe(201);
    const notice = await served.customer.nextReceived((received) => received.msgtype === 'subscribe');
    expect(notice.notice?.values.thing1).toBe('已为您补发');
    expect(system.simulator.calls('subscribe_bizsend')).toBeGreaterThan(0);
  });

  it('is refused, telling the agent, when the customer has no subscription left', async () => {
    const served = await followUpConversation();
    await served.customer.answerSubscriptionPopup(template.templateId, false);
    const response = await served.send({ type: 'text', text: answer });
    expect(response.status).toBe(409);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('no_subscription');
    expect(body.error.message).toMatch(/no subscription left/);
    expect(served.customer.inbox).toHaveLength(0);
  });

  it('ends failed with 43101 and a sentence when WeChat says no subscription is left', async () => {
    const served = await followUpConversation();
    await served.customer.answerSubscriptionPopup(template.templateId, true);
    system.simulator.failNext('subscribe_send', { errcode: 43101 });
    const response = await served.send({ type: 'text', text: answer });
    const { message } = (await response.json()) as { message: Message };
    const failed = await served.socket.next(isStatus('failed', message.messageId));
    expect(failed.message.failure).toMatchObject({ errcode: 43101 });
    expect(failed.message.failure?.reason).toMatch(/no subscription left/);
  });

  it('goes out as a subscribe message when WeChat refuses the answer with 45015 though our window was open', async () => {
    // The template is set before the app's first push, so no warm function holds the app without it.
    const app = await system.addApp();
    expect((await withFollowUp(app, template)).status).toBe(200);
    const agent = await system.addAgent([app.appId]);
    const socket = await system.connect(agent.token);
    const customer = system.simulator.customer(app.appId);
    await customer.say('在吗？');
    const { conversation } = await socket.next(isMessageCreated);
    await customer.answerSubscriptionPopup(template.templateId, true);
    system.simulator.failNext('custom_send', { errcode: 45015 });
    const response = await system.request<{ message: Message }>(
      agent.token,
      'POST',
      `/api/conversations/${conversation.conversationId}/messages`,
      { clientMessageId: randomUUID(), content: { type: 'text', text: '好的，已为您处理' } },
    );
    const sent = await socket.next(isStatus('sent', response.body.message.messageId));
    expect(sent.message.followUp).toMatchObject({ templateId: template.templateId });
    const notice = await customer.nextReceived((received) => received.msgtype === 'subscribe');
    expect(notice.notice?.values.thing1).toBe('好的，已为您处理');
    expect(await grantsLeft(app.appId, customer.openId, template.templateId)).toBe(0);
  });

  it('two answers at once spend one grant once', async () => {
    const served = await followUpConversation();
    await served.customer.answerSubscriptionPopup(template.templateId, true);
    const responses = await Promise.all(
      ['第一位客服的回答', '第二位客服的回答'].map((text) =>
        served.send({ type: 'text', text }, randomUUID()),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 409]);
    await served.customer.nextReceived((received) => received.msgtype === 'subscribe');
    await served.socket.next(isStatus('sent'));
    expect(served.customer.inbox).toHaveLength(1);
    expect(await grantsLeft(served.app.appId, served.customer.openId, template.templateId)).toBe(0);
  });
});

describe('a customer’s grants', () => {
  it('are counted once under WeChat’s retries of the popup push', async () => {
    const served = await followUpConversation({ format: 'json' });
    const popup = await served.customer.answerSubscriptionPopup(template.templateId, true);
    await served.customer.resend(popup);
    await served.customer.resend(popup);
    expect(await grantsLeft(served.app.appId, served.customer.openId, template.templateId)).toBe(1);
    // A reject in the popup only means no new grant: the one given stays.
    await served.customer.answerSubscriptionPopup(template.templateId, false);
    expect(await grantsLeft(served.app.appId, served.customer.openId, template.templateId)).toBe(1);
  });

  it('are gone when the customer turns the notices off', async () => {
    const served = await followUpConversation();
    await served.customer.answerSubscriptionPopup(template.templateId, true);
    await served.customer.turnOffSubscription(template.templateId);
    expect(await grantsLeft(served.app.appId, served.customer.openId, template.templateId)).toBe(0);
  });
});

describe('the follow-up setting', () => {
  it('refuses a template whose fields WeChat would refuse, with a sentence, and keeps the app as it was', async () => {
    const served = await servedConversation(system);
    const refused = await withFollowUp(served.app, { templateId: 'tpl', fields: { time1: 'answer' } });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/the answer fills a thing/);
    const noAnswer = await withFollowUp(served.app, { templateId: 'tpl', fields: { thing1: 'app-name' } });
    expect(noAnswer.status).toBe(400);
    expect(JSON.stringify(noAnswer.body)).toMatch(/carry the agent's answer/);
    const removed = await withFollowUp(served.app, null);
    expect(removed.status).toBe(200);
    expect(removed.body.followUp).toBeUndefined();
  });
});
