import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RuntimeManifest } from '../../../infra/local/runtime.ts';
import { defaultManifest } from '../../../infra/local/runtime-manifest.ts';
import type { Message } from '../../../shared/domain/message.ts';
import type { ServerFrame } from '../../../shared/realtime/frames.ts';
import { buildCallback } from '../../../shared/wechat/callback.ts';
import type { AgentSocket } from '../../support/agent-socket.ts';
import type { TestApp, TestSystem } from '../../support/system.ts';

/** The real manifest with the real stream consumer behind the faults of `test/fixtures/reliability`. */
export function manifestWithFaultyDispatch(
  change: (manifest: RuntimeManifest) => RuntimeManifest = (manifest) => manifest,
): RuntimeManifest {
  return change({
    ...defaultManifest,
    functions: {
      ...defaultManifest.functions,
      dispatch: {
        ...(defaultManifest.functions.dispatch as RuntimeManifest['functions'][string]),
        entry: 'test/fixtures/reliability/dispatch-with-faults.ts',
      },
    },
  });
}

/** The real manifest with the real callback function behind the faults of `test/fixtures/reliability`. */
export function manifestWithFaultyCallback(): RuntimeManifest {
  return {
    ...defaultManifest,
    functions: {
      ...defaultManifest.functions,
      wechatCallback: {
        ...(defaultManifest.functions.wechatCallback as RuntimeManifest['functions'][string]),
        entry: 'test/fixtures/reliability/callback-with-faults.ts',
      },
    },
  };
}

export function newOpenId(): string {
  return `o-${randomBytes(8).toString('hex')}`;
}

export interface SignedCallback {
  readonly text: string;
  /** Sends the same signed request (again): what WeChat does until it is answered. */
  post(): Promise<Response>;
}

/** A customer's text message as WeChat pushes it (secure mode, JSON), ready to be sent and resent. */
export function customerText(system: TestSystem, app: TestApp, openId: string, text: string): SignedCallback {
  const fields = {
    ToUserName: 'gh_0123456789ab',
    FromUserName: openId,
    CreateTime: Math.floor(Date.now() / 1000),
    MsgType: 'text',
    Content: text,
    MsgId: BigInt(`0x${randomBytes(7).toString('hex')}`),
  };
  const request = buildCallback(app, { fields, format: 'json', mode: 'secure' });
  return { text, post: () => system.callback(app.appId, request) };
}

/** Every `message.created` frame a socket received, by message id. */
export function createdFramesById(socket: AgentSocket): Map<string, number> {
  const counts = new Map<string, number>();
  for (const frame of socket.frames) {
    if (frame.type === 'message.created') {
      counts.set(frame.message.messageId, (counts.get(frame.message.messageId) ?? 0) + 1);
    }
  }
  return counts;
}

export const isCreatedText =
  (text: string) =>
  (frame: ServerFrame): frame is Extract<ServerFrame, { type: 'message.created' }> =>
    frame.type === 'message.created' &&
    frame.message.content.type === 'text' &&
    frame.message.content.text === text;

/** The messages of a conversation as the console reads them over HTTP. */
export async function storedMessages(system: TestSystem, token: string, conversationId: string) {
  const { body } = await system.request<{ messages: Message[] }>(
    token,
    'GET',
    `/api/conversations/${conversationId}/messages`,
  );
  return body.messages;
}

export function textsOf(messages: readonly Message[]): string[] {
  return messages.flatMap((message) => (message.content.type === 'text' ? [message.content.text] : []));
}

/** A fresh folder for DynamoDB Local's data, removed by the returned function. */
export async function temporaryDataDir(): Promise<{ path: string; remove: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'wechat-cs-reliability-'));
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}
