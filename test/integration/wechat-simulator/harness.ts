/**
 * A simulator on a manual clock plus a fake platform, and plain-fetch helpers for WeChat's endpoints,
 * written the way any WeChat client would call them (no simulator-specific shortcuts).
 */
import { randomBytes } from 'node:crypto';
import type {
  SimulatedApp,
  WeChatSimulator,
  WeChatSimulatorOptions,
} from '../../../infra/local/wechat-simulator/index.ts';
import { startWeChatSimulator } from '../../../infra/local/wechat-simulator/index.ts';
import { type FakePlatform, startFakePlatform } from './fake-platform.ts';

export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export interface Harness {
  sim: WeChatSimulator;
  platform: FakePlatform;
  /** The simulator's current time; move it with advance(). */
  now(): number;
  advance(ms: number): void;
  addApp(overrides?: Partial<SimulatedApp>): SimulatedApp;
  stop(): Promise<void>;
}

export async function startHarness(options: WeChatSimulatorOptions = {}): Promise<Harness> {
  let now = Date.now();
  const platform = await startFakePlatform(() => now);
  const sim = await startWeChatSimulator({ clock: () => now, ...options });
  return {
    sim,
    platform,
    now: () => now,
    advance: (ms) => {
      now += ms;
    },
    addApp: (overrides = {}) => {
      const app = { ...newApp(), ...overrides };
      app.callbackUrl = overrides.callbackUrl ?? platform.callbackUrl(app.appId);
      sim.addApp(app);
      platform.register(app);
      return app;
    },
    stop: async () => {
      await sim.stop();
      await platform.stop();
    },
  };
}

export function newApp(): SimulatedApp {
  return {
    appId: `wx${randomBytes(8).toString('hex')}`,
    secret: randomBytes(16).toString('hex'),
    token: `tok${randomBytes(6).toString('hex')}`,
    encodingAesKey: randomBytes(40)
      .toString('base64')
      .replace(/[^A-Za-z0-9]/g, '')
      .padEnd(43, 'A')
      .slice(0, 43),
    type: 'miniprogram',
    format: 'xml',
    mode: 'secure',
    callbackUrl: 'http://127.0.0.1:9/unset',
  };
}

export interface WeChatJson {
  errcode?: number;
  errmsg?: string;
  [key: string]: unknown;
}

export async function getToken(
  sim: WeChatSimulator,
  app: Pick<SimulatedApp, 'appId' | 'secret'>,
): Promise<WeChatJson> {
  const query = new URLSearchParams({
    grant_type: 'client_credential',
    appid: app.appId,
    secret: app.secret,
  });
  const response = await fetch(`${sim.baseUrl}/cgi-bin/token?${query}`);
  return (await response.json()) as WeChatJson;
}

export async function accessToken(sim: WeChatSimulator, app: SimulatedApp): Promise<string> {
  const body = await getToken(sim, app);
  if (typeof body.access_token !== 'string') throw new Error(`no token: ${JSON.stringify(body)}`);
  return body.access_token;
}

export async function postJson(
  sim: WeChatSimulator,
  path: string,
  token: string | undefined,
  body: unknown,
): Promise<WeChatJson> {
  const query = token === undefined ? '' : `?access_token=${encodeURIComponent(token)}`;
  const response = await fetch(`${sim.baseUrl}${path}${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return (await response.json()) as WeChatJson;
}

export function sendText(
  sim: WeChatSimulator,
  token: string,
  touser: string,
  content: string,
): Promise<WeChatJson> {
  return postJson(sim, '/cgi-bin/message/custom/send', token, { touser, msgtype: 'text', text: { content } });
}

/** A real 1×1 PNG. */
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

export async function uploadMedia(
  sim: WeChatSimulator,
  token: string,
  bytes: Buffer,
  options: { type?: string; filename?: string; contentType?: string } = {},
): Promise<WeChatJson> {
  const form = new FormData();
  form.append(
    'media',
    new Blob([bytes], { type: options.contentType ?? 'image/png' }),
    options.filename ?? 'picture.png',
  );
  const query = new URLSearchParams({ access_token: token, type: options.type ?? 'image' });
  const response = await fetch(`${sim.baseUrl}/cgi-bin/media/upload?${query}`, {
    method: 'POST',
    body: form,
  });
  return (await response.json()) as WeChatJson;
}
