/**
 * The apps WeChat knows: those added directly, and any other app id resolved through the `apps` lookup
 * (npm start reads the platform's app table). Lookups are not cached, so a changed mode, format or
 * secret in the platform's table applies to the next push, as a console change does on WeChat.
 */
import type { SimulatedApp } from './types.ts';

const AES_KEY_PATTERN = /^[A-Za-z0-9]{43}$/;
/**
 * A customer-service account as WeChat creates them: "账号前缀@公众号微信号，账号前缀最多10个字符，必须是英文、
 * 数字字符或者下划线，后缀为公众号微信号，长度不超过30个字符" (addkfaccount,
 * developers.weixin.qq.com/doc/subscription/api/customer/servicermanage/api_addkfaccount.html). A WeChat id
 * is letters, digits, _ and -.
 */
const KF_ACCOUNT_PATTERN = /^[A-Za-z0-9_]{1,10}@[A-Za-z0-9_-]{1,30}$/;

/** Whether WeChat could have created this customer-service account. */
export function isKfAccount(account: string): boolean {
  return KF_ACCOUNT_PATTERN.test(account);
}

export class UnknownAppError extends Error {
  constructor(readonly appId: string) {
    super(`the WeChat simulator knows no app ${appId}`);
    this.name = 'UnknownAppError';
  }
}

export class AppRegistry {
  readonly #added = new Map<string, SimulatedApp>();
  /** Apps found through the lookup, remembered only to list them on the customer page. */
  readonly #seen = new Map<string, SimulatedApp>();
  readonly #lookup: ((appId: string) => Promise<SimulatedApp | undefined>) | undefined;

  constructor(lookup?: (appId: string) => Promise<SimulatedApp | undefined>) {
    this.#lookup = lookup;
  }

  /** Apps WeChat has forgotten: unknown even when the lookup still finds them. */
  readonly #forgotten = new Set<string>();

  add(app: SimulatedApp): void {
    validateApp(app);
    this.#forgotten.delete(app.appId);
    this.#added.set(app.appId, { ...app });
  }

  forget(appId: string): void {
    this.#added.delete(appId);
    this.#seen.delete(appId);
    this.#forgotten.add(appId);
  }

  async find(appId: string): Promise<SimulatedApp | undefined> {
    if (this.#forgotten.has(appId)) return undefined;
    const added = this.#added.get(appId);
    if (added || !this.#lookup || appId === '') {
      return added;
    }
    const found = await this.#lookup(appId);
    if (found) {
      validateApp(found);
      this.#seen.set(appId, found);
    }
    return found;
  }

  async require(appId: string): Promise<SimulatedApp> {
    const app = await this.find(appId);
    if (!app) {
      throw new UnknownAppError(appId);
    }
    return app;
  }

  /** Added apps first, then those resolved through the lookup. */
  known(): SimulatedApp[] {
    const seen = [...this.#seen.values()].filter((app) => !this.#added.has(app.appId));
    return [...this.#added.values(), ...seen];
  }
}

/** Refuses configurations WeChat's console would refuse, with a message that says what to fix. */
function validateApp(app: SimulatedApp): void {
  const problem = (text: string) =>
    new TypeError(`WeChat simulator app ${app.appId || '(no appId)'}: ${text}`);
  if (!app.appId || !app.secret || !app.token) {
    throw problem('appId, secret and token are required');
  }
  if (app.type === 'official-account' && app.format !== 'xml') {
    throw problem('Official Accounts only push XML');
  }
  if (app.kfAccounts?.length && app.type !== 'official-account') {
    throw problem('only Official Accounts have customer-service accounts (kfAccounts)');
  }
  if (app.publishedArticles?.length && app.type !== 'official-account') {
    throw problem('only Official Accounts publish articles (publishedArticles)');
  }
  const malformed = app.kfAccounts?.find((account) => !isKfAccount(account));
  if (malformed !== undefined) {
    throw problem(
      `kfAccounts: ${JSON.stringify(malformed)} is not prefix@wechat-id (prefix ≤ 10 of [A-Za-z0-9_])`,
    );
  }
  if (app.mode !== 'plaintext' && !AES_KEY_PATTERN.test(app.encodingAesKey ?? '')) {
    throw problem(`${app.mode} mode needs an encodingAesKey of 43 characters of [A-Za-z0-9]`);
  }
  try {
    new URL(app.callbackUrl);
  } catch {
    throw problem(`callbackUrl ${JSON.stringify(app.callbackUrl)} is not an absolute URL`);
  }
}
