/**
 * What an agent sees: a simulated customer's message (the WeChat simulator signs and posts the callback)
 * → the message on the screen of the agent's console in Chromium, the conversation open. The page
 * notes the wall-clock time a MutationObserver first sees the text; the customer's send is timed on
 * the same machine's clock, so the two subtract (to the millisecond).
 */
import { rm } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { shortenId } from '../../web/src/format-ids.ts';
import { setLocale, t } from '../../web/src/i18n.ts';
import { launchBrowser } from '../e2e/harness/browser.ts';
import { buildConsole } from '../e2e/harness/build-console.ts';
import { startConsoleServer } from '../e2e/harness/console-server.ts';
import type { TestSystem } from '../support/system.ts';
import { type Distribution, distribution } from './stats.ts';

export interface ConsoleLatencyResult {
  messages: number;
  /** Callback POST by the simulator → the text on the agent's screen. */
  toScreenMs: Distribution;
}

/**
 * Starts watching the open thread for an element holding exactly `text`; the page keeps the wall-clock
 * time it first appears in `window.shownAt`. Installed before the customer writes, so nothing is missed.
 */
async function watchFor(page: Page, text: string): Promise<void> {
  // A string, run in the page: this file is type-checked without the DOM's types.
  await page.evaluate(`(() => {
    const wanted = ${JSON.stringify(text)};
    const thread = document.querySelector('.thread__messages');
    if (!thread) throw new Error('no thread is open');
    window.shownAt = undefined;
    const observer = new MutationObserver(() => {
      if (![...thread.querySelectorAll('*')].some((element) => element.textContent === wanted)) return;
      observer.disconnect();
      window.shownAt = Date.now();
    });
    observer.observe(thread, { childList: true, subtree: true, characterData: true });
  })()`);
}

async function shownAt(page: Page): Promise<number> {
  // A function, not a string: the console's Content Security Policy forbids evaluating strings.
  const handle = await page.waitForFunction(() => (globalThis as { shownAt?: number }).shownAt);
  return (await handle.jsonValue()) as number;
}

export async function measureConsoleLatency(
  system: TestSystem,
  messages: number,
  warmup: number,
): Promise<ConsoleLatencyResult> {
  const distDir = await buildConsole();
  const server = await startConsoleServer(distDir, {
    httpApiUrl: system.runtime.httpUrl,
    webSocketUrl: system.runtime.webSocketUrl,
  });
  const browser = await launchBrowser({ locale: 'zh-CN' });
  try {
    const app = await system.addApp({ format: 'json' });
    const agent = await system.addAgent([app.appId]);
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(server.url);
    setLocale('zh-CN', false);
    await page.getByLabel(t('login.username')).fill(agent.username);
    await page.getByLabel(t('login.password')).fill(agent.password);
    await page.getByLabel(t('login.password')).press('Enter');
    await page.locator('.connection[data-status="connected"]').waitFor();

    const customer = system.simulator.customer(app.appId);
    await customer.say('你好');
    await page
      .locator('.conversation')
      .filter({ hasText: shortenId(customer.openId) })
      .click();
    await page.locator('.thread__messages').getByText('你好', { exact: true }).waitFor();

    const samples: number[] = [];
    for (let index = 0; index < warmup + messages; index++) {
      const text = `第 ${index + 1} 条：请问什么时候发货？`;
      await watchFor(page, text);
      const sentAt = Date.now();
      await customer.say(text);
      const shown = await shownAt(page);
      if (index >= warmup) samples.push(shown - sentAt);
    }
    return { messages, toScreenMs: distribution(samples) };
  } finally {
    await browser.close();
    await server.stop();
    await rm(distDir, { recursive: true, force: true });
  }
}
