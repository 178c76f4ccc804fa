/**
 * The customer page: a person plays WeChat users of any known app (choose an app and a customer, chat,
 * send an image, a voice, a video or a file, enter the session or follow, click the menu, scan a QR code, report their
 * location, send any event by name, watch replies and the typing indicator, resend the last push like
 * WeChat's retry). The page is static (customer-page.html + customer-page.js, no build step)
 * and talks to the JSON endpoints below, all under `/_sim/` so they never collide with WeChat paths.
 * Media URLs in pushes (PicUrl, ThumbUrl) are served here too, as WeChat's CDN would.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AppRegistry, UnknownAppError } from './app-registry.ts';
import { type Customer, CustomerActionError } from './customer.ts';
import { parseForm, readBody, sendBytes, sendJson } from './http-io.ts';
import { recordedVoice } from './recorded-voice.ts';
import type { TempMediaStore } from './temp-media.ts';
import type { CallbackDelivery, SimulatedApp } from './types.ts';

export interface CustomerPageFiles {
  html: Buffer;
  script: Buffer;
}

export interface CustomerPageContext {
  page: CustomerPageFiles;
  apps: AppRegistry;
  media: TempMediaStore;
  clock: () => number;
  customer: (appId: string, openId?: string) => Customer;
  customers: (appId: string) => Customer[];
  log: (line: string) => void;
}

/** A request the page got wrong: answered 400 with the reason, which the page shows. */
class PageRequestError extends Error {}

export async function loadCustomerPage(): Promise<CustomerPageFiles> {
  const [html, script] = await Promise.all([
    readFile(new URL('./customer-page.html', import.meta.url)),
    readFile(new URL('./customer-page.js', import.meta.url)),
  ]);
  return { html, script };
}

export async function handleCustomerPage(
  request: IncomingMessage,
  response: ServerResponse,
  context: CustomerPageContext,
): Promise<boolean> {
  const url = new URL(request.url ?? '/', 'http://simulator.invalid');
  const path = url.pathname;
  const method = request.method ?? 'GET';
  try {
    if (method === 'GET' && path === '/_sim/') {
      sendBytes(response, 200, 'text/html; charset=utf-8', context.page.html, {
        'cache-control': 'no-store',
      });
    } else if (method === 'GET' && path === '/_sim/customer-page.js') {
      sendBytes(response, 200, 'text/javascript; charset=utf-8', context.page.script, {
        'cache-control': 'no-store',
      });
    } else if (method === 'GET' && path.startsWith('/_sim/media/')) {
      serveMedia(response, context, decodeURIComponent(path.slice('/_sim/media/'.length)));
    } else if (method === 'GET' && path === '/_sim/api/apps') {
      sendJson(response, { apps: context.apps.known().map(describeApp) });
    } else if (method === 'POST' && path === '/_sim/api/apps/resolve') {
      const { appId } = await readJson(request);
      const app = await context.apps.find(text(appId, 'appId'));
      if (!app)
        throw new PageRequestError(`no app ${String(appId)}: not added, and the app lookup does not know it`);
      sendJson(response, { app: describeApp(app) });
    } else if (method === 'GET' && path === '/_sim/api/customers') {
      const appId = url.searchParams.get('appId') ?? '';
      sendJson(response, { customers: context.customers(appId).map((customer) => customer.openId) });
    } else if (method === 'POST' && path === '/_sim/api/customers') {
      const body = await readJson(request);
      const app = await context.apps.require(text(body.appId, 'appId'));
      const openId =
        body.openId === undefined || body.openId === '' ? undefined : text(body.openId, 'openId');
      sendJson(response, { openId: context.customer(app.appId, openId).openId });
    } else if (method === 'POST' && path === '/_sim/api/push') {
      sendJson(response, summarize(await push(await readJson(request), context)));
    } else if (
      method === 'POST' &&
      (path === '/_sim/api/image' || path === '/_sim/api/voice' || path === '/_sim/api/video')
    ) {
      sendJson(
        response,
        summarize(await pushMedia(path.slice('/_sim/api/'.length) as MediaField, request, context)),
      );
    } else if (method === 'GET' && path === '/_sim/api/conversation') {
      sendJson(response, conversation(url, context));
    } else {
      return false;
    }
  } catch (error) {
    if (
      !(
        error instanceof PageRequestError ||
        error instanceof UnknownAppError ||
        error instanceof CustomerActionError
      )
    )
      throw error;
    sendJson(response, { error: error.message }, 400);
  }
  return true;
}

function describeApp(app: SimulatedApp) {
  // Never the secret, token or key: the page is for playing customers, not for reading credentials.
  const { appId, type, format, mode, callbackUrl, subscribeTemplates } = app;
  return { appId, type, format, mode, callbackUrl, ...(subscribeTemplates ? { subscribeTemplates } : {}) };
}

function serveMedia(response: ServerResponse, context: CustomerPageContext, mediaId: string): void {
  const media = context.media.find(mediaId);
  if (!media) {
    sendBytes(response, 404, 'text/plain; charset=utf-8', Buffer.from('no such media (or it expired)'));
    return;
  }
  sendBytes(response, 200, media.contentType, media.bytes, { 'cache-control': 'max-age=3600' });
}

