/**
 * The WeChat API endpoints the platform calls, at WeChat's real paths with WeChat's JSON shapes and
 * error codes (WECHAT.md §6–§8). Every call is counted and may first be made to fail (fault-injection.ts).
 * Errors are `{errcode, errmsg}` with HTTP 200, as on the real service.
 */
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { AccessTokens } from './access-tokens.ts';
import type { AppRegistry } from './app-registry.ts';
import { parseJsonBody, validateCustomMessage } from './custom-message.ts';
import type { Customer } from './customer.ts';
import type { FaultInjection } from './fault-injection.ts';
import { BodyTooLargeError, parseForm, readBody, sendBytes, sendWeChatJson } from './http-io.ts';
import type { PublishedArticles } from './published-articles.ts';
import { validateSubscribeSend } from './subscribe-message.ts';
import { extensionOf, type TempMediaStore, tooBigFor } from './temp-media.ts';
import type { ApiName, InjectedFailure, SimulatedApp } from './types.ts';
import { errors, WeChatApiError } from './wechat-errors.ts';

export interface WeChatApiContext {
  apps: AppRegistry;
  tokens: AccessTokens;
  media: TempMediaStore;
  articles: PublishedArticles;
  faults: FaultInjection;
  clock: () => number;
  customerOf: (appId: string, openId: string) => Customer | undefined;
  /** Where the simulator serves a media file's bytes (a PicUrl, a video's video_url). */
  mediaUrl: (mediaId: string) => string;
  /** Keeps a response open until the client or the simulator closes the connection. */
  hold: (response: ServerResponse) => Promise<void>;
  log: (line: string) => void;
}

interface ApiCall {
  url: URL;
  request: IncomingMessage;
  context: WeChatApiContext;
}

type Answer = { json: object } | { bytes: Buffer; contentType: string; headers: Record<string, string> };

interface Route {
  api: ApiName;
  method: 'GET' | 'POST';
  handle: (call: ApiCall) => Promise<Answer>;
}

const ROUTES: Record<string, Route> = {
  '/cgi-bin/token': { api: 'token', method: 'GET', handle: getToken },
  '/cgi-bin/stable_token': { api: 'stable_token', method: 'POST', handle: getStableToken },
  '/cgi-bin/message/custom/send': { api: 'custom_send', method: 'POST', handle: sendCustomMessage },
  '/cgi-bin/message/custom/typing': { api: 'typing', method: 'POST', handle: setTyping },
  '/cgi-bin/media/upload': { api: 'media_upload', method: 'POST', handle: uploadMedia },
  '/cgi-bin/media/get': { api: 'media_get', method: 'GET', handle: getMedia },
  '/cgi-bin/message/subscribe/send': { api: 'subscribe_send', method: 'POST', handle: sendSubscribeMessage },
  '/cgi-bin/message/subscribe/bizsend': {
    api: 'subscribe_bizsend',
    method: 'POST',
    handle: sendSubscribeMessage,
  },
  '/cgi-bin/freepublish/batchget': {
    api: 'freepublish_batchget',
    method: 'POST',
    handle: listPublishedArticles,
  },
};

/** Answers the request if it is a WeChat API path; false otherwise. */
export async function handleWeChatApi(
  request: IncomingMessage,
  response: ServerResponse,
  context: WeChatApiContext,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://simulator.invalid');
  const route = Object.hasOwn(ROUTES, url.pathname) ? ROUTES[url.pathname] : undefined;
  if (!route) {
    return false;
  }
  const failure = context.faults.onCall(route.api);
  if (failure !== undefined) {
    context.log(`${route.api}: injected failure ${JSON.stringify(failure)}`);
    await answerInjected(failure, response, context);
    return true;
  }
  try {
    if (request.method !== route.method) {
      throw route.method === 'GET' ? errors.requireGet() : errors.requirePost();
    }
    const answer = await route.handle({ url, request, context });
    if ('json' in answer) {
      sendWeChatJson(response, answer.json);
    } else {
      sendBytes(response, 200, answer.contentType, answer.bytes, answer.headers);
    }
  } catch (error) {
    if (!(error instanceof WeChatApiError)) throw error;
    context.log(`${route.api}: ${error.errcode} ${error.errmsg}`);
    sendWeChatJson(response, error.toBody());
  }
  return true;
}

