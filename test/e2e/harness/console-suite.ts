import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { setLocale, t } from '../../../web/src/i18n.ts';
import type { TestBrowser } from './browser.ts';
import { type ConsoleSystem, startConsoleSystem } from './console-system.ts';
import { signIn } from './sign-in.ts';

/** Where the browser tests keep their screenshots: a test artifact, looked at by people, not in git. */
export const screenshotsDir = resolve(import.meta.dirname, '../../../.artifacts/screenshots');

export interface ConsoleSuite {
  /** The whole system and its console; there from the file's first test to its last. */
  readonly stack: ConsoleSystem;
  /** What the file's pages threw: the suite fails unless it stays empty. */
  readonly pageErrors: string[];
  /** Keeps a screenshot of the page as `<name>.png` among the artifacts. */
  shot(page: Page, name: string): Promise<void>;
  /**
   * The browser's page with the agent signed in (fields named in the translator's current language),
   * its errors collected and its waits at 15 s.
   */
  signedIn(browser: TestBrowser, agent: { username: string; password: string }): Promise<Page>;
}

/**
 * One browser test file's surroundings: the system and its console started before the file's tests
 * and stopped after them, the errors its pages threw collected (none may have been), and the
 * translator the test reads its expectations through put back to English.
 */
export function consoleSuite(): ConsoleSuite {
  let stack: ConsoleSystem | undefined;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startConsoleSystem();
    await mkdir(screenshotsDir, { recursive: true });
  });

  afterAll(async () => {
    await stack?.stop();
    setLocale('en', false);
    expect(pageErrors).toEqual([]);
  });

  return {
    get stack() {
      if (!stack) throw new Error('the console system starts before the first test');
      return stack;
    },
    pageErrors,
    async shot(page, name) {
      await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
    },
    async signedIn(browser, agent) {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      page.setDefaultTimeout(15_000);
      page.on('pageerror', (error) => pageErrors.push(error.message));
      await signIn(page, this.stack.consoleUrl, agent, {
        username: t('login.username'),
        password: t('login.password'),
      });
      return page;
    },
  };
}
