import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium } from 'playwright-core';
import { chromiumLaunchOptions, prepareContext } from '../../support/chromium.ts';

export interface TestBrowser {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** The browser's language (navigator.languages), which picks the console's. */
  locale?: string;
  viewport?: { width: number; height: number };
}

/** A browser with a profile of its own, thrown away afterwards, so no state leaks between runs. */
export async function launchBrowser(options: BrowserOptions = {}): Promise<TestBrowser> {
  const launchOptions = await chromiumLaunchOptions();
  const userDataDir = await mkdtemp(join(tmpdir(), 'console-e2e-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      ...launchOptions,
      viewport: options.viewport ?? { width: 1280, height: 800 },
      locale: options.locale ?? 'en-GB',
    });
  } catch (error) {
    await rm(userDataDir, { recursive: true, force: true });
    throw error;
  }
  const browser: TestBrowser = {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
  try {
    await prepareContext(context);
  } catch (error) {
    await browser.close();
    throw error;
  }
  return browser;
}
