import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configureQueue } from '../../shared/admin/queue-registration.ts';
import type { AutoReplies } from '../../shared/domain/auto-reply.ts';
import { defaultQueueId } from '../../shared/domain/queue.ts';
import { isMessageCreated } from '../support/agent-socket.ts';
import type { TestAgent, TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

/**
 * What customers read in WeChat while they are served, on the simulator's customer page in Chromium
 * at phone width: the welcome with who serves them, their place in line while the agent is busy, the
 * agent's answer, the closing words with the satisfaction survey, the thanks for their score, and, for
 * the customer who waited, who takes them once the agent is free.
 */

const suite = consoleSuite();

const autoReplies: AutoReplies = {
  welcome: '您好，欢迎咨询！请直接描述您的问题，客服马上为您服务。',
  pickUp: '{客服}为您服务',
  closing: '感谢您的咨询，祝您购物愉快！',
  survey: '请您为本次服务打分：回复数字 1–5（5 为非常满意）。',
  surveyThanks: '感谢您的评价，我们会继续努力！',
  keywords: [],
  humanKeywords: ['人工'],
};

describe("the customers' side of a served conversation, in WeChat", () => {
  let browser: TestBrowser;
  let app: TestApp;
  let agent: TestAgent;

  beforeAll(async () => {
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json' });
    await configureQueue({ appId: app.appId, queueId: defaultQueueId, autoReplies });
    agent = await system.addAgent([app.appId], { capacity: 1 });
    browser = await launchBrowser({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
  });

  /** The simulator's customer page showing the chat of one customer. */
  async function chatOf(openId: string): Promise<Page> {
    const page = await browser.context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => suite.pageErrors.push(error.message));
    await page.goto(`${suite.stack.system.simulator.baseUrl}/_sim/`);
    await page.locator('#app-select').selectOption(app.appId);
    await page.locator('#customer-select').selectOption(openId);
    // The page shows the chosen customer's chat once its title names them.
    await page.locator('#title').getByText(openId).waitFor();
    return page;
  }

  it('tells them who serves them, where they wait, and asks how it went', async () => {
    const { system } = suite.stack;
    const socket = await system.connect(agent.token);
    const served = system.simulator.customer(app.appId);
    await served.enterSession();
    await served.nextReceived();
    await served.say('你好，我上周买的耳机还没发货');
    const { conversation } = await socket.next(isMessageCreated);
    const waiting = system.simulator.customer(app.appId);
    await waiting.enterSession();
    await waiting.nextReceived();
    await waiting.say('在吗？想问一下退货');

    const answer = await system.request(
      agent.token,
      'POST',
      `/api/conversations/${conversation.conversationId}/messages`,
      {
        clientMessageId: crypto.randomUUID(),
        content: { type: 'text', text: '您好，已为您催促仓库，今天会发出，请留意物流信息。' },
      },
    );
    expect(answer.status).toBe(201);
    await served.nextReceived((received) => received.text?.startsWith('您好，已为您催促') === true);
    expect(
      (await system.request(agent.token, 'POST', `/api/conversations/${conversation.conversationId}/close`))
        .status,
    ).toBe(200);
    await served.nextReceived((received) => received.text?.includes('请您为本次服务打分') === true);
    await served.say('5');
    await served.nextReceived((received) => received.text === autoReplies.surveyThanks);
    await waiting.nextReceived((received) => received.text === `${agent.username}为您服务`);

    const servedChat = await chatOf(served.openId);
    const messages = servedChat.locator('#messages');
    await messages.getByText(autoReplies.surveyThanks as string).waitFor();
    const servedSaw = await messages.textContent();
    for (const text of [
      `${autoReplies.welcome}\n\n${agent.username}为您服务`,
      '您好，已为您催促仓库，今天会发出，请留意物流信息。',
      `${autoReplies.closing}\n\n${autoReplies.survey}`,
      autoReplies.surveyThanks as string,
    ]) {
      expect(servedSaw).toContain(text);
    }
    await suite.shot(servedChat, 'customer-notices-served-zh-CN');

    const waitingChat = await chatOf(waiting.openId);
    const waited = waitingChat.locator('#messages');
    await waited.getByText('您在第1位').waitFor();
    await waited.getByText(`${agent.username}为您服务`).waitFor();
    expect(await waited.textContent()).toContain(
      `${autoReplies.welcome}\n\n您好，客服正忙。目前共有1人在排队，您在第1位，请稍候。`,
    );
    await suite.shot(waitingChat, 'customer-notices-waiting-zh-CN');
    await socket.close();
  });
});
