import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import type { FollowUpTemplate } from '../../shared/domain/follow-up.ts';
import { getApp, saveApp } from '../../shared/store/apps-repository.ts';
import { dynamo, tableName } from '../../shared/store/client.ts';
import { listActiveConversations } from '../../shared/store/conversations-repository.ts';
import { conversationKey } from '../../shared/store/keys.ts';
import { coreTable } from '../../shared/store/tables.ts';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { eventually } from '../support/eventually.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

/**
 * A left message answered after WeChat's 48-hour window, in Chromium in zh-CN against the whole local
 * system: the composer says beforehand that the answer will reach the customer as a subscribe message,
 * the sent answer says it did, and with no grant left the composer says the customer cannot be told.
 */

const suite = consoleSuite();
const template: FollowUpTemplate = {
  templateId: 'Fw8kQ2mZ7nB4xV1cL9pR3tY6uH0jG5sDaE2iO8wKqXz',
  fields: { thing1: 'answer', time2: 'answered-at' },
};

describe('a follow-up after the window, in zh-CN', () => {
  let browser: TestBrowser;
  let page: Page;
  let app: TestApp;
  let agent: TestAgent;
  let customer: SimulatedCustomer;

  beforeAll(async () => {
    setLocale('zh-CN', false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `follow-up-${randomAlphanumeric(4)}` });
    const registered = await getApp(app.appId);
    if (!registered) throw new Error('the app was not registered');
    await saveApp({ ...registered, followUp: template });
    agent = await system.addAgent([app.appId], { username: `follower-${randomAlphanumeric(5)}` });
    browser = await launchBrowser({ locale: 'zh-CN' });
    page = await suite.signedIn(browser, agent);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('tells the agent before writing, sends the answer as a subscribe message, then says none is left', async () => {
    customer = suite.stack.system.simulator.customer(app.appId);
    await customer.say('我的快递三天没动了，麻烦看一下');
    await customer.answerSubscriptionPopup(template.templateId, true);
    const conversation = await eventually(async () => {
      const [active] = await listActiveConversations(agent.agentId);
      if (!active) throw new Error('not assigned yet');
      return active;
    });
    // The customer wrote 49 hours ago: WeChat's window has closed.
    await dynamo().send(
      new UpdateCommand({
        TableName: tableName(coreTable),
        Key: conversationKey(conversation.conversationId),
        UpdateExpression: 'SET replyWindow.openedAt = :openedAt',
        ExpressionAttributeValues: { ':openedAt': Date.now() - 49 * 60 * 60 * 1000 },
      }),
    );
    await page.reload();
    await page
      .locator('.conversation')
      .filter({ hasText: shortenId(customer.openId) })
      .click();

    const hint = page.getByTestId('follow-up-hint');
    await hint.getByText(t('followUp.possible', { count: 1 })).waitFor();
    await suite.shot(page, 'follow-up-possible-zh-CN');

    const composer = page.getByLabel(t('composer.textLabel'));
    await composer.fill('已为您催促快递公司，今天内会更新物流信息，请留意。');
    await composer.press('Enter');
    await page.getByTestId('follow-up-sent').getByText(t('followUp.sent')).waitFor();
    const notice = await customer.nextReceived((received) => received.msgtype === 'subscribe');
    expect(notice.notice?.values.thing1).toBe('已为您催促快递公司，今天内会更新物流信…');

    await page.locator('#composer-blocked').getByText(t('followUp.noGrant')).waitFor();
    expect(await composer.isDisabled()).toBe(true);
    await suite.shot(page, 'follow-up-sent-zh-CN');
  });
});