async function push(body: Record<string, unknown>, context: CustomerPageContext): Promise<CallbackDelivery> {
  const customer = await pageCustomer(body, context);
  switch (body.action) {
    case 'say':
      return customer.say(text(body.text, 'text'));
    case 'enterSession':
      return customer.enterSession(
        body.sessionFrom === undefined ? '' : text(body.sessionFrom, 'sessionFrom', true),
      );
    case 'subscribe':
      return customer.subscribe();
    case 'unsubscribe':
      return customer.unsubscribe();
    case 'clickMenu':
      return customer.clickMenu(text(body.key, 'key'));
    case 'clickMenuOption':
      return customer.clickMenuOption(text(body.optionId, 'optionId'));
    case 'openMenuLink':
      return customer.openMenuLink(text(body.url, 'url'));
    case 'scanQrCode':
      return customer.scanQrCode(text(body.scene, 'scene'));
    case 'reportLocation':
      return customer.reportLocation({
        latitude: number(body.latitude, 'latitude', 90),
        longitude: number(body.longitude, 'longitude', 180),
      });
    case 'sendFile':
      return customer.sendFile({ title: text(body.title, 'title'), size: byteCount(body.size) });
    case 'sendRecordedVoice':
      return customer.sendVoice(recordedVoice());
    case 'event':
      return customer.sendEvent(text(body.event, 'event'), eventFields(body.fields));
    case 'subscriptionPopup':
      return customer.answerSubscriptionPopup(text(body.templateId, 'templateId'), body.accept === true);
    case 'turnOffSubscription':
      return customer.turnOffSubscription(text(body.templateId, 'templateId'));
    case 'resend': {
      if (!customer.lastDelivery) throw new PageRequestError('this customer has not sent anything yet');
      return customer.resend(customer.lastDelivery);
    }
    default:
      throw new PageRequestError(`unknown action ${JSON.stringify(body.action)}`);
  }
}

type MediaField = 'image' | 'voice' | 'video';

/** A file the person picked, sent as the customer's image, voice (AMR) or video (MP4; `short` for a shortvideo). */
async function pushMedia(
  field: MediaField,
  request: IncomingMessage,
  context: CustomerPageContext,
): Promise<CallbackDelivery> {
  const form = await parseForm(request, await readBody(request)).catch(() => {
    throw new PageRequestError('expected a multipart form');
  });
  const file = form.get(field);
  if (file === null || typeof file === 'string') throw new PageRequestError(`no ${field} in the form`);
  const customer = await pageCustomer({ appId: form.get('appId'), openId: form.get('openId') }, context);
  const bytes = Buffer.from(await file.arrayBuffer());
  switch (field) {
    case 'image':
      return customer.sendImage(bytes, file.type || undefined);
    case 'voice':
      return customer.sendVoice(bytes);
    case 'video':
      return customer.sendVideo(bytes, { short: form.get('short') === '1' });
  }
}

async function pageCustomer(body: Record<string, unknown>, context: CustomerPageContext): Promise<Customer> {
  const app = await context.apps.require(text(body.appId, 'appId'));
  return context.customer(app.appId, text(body.openId, 'openId'));
}

/** The customer's pushes and the platform's messages in one timeline, plus the typing indicator. */
function conversation(url: URL, context: CustomerPageContext) {
  const appId = url.searchParams.get('appId') ?? '';
  const openId = url.searchParams.get('openId') ?? '';
  const customer = context.customers(appId).find((candidate) => candidate.openId === openId);
  if (!customer) throw new PageRequestError(`no customer ${openId} of app ${appId}`);
  const pushes = customer.sent.map((sent) => ({
    from: 'customer' as const,
    seq: sent.seq,
    at: sent.at,
    fields: sent.fields,
    delivery: summarize(sent.delivery),
  }));
  const received = customer.inbox.map((message) => ({
    from: 'platform' as const,
    seq: message.seq,
    at: message.at,
    msgtype: message.msgtype,
    body: message.body,
    ...(message.article ? { article: message.article } : {}),
    ...(message.notice ? { notice: message.notice } : {}),
  }));
  return {
    appId,
    openId,
    typing: customer.typingIndicator.isActive(context.clock()),
    lastDelivery: customer.lastDelivery ? summarize(customer.lastDelivery) : null,
    entries: [...pushes, ...received].sort((a, b) => a.seq - b.seq),
  };
}

function summarize(delivery: CallbackDelivery) {
  return { url: delivery.request.url, acknowledged: delivery.acknowledged, attempts: delivery.attempts };
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  try {
    const parsed: unknown = JSON.parse((await readBody(request)).toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) {
      return parsed as Record<string, unknown>;
    }
  } catch {
    // answered below
  }
  throw new PageRequestError('expected a JSON object');
}

function text(value: unknown, name: string, allowEmpty = false): string {
  if (typeof value !== 'string' || (!allowEmpty && value === '')) {
    throw new PageRequestError(`${name} must be a non-empty string`);
  }
  return value;
}

function number(value: unknown, name: string, bound: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || Math.abs(value) > bound) {
    throw new PageRequestError(`${name} must be a number between -${bound} and ${bound}`);
  }
  return value;
}

function byteCount(value: unknown): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new PageRequestError('size must be a whole number of bytes');
  }
  return value;
}

/** An event's own fields, by WeChat's names, as strings or numbers (never the header, filled in from the customer). */
function eventFields(value: unknown): Record<string, string | number> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new PageRequestError('fields must be an object of WeChat field names to values');
  }
  const fields: Record<string, string | number> = {};
  for (const [name, field] of Object.entries(value)) {
    if (['ToUserName', 'FromUserName', 'CreateTime', 'MsgType', 'Event'].includes(name)) {
      throw new PageRequestError(`fields may not set ${name}`);
    }
    if (typeof field !== 'string' && typeof field !== 'number') {
      throw new PageRequestError(`field ${name} must be a string or a number`);
    }
    fields[name] = field;
  }
  return fields;
}