async function answerInjected(
  failure: InjectedFailure,
  response: ServerResponse,
  context: WeChatApiContext,
): Promise<void> {
  if (failure === 'timeout') {
    await context.hold(response);
  } else if (failure === 'drop') {
    response.socket?.destroy();
  } else if ('httpStatus' in failure) {
    const text = STATUS_CODES[failure.httpStatus] ?? 'Error';
    sendBytes(response, failure.httpStatus, 'text/plain; charset=utf-8', Buffer.from(text));
  } else {
    const errmsg = failure.errmsg ?? new WeChatApiError(failure.errcode, 'injected failure').toBody().errmsg;
    sendWeChatJson(response, { errcode: failure.errcode, errmsg });
  }
}

async function getToken({ url, request, context }: ApiCall): Promise<Answer> {
  const query = url.searchParams;
  if (query.get('grant_type') !== 'client_credential') throw errors.invalidGrantType();
  const app = await checkCredentials(
    context,
    query.get('appid'),
    query.get('secret'),
    errors.invalidAppSecret,
    callerAddress(request),
  );
  return { json: context.tokens.issueClassic(app.appId) };
}

async function getStableToken({ request, context }: ApiCall): Promise<Answer> {
  const body = parseJsonBody((await readBody(request)).toString('utf8'));
  if (body.grant_type !== 'client_credential') throw errors.invalidGrantType();
  const app = await checkCredentials(
    context,
    typeof body.appid === 'string' ? body.appid : null,
    typeof body.secret === 'string' ? body.secret : null,
    errors.stableInvalidAppSecret,
    callerAddress(request),
  );
  return { json: context.tokens.issueStable(app.appId, body.force_refresh === true) };
}

/** The caller's IPv4 address as WeChat names it (an IPv4-mapped IPv6 address is unwrapped). */
function callerAddress(request: IncomingMessage): string {
  return (request.socket.remoteAddress ?? '').replace(/^::ffff:/, '');
}

async function checkCredentials(
  context: WeChatApiContext,
  appId: string | null,
  secret: string | null,
  wrongSecret: () => WeChatApiError,
  caller: string,
): Promise<SimulatedApp> {
  if (!appId) throw errors.appIdMissing();
  const app = await context.apps.find(appId);
  if (!app) throw errors.invalidAppId();
  if (!secret) throw errors.appSecretMissing();
  if (app.secretFrozen) throw errors.appSecretFrozen();
  if (secret !== app.secret) throw wrongSecret();
  if (app.ipWhitelist && !app.ipWhitelist.includes(caller)) throw errors.ipNotWhitelisted(caller);
  return app;
}

/** The app of a valid access_token; an app that vanished from the lookup makes its tokens invalid. */
async function authorize(url: URL, context: WeChatApiContext): Promise<SimulatedApp> {
  const appId = context.tokens.check(url.searchParams.get('access_token'));
  const app = await context.apps.find(appId);
  if (!app) throw errors.invalidCredential();
  return app;
}

function requireCustomer(context: WeChatApiContext, app: SimulatedApp, touser: unknown): Customer {
  const customer = typeof touser === 'string' ? context.customerOf(app.appId, touser) : undefined;
  if (!customer) throw errors.invalidOpenId();
  return customer;
}

async function sendCustomMessage({ url, request, context }: ApiCall): Promise<Answer> {
  const app = await authorize(url, context);
  const body = parseJsonBody((await readBody(request)).toString('utf8'));
  const customer = requireCustomer(context, app, body.touser);
  const message = validateCustomMessage(
    app,
    body,
    (mediaId) => context.media.get(app.appId, mediaId) !== undefined,
    (articleId) => context.articles.find(app, articleId) !== undefined,
  );
  const now = context.clock();
  customer.window.consume(now);
  customer.receive(message, now);
  context.log(`custom/send ${app.appId} → ${customer.openId}: ${message.msgtype}`);
  return { json: { errcode: 0, errmsg: 'ok' } };
}

/**
 * subscribe/send is a Mini Program's, subscribe/bizsend an Official Account's (subscribe-message.ts);
 * the other kind of app is not authorized. No reply window: a grant of the template is what allows it.
 */
