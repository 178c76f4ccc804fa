/**
 * Starts the simulator: one HTTP server that serves the WeChat API paths (wechat-api.ts) and, under
 * `/_sim/`, the customer page and its JSON endpoints (customer-page.ts), which can never collide with a
 * WeChat path. It owns the shared state: apps, tokens, media, customers, counters.
 */
import { createServer } from 'node:http';
import { AccessTokens } from './access-tokens.ts';
import { AppRegistry } from './app-registry.ts';
import { CallbackDeliverer } from './callback-delivery.ts';
import { Customer, type CustomerContext } from './customer.ts';
import { handleCustomerPage, loadCustomerPage } from './customer-page.ts';
import { FaultInjection } from './fault-injection.ts';
import { authority, listen, sendJson } from './http-io.ts';
import { msgIdSequence, newOpenId } from './ids.ts';
import { PublishedArticles, type SimulatedArticle } from './published-articles.ts';
import { TempMediaStore } from './temp-media.ts';
import type {
  ApiName,
  InjectedFailure,
  SimulatedApp,
  WeChatSimulator,
  WeChatSimulatorOptions,
} from './types.ts';
import { handleWeChatApi, type WeChatApiContext } from './wechat-api.ts';

const CUSTOMER_PAGE_PATH = '/_sim/';

export async function startWeChatSimulator(options: WeChatSimulatorOptions = {}): Promise<WeChatSimulator> {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => {});
  const apps = new AppRegistry(options.apps);
  const tokens = new AccessTokens(clock);
  const media = new TempMediaStore(clock);
  const articles = new PublishedArticles(clock);
  const faults = new FaultInjection();
  const deliverer = new CallbackDeliverer({
    timeoutMs: options.callbackTimeoutMs ?? 5000,
    maxAttempts: options.maxCallbackAttempts ?? 4,
    log,
  });
  const customers = new Map<string, Customer>();
  const page = await loadCustomerPage();
  let seq = 0;
  let baseUrl = '';

  const customerContext: CustomerContext = {
    clock,
    nextSeq: () => ++seq,
    nextMsgId: msgIdSequence(),
    resolveApp: (appId) => apps.require(appId),
    media,
    articles,
    mediaUrl: (mediaId) => `${baseUrl}/_sim/media/${encodeURIComponent(mediaId)}`,
    deliverer,
  };

  const customer = (appId: string, openId?: string): Customer => {
    const id = openId ?? newOpenId();
    const key = `${appId}\n${id}`;
    let found = customers.get(key);
    if (!found) {
      found = new Customer(appId, id, customerContext);
      customers.set(key, found);
    }
    return found;
  };

  const apiContext: WeChatApiContext = {
    apps,
    tokens,
    media,
    articles,
    faults,
    clock,
    customerOf: (appId, openId) => customers.get(`${appId}\n${openId}`),
    mediaUrl: customerContext.mediaUrl,
    hold: (response) =>
      new Promise((resolve) => {
        // No timer: the request stays open until the client gives up or stop() closes the connection.
        // The body is drained so that only the answer is missing, never the end of the request.
        response.req.resume();
        response.once('close', () => resolve());
      }),
    log,
  };

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (path === '/' || path === '/_sim') {
      // For people: the bare address leads to the customer page.
      response.writeHead(302, { location: CUSTOMER_PAGE_PATH }).end();
      return;
    }
    const handled = path.startsWith('/_sim/')
      ? handleCustomerPage(request, response, {
          page,
          apps,
          media,
          clock,
          customer,
          customers: (appId) => [...customers.values()].filter((candidate) => candidate.appId === appId),
          log,
        })
      : handleWeChatApi(request, response, apiContext);
    handled
      .then((done) => {
        if (!done) sendJson(response, { errcode: 404, errmsg: `no such path ${path}` }, 404);
      })
      .catch((error: unknown) => {
        log(
          `wechat-simulator: ${request.method} ${path} failed: ${error instanceof Error ? error.stack : error}`,
        );
        if (!response.headersSent) sendJson(response, { errcode: -1, errmsg: 'system error' }, 500);
        else response.destroy();
      });
  });

  const host = options.host ?? '127.0.0.1';
  const port = await listen(server, options.port ?? 0, host);
  baseUrl = `http://${authority(host, port)}`;
  log(`WeChat simulator at ${baseUrl}, customer page ${baseUrl}${CUSTOMER_PAGE_PATH}`);

  let stopped: Promise<void> | undefined;
  return {
    baseUrl,
    customerPageUrl: `${baseUrl}${CUSTOMER_PAGE_PATH}`,
    addApp: (app: SimulatedApp) => apps.add(app),
    forgetApp: (appId: string) => apps.forget(appId),
    customer,
    calls: (api: ApiName) => faults.calls(api),
    failNext: (api: ApiName, failure: InjectedFailure, times?: number) =>
      faults.failNext(api, failure, times),
    forgetMedia: (mediaId: string) => media.forget(mediaId),
    publishArticle: (appId: string, article: SimulatedArticle) => articles.publish(appId, article),
    invalidateTokens: (appId: string) => tokens.invalidate(appId),
    stop: () => {
      stopped ??= new Promise<void>((resolve) => {
        deliverer.stop();
        for (const each of customers.values()) each.dispose();
        server.close(() => resolve());
        // Held ('timeout') and keep-alive connections would keep close() waiting forever.
        server.closeAllConnections();
      });
      return stopped;
    },
  };
}
