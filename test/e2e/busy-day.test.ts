/**
 * The console after a busy day, in Chromium against the whole local system, in zh-CN and en: an
 * agent's open conversation stays listed after 60 other customers were served and closed (a reload
 * shows it first thing, the closed ones paged apart), and a conversation that went to a colleague
 * and came back shows, without a reload, the colleague's answer and both transfers.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '../../shared/domain/conversation.ts';
import { type Locale, setLocale, t } from '../../web/src/i18n.ts';
import { isMessageCreated } from '../support/agent-socket.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

const suite = consoleSuite();

const browserLocales: Record<Locale, string> = { 'zh-CN': 'zh-CN', en: 'en-GB' };
const stillOpen = '我的订单还没到，能帮我看看吗？';

let app: TestApp;
let agent: TestAgent;

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

beforeAll(async () => {
  const { system } = suite.stack;
  app = await system.addApp({ format: 'json', workspaceId: `busy-${randomAlphanumeric(4)}` });
  agent = await system.addAgent([app.appId], { capacity: 2, username: `busy-${randomAlphanumeric(5)}` });
  const socket = await system.connect(agent.token);
  // The customer whose conversation stays open all day.
  await system.simulator.customer(app.appId).say(stillOpen);
  await socket.next(isMessageCreated);
  // Then 60 customers, each served and closed in turn.
  for (let served = 0; served < 60; served++) {
    const customer = system.simulator.customer(app.appId);
    await customer.say(`第 ${served + 1} 位客户`);
    const { conversation } = await socket.seen(
      (frame): frame is Extract<typeof frame, { type: 'message.created' }> =>
        isMessageCreated(frame) && frame.conversation.openId === customer.openId,
    );
    const closed = await system.request(
      agent.token,
      'POST',
      `/api/conversations/${conversation.conversationId}/close`,
    );
    expect(closed.status).toBe(200);
  }
  await socket.close();
}, 180_000);

describe.each<Locale>(['zh-CN', 'en'])('after a busy day, in %s', (locale) => {
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    setLocale(locale, false);
    browser = await launchBrowser({ locale: browserLocales[locale] });
    page = await suite.signedIn(browser, agent);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('still lists the open conversation after 60 others were closed, also after a reload', async () => {
    setLocale(locale, false);
    const open = page.locator('.conversation').filter({ hasText: stillOpen });
    await open.waitFor();
    await page.reload();
    await page.locator('.connection[data-status="connected"]').waitFor();
    await open.waitFor();
    // The top bar's load agrees with the list: one open conversation of two places.
    await expect.poll(() => page.locator('#agent-load').textContent()).toMatch(/1\s*\/\s*2/);
    await suite.shot(page, `busy-day-${locale}`);
  });

  it('shows the colleague’s answer and both transfers when the conversation comes back, without a reload', async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    const colleague = await system.addAgent([app.appId], { username: `colleague-${randomAlphanumeric(5)}` });
    const customer = system.simulator.customer(app.appId);
    const question = locale === 'zh-CN' ? '发票怎么开？' : 'How do I get an invoice?';
    const answer =
      locale === 'zh-CN' ? '在订单页点“申请发票”即可。' : 'Use “Request invoice” on the order page.';
    // The agent has a free place (capacity 2, one open): the new customer is theirs.
    await customer.say(question);
    const arrived = page.locator('.conversation').filter({ hasText: question });
    await arrived.waitFor();
    const conversationId = await arrived.getAttribute('data-conversation-id');
    expect(conversationId).toBeTruthy();
    // By its id: its preview changes as the colleague answers.
    const item = page.locator(`.conversation[data-conversation-id="${conversationId}"]`);
    await item.click();
    await page.locator('.thread__messages').getByText(question, { exact: true }).waitFor();
    // The colleague comes online only now (with no customers, routing would have preferred them).
    const colleagueSocket = await system.connect(colleague.token);

    const transfer = (from: TestAgent, to: TestAgent) =>
      system.request<{ conversation: Conversation }>(
        from.token,
        'POST',
        `/api/conversations/${conversationId}/transfer`,
        { toAgentId: to.agentId },
      );
    expect((await transfer(agent, colleague)).status).toBe(200);
    // Gone from the agent's list while it is the colleague's.
    await item.waitFor({ state: 'detached' });
    const replied = await system.request(
      colleague.token,
      'POST',
      `/api/conversations/${conversationId}/messages`,
      {
        clientMessageId: `answer-${randomAlphanumeric(8)}`,
        content: { type: 'text', text: answer },
      },
    );
    expect(replied.status).toBe(201);
    expect((await customer.nextReceived()).text).toBe(answer);
    expect((await transfer(colleague, agent)).status).toBe(200);

    // Back in the list; the thread has what happened meanwhile.
    await item.waitFor();
    await item.click();
    const thread = page.locator('.thread__messages');
    await thread.getByText(answer, { exact: true }).waitFor();
    // "You → colleague" and "colleague → you", however the console names the colleague.
    const [before = '', between = ''] = t('lifecycle.transferredFromTo', {
      from: '@@FROM@@',
      to: '@@TO@@',
    }).split(/@@FROM@@|@@TO@@/);
    const transferLine = new RegExp(`${escaped(before)}.+${escaped(between)}.+`);
    await expect
      .poll(() => thread.locator('.system-line--lifecycle').filter({ hasText: transferLine }).count(), {
        timeout: 15_000,
      })
      .toBe(2);
    await suite.shot(page, `busy-day-transfer-${locale}`);
    await colleagueSocket.close();
    // Both agents are free again for the next language's run.
    expect(
      (await system.request(agent.token, 'POST', `/api/conversations/${conversationId}/close`)).status,
    ).toBe(200);
  });
});
