import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimulatedCustomer } from '../../infra/local/wechat-simulator/index.ts';
import { type Locale, setLocale, t } from '../../web/src/i18n.ts';
import { randomAlphanumeric, type TestAgent, type TestApp } from '../support/system.ts';
import { launchBrowser, type TestBrowser } from './harness/browser.ts';
import { consoleSuite } from './harness/console-suite.ts';

/**
 * Notes and the history of closed conversations, in Chromium against the whole local system: an
 * agent leaves a note for colleagues in the thread (never sent to the customer); once the
 * conversation is closed, a colleague of the queue finds it in the History tab by a Chinese word
 * inside the customer's sentence, with the word marked, and reads it, note and author included. At
 * 390 px the History tab fits the phone. Screenshots at 1280 and 390 px.
 */

const suite = consoleSuite();

const cases: Record<Locale, { browserLocale: string; note: string }> = {
  'zh-CN': { browserLocale: 'zh-CN', note: '客户要求上门取件，已登记。' },
  en: { browserLocale: 'en-GB', note: 'Customer asked for a courier pick-up; booked.' },
};

const says = '您好，鞋子尺码不对，我想退货了';

describe.each<Locale>(['zh-CN', 'en'])('notes and history in %s', (locale) => {
  const spec = cases[locale];
  let app: TestApp;
  let writer: TestAgent;
  let colleague: TestAgent;
  let customer: SimulatedCustomer;
  let writerBrowser: TestBrowser;
  let colleagueBrowser: TestBrowser;
  let writerPage: Page;
  let colleaguePage: Page;

  beforeAll(async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    app = await system.addApp({ format: 'json', workspaceId: `history-${locale}` });
    writer = await system.addAgent([app.appId], { username: `writer-${randomAlphanumeric(5)}` });
    colleague = await system.addAgent([app.appId], { username: `colleague-${randomAlphanumeric(5)}` });
    customer = system.simulator.customer(app.appId);
    writerBrowser = await launchBrowser({ locale: spec.browserLocale });
    colleagueBrowser = await launchBrowser({ locale: spec.browserLocale });
    // The colleague signs in after the customer wrote, so the customer is the writer's.
    writerPage = await suite.signedIn(writerBrowser, writer);
    await customer.say(says);
    await writerPage.locator('.conversation').first().waitFor();
    colleaguePage = await suite.signedIn(colleagueBrowser, colleague);
  });

  afterAll(async () => {
    await writerBrowser?.close();
    await colleagueBrowser?.close();
  });

  it('keeps a note in the thread for colleagues, and never sends it to the customer', async () => {
    setLocale(locale, false);
    await writerPage.setViewportSize({ width: 1280, height: 800 });
    await writerPage.locator('.conversation').first().click();
    await writerPage.locator('.thread__messages').getByText(says, { exact: true }).waitFor();
    await writerPage.getByRole('button', { name: t('note.mode'), exact: true }).click();
    const noteBox = writerPage.getByRole('textbox', { name: t('note.label'), exact: true });
    await noteBox.fill(spec.note);
    await noteBox.press('Enter');
    const note = writerPage.getByTestId('note').filter({ hasText: spec.note });
    await note.waitFor();
    expect(await note.textContent()).toContain(t('note.by', { name: writer.username }));
    expect(await noteBox.inputValue()).toBe('');
    await suite.shot(writerPage, `note-1280-${locale}`);
    // On a phone the switch and the note fit the thread's screen.
    await writerPage.setViewportSize({ width: 390, height: 844 });
    await note.waitFor();
    await writerPage.getByRole('button', { name: t('note.add') }).waitFor();
    expect(await writerPage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await suite.shot(writerPage, `note-390-${locale}`);
    expect(customer.inbox).toEqual([]);
  });

  it("lets a colleague find the closed conversation by a word inside the customer's sentence", async () => {
    setLocale(locale, false);
    const { system } = suite.stack;
    const list = await system.request<{ conversations: { conversationId: string }[] }>(
      writer.token,
      'GET',
      '/api/conversations?state=active',
    );
    const conversationId = list.body.conversations[0]?.conversationId;
    expect(
      (await system.request(writer.token, 'POST', `/api/conversations/${conversationId}/close`)).status,
    ).toBe(200);

    await colleaguePage.setViewportSize({ width: 1280, height: 800 });
    await colleaguePage.getByRole('tab', { name: t('sidebar.history') }).click();
    const history = colleaguePage.getByTestId('history');
    await history.getByLabel(t('history.search')).fill('退货');
    const result = history.locator(`.history-result[data-conversation-id="${conversationId}"]`);
    // The history entry is written by the stream consumer: searched again until it is there.
    await expect
      .poll(
        async () => {
          await history.getByRole('button', { name: t('history.submit') }).click();
          await history.getByText(t('history.searching')).waitFor({ state: 'detached' });
          return result.count();
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    expect(await result.locator('mark').allTextContents()).toEqual(['退货']);
    expect(await result.textContent()).toContain(t('history.servedBy', { name: writer.username }));
    await suite.shot(colleaguePage, `history-1280-${locale}`);

    await result.click();
    const thread = colleaguePage.getByTestId('earlier-conversation');
    await thread.getByText(says, { exact: true }).waitFor();
    const note = thread.getByTestId('note').filter({ hasText: spec.note });
    await note.waitFor();
    expect(await note.textContent()).toContain(t('note.by', { name: writer.username }));
    await suite.shot(colleaguePage, `history-thread-1280-${locale}`);
    await colleaguePage.keyboard.press('Escape');
    await thread.waitFor({ state: 'detached' });
  });

  it('fits a phone', async () => {
    setLocale(locale, false);
    await colleaguePage.setViewportSize({ width: 390, height: 844 });
    const history = colleaguePage.getByTestId('history');
    await history.locator('.history-result').first().waitFor();
    expect(await colleaguePage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await history.getByText(t('history.filters')).click();
    await history.getByText(t('history.from')).waitFor();
    expect(await colleaguePage.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(
      390,
    );
    await suite.shot(colleaguePage, `history-390-${locale}`);
  });
});
