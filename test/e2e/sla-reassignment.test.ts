import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keepHouse } from '../../shared/conversations/housekeeping.ts';
import { getConversation } from '../../shared/store/conversations-repository.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import type { AgentSocket } from '../support/agent-socket.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

/**
 * The queue's SLA rule as the agent who lost a conversation sees it, in Chromium and in Chinese: the
 * agent holds a customer without answering; once housekeeping (run here with the clock 2 minutes on)
 * gives the conversation to a colleague, it leaves the agent's list with the notice saying why.
 * Screenshot at 1280 px (sla-reassigned-1280-zh-CN.png).
 */

const suite = consoleSuite();

describe('reassigning an unanswered conversation, in zh-CN', () => {
  let app: TestApp;
  let late: TestAgent;
  let colleague: TestAgent;
  let colleagueSocket: AgentSocket;
  let browser: TestBrowser;
  let page: Page;

  beforeAll(async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `reassign-${randomAlphanumeric(6)}` });
    const owner = await system.addAgent([app.appId], { role: 'owner' });
    const saved = await system.request(owner.token, 'PUT', `/api/admin/queues/${app.appId}/default`, {
      responseTargets: { reassignAfterMinutes: 2 },
    });
    expect(saved.status).toBe(200);
    late = await system.addAgent([app.appId], { username: `late-${randomAlphanumeric(5)}` });
    colleague = await system.addAgent([app.appId], { username: `next-${randomAlphanumeric(5)}` });
    browser = await launchBrowser({ locale: 'zh-CN' });
    page = await suite.signedIn(browser, late);
  });

  afterAll(async () => {
    await colleagueSocket?.close();
    await browser?.close();
  });

  it('tells the agent who did not answer that the conversation went to a colleague, and why', async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    await page.setViewportSize({ width: 1280, height: 800 });
    const customer = system.simulator.customer(app.appId);
    await customer.say('请问退款什么时候到账？');
    const item = page.locator('.conversation').filter({ hasText: shortenId(customer.openId) });
    await item.click();
    await page.locator('.thread__messages').getByText('请问退款什么时候到账？', { exact: true }).waitFor();
    // The colleague comes to their console after the customer was routed to the late agent.
    colleagueSocket = await system.connect(colleague.token);

    const conversationId = await item.getAttribute('data-conversation-id');
    const conversation = conversationId ? await getConversation(conversationId, true) : undefined;
    if (!conversation) throw new Error('the list names its conversations');
    expect((await keepHouse(conversation.createdAt + 2 * 60_000 + 1_000)).reassigned).toBe(1);

    const why = t('lifecycle.reassignedUnanswered', {
      from: t('person.you'),
      to: colleague.username,
      count: 2,
    });
    expect(why).toBe(`你未在 2 分钟内回复，系统已将会话转给${colleague.username}`);
    await page.locator('.notices__item').filter({ hasText: why }).waitFor();
    await item.waitFor({ state: 'detached' });
    // The thread the agent had open says it too.
    await page.getByText(t('thread.departedBecause', { departure: why }), { exact: true }).waitFor();
    await suite.shot(page, 'sla-reassigned-1280-zh-CN');
  });
});