async function sendSubscribeMessage({ url, request, context }: ApiCall): Promise<Answer> {
  const app = await authorize(url, context);
  const expected = url.pathname.endsWith('/bizsend') ? 'official-account' : 'miniprogram';
  if (app.type !== expected) throw errors.apiUnauthorized();
  const body = parseJsonBody((await readBody(request)).toString('utf8'));
  const customer = requireCustomer(context, app, body.touser);
  const notice = validateSubscribeSend(app, body);
  customer.subscriptions.consume(notice.templateId);
  const now = context.clock();
  customer.receiveNotice(
    { ...notice, ...(typeof body.page === 'string' ? { page: body.page } : {}) },
    body,
    now,
  );
  context.log(`${url.pathname} ${app.appId} → ${customer.openId}: ${notice.templateId}`);
  return { json: { errcode: 0, errmsg: 'ok' } };
}

async function setTyping({ url, request, context }: ApiCall): Promise<Answer> {
  const app = await authorize(url, context);
  const body = parseJsonBody((await readBody(request)).toString('utf8'));
  const customer = requireCustomer(context, app, body.touser);
  const now = context.clock();
  if (body.command === 'Typing') {
    customer.typingIndicator.start(now, customer.lastInteractionAt);
  } else if (body.command === 'CancelTyping') {
    customer.typingIndicator.stop();
  } else {
    throw errors.typingCommandInvalid();
  }
  customer.recordTyping(body.command, now);
  return { json: { errcode: 0, errmsg: 'ok' } };
}

async function uploadMedia({ url, request, context }: ApiCall): Promise<Answer> {
  const app = await authorize(url, context);
  const type = url.searchParams.get('type') ?? '';
  let body: Buffer;
  try {
    body = await readBody(request);
  } catch (error) {
    // Far beyond every limit: what WeChat says about an oversized file of that type.
    if (error instanceof BodyTooLargeError) throw tooBigFor(type, app.type);
    throw error;
  }
  let file: ReturnType<FormData['get']> = null;
  try {
    file = (await parseForm(request, body)).get('media');
  } catch {
    // Not multipart at all, or a broken one: no media in it.
  }
  if (file === null || typeof file === 'string') throw errors.mediaDataMissing();
  const bytes = Buffer.from(await file.arrayBuffer());
  const media = context.media.upload(app.appId, app.type, type, bytes);
  const createdAt = Math.floor(media.createdAt / 1000);
  // The Mini Program API answers with errcode 0; the Official Account one without (WECHAT.md §7).
  const status = app.type === 'miniprogram' ? { errcode: 0, errmsg: 'ok' } : {};
  return { json: { ...status, type: media.type, media_id: media.mediaId, created_at: createdAt } };
}

async function getMedia({ url, context }: ApiCall): Promise<Answer> {
  const app = await authorize(url, context);
  const mediaId = url.searchParams.get('media_id') ?? '';
  const media = context.media.get(app.appId, mediaId);
  // Unknown or expired: JSON with HTTP 200, so a client has to branch on Content-Type.
  if (!media) throw errors.invalidMediaId();
  // A video is answered with its download address, not its bytes: `{"video_url": "DOWN_URL"}` (getMedia,
  // developers.weixin.qq.com/doc/service/api/material/temporary/api_getmedia).
  if (media.type === 'video') return { json: { video_url: context.mediaUrl(media.mediaId) } };
  return {
    bytes: media.bytes,
    contentType: media.contentType,
    headers: {
      'Content-disposition': `attachment; filename="${media.mediaId}.${extensionOf(media.contentType)}"`,
      'Cache-Control': 'no-cache, must-revalidate',
    },
  };
}

/**
 * freepublish/batchget (developers.weixin.qq.com/doc/service/api/public/api_freepublish_batchget.html):
 * `offset` and `count` (1 to 20) are required numbers, `no_content` 0 or 1. Publishing is an Official
 * Account's: a Mini Program's token is refused as not authorized.
 */
async function listPublishedArticles({ url, request, context }: ApiCall): Promise<Answer> {
  const app = await authorize(url, context);
  if (app.type !== 'official-account') throw errors.apiUnauthorized();
  const body = parseJsonBody((await readBody(request)).toString('utf8'));
  const { offset, count } = body;
  const noContent = body.no_content ?? 0;
  if (
    !Number.isInteger(offset) ||
    (offset as number) < 0 ||
    !Number.isInteger(count) ||
    (count as number) < 1 ||
    (count as number) > 20 ||
    (noContent !== 0 && noContent !== 1)
  ) {
    throw errors.invalidArgs();
  }
  return { json: context.articles.batch(app, offset as number, count as number, noContent === 0) };
}
