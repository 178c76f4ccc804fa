import type { Page } from 'playwright-core';

/**
 * Opens the console and signs in the way an agent does (Enter in the password field), until live;
 * `labels`: the fields' names in the page's language.
 */
export async function signIn(
  page: Page,
  consoleUrl: string,
  credentials: { username: string; password: string },
  labels = { username: 'Username', password: 'Password' },
): Promise<void> {
  await page.goto(consoleUrl);
  await page.getByLabel(labels.username).fill(credentials.username);
  await page.getByLabel(labels.password).fill(credentials.password);
  await page.getByLabel(labels.password).press('Enter');
  await page.locator('.connection[data-status="connected"]').waitFor();
}

/**
 * Opens the agent's account menu (language, password, sign-out, behind their name in the top bar),
 * unless it is open already or lies open in the narrow screen's menu.
 */
export async function openAccountMenu(page: Page): Promise<void> {
  const trigger = page.locator('.account__trigger');
  if ((await trigger.isVisible()) && (await trigger.getAttribute('aria-expanded')) !== 'true') {
    await trigger.click();
  }
}

/**
 * Opens the top bar's administration menu (team, queue settings, apps, audit trail), unless it is
 * open already or lies open in the narrow screen's menu.
 */
export async function openAdminMenu(page: Page): Promise<void> {
  // It appears once `/api/me` has said what the agent may administer.
  await page.locator('.admin-menu').waitFor({ state: 'attached' });
  const trigger = page.locator('.admin-menu__trigger');
  if ((await trigger.isVisible()) && (await trigger.getAttribute('aria-expanded')) !== 'true') {
    await trigger.click();
  }
}
