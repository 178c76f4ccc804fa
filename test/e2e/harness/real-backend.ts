import { randomBytes } from 'node:crypto';
import type { MessageFields } from '../../../shared/wechat/message-fields.ts';
import type { CustomerContent, E2eBackend, TestAgentCredentials } from './backend.ts';

/**
 * The whole local system (DynamoDB Local, the HTTP and WebSocket emulators, the stream poller and the
 * real functions) from test/support/system.ts. Customers write through signed, encrypted WeChat
 * callbacks; sockets are killed through the `@connections` API, as API Gateway itself would.
 * Imported lazily so the fake backend still works while the runtime is being built.
 */
export async function startRealBackend(): Promise<E2eBackend> {
  const [{ startSystem }, { buildCallback }, { listAgentConnectionIds }, { createConnectionPusher }] =
    await Promise.all([
      import('../../support/system.ts'),
      import('../../../shared/wechat/callback.ts'),
      import('../../../shared/store/connections-repository.ts'),
      import('../../../shared/realtime/connection-pusher.ts'),
    ]);
  const system = await startSystem();
  const apps = new Map<string, Awaited<ReturnType<typeof system.addApp>>>();

  return {
    kind: 'real',
    httpUrl: system.runtime.httpUrl,
    webSocketUrl: system.runtime.webSocketUrl,

    async addAgent(): Promise<TestAgentCredentials> {
      const app = await system.addApp({ format: 'json' });
      apps.set(app.appId, app);
      const agent = await system.addAgent([app.appId]);
      return { agentId: agent.agentId, appId: app.appId, username: agent.username, password: agent.password };
    },

    async customerSends(appId: string, openId: string, content: CustomerContent) {
      const app = apps.get(appId);
      if (!app) throw new Error(`app ${appId} was not added through this backend`);
      const fields = weChatFields(openId, content);
      const response = await system.callback(
        appId,
        buildCallback(app, { fields, format: app.format, mode: 'secure' }),
      );
      if (response.status !== 200)
        throw new Error(`callback answered ${response.status}: ${await response.text()}`);
    },

    async dropSockets(agentId: string) {
      const pusher = createConnectionPusher(system.runtime.connectionsEndpoint);
      const connectionIds = await listAgentConnectionIds(agentId);
      await Promise.all(connectionIds.map((connectionId) => pusher.disconnect(connectionId)));
      return connectionIds.length;
    },

    stop: () => system.stop(),
  };
}

/** The plaintext fields WeChat would push for `content` (the same names parse-inbound-message reads). */
function weChatFields(openId: string, content: CustomerContent): MessageFields {
  const header = {
    ToUserName: 'gh_0123456789ab',
    FromUserName: openId,
    CreateTime: Math.floor(Date.now() / 1000),
  };
  const msgId = BigInt(`0x${randomBytes(7).toString('hex')}`).toString();
  switch (content.type) {
    case 'text':
      return {
        ...header,
        MsgType: 'text',
        Content: content.text,
        MsgId: msgId,
        ...(content.menuOptionId ? { bizmsgmenuid: content.menuOptionId } : {}),
      };
    case 'image':
      return {
        ...header,
        MsgType: 'image',
        PicUrl: content.url ?? '',
        MediaId: content.mediaId ?? 'media-1',
        MsgId: msgId,
      };
    case 'miniprogrampage':
      return {
        ...header,
        MsgType: 'miniprogrampage',
        Title: content.title,
        AppId: content.appId ?? '',
        PagePath: content.pagePath,
        ThumbUrl: content.thumbUrl ?? '',
        ThumbMediaId: content.thumbMediaId ?? '',
        MsgId: msgId,
      };
    case 'voice':
      return {
        ...header,
        MsgType: 'voice',
        MediaId: content.mediaId ?? '',
        Format: content.format ?? '',
        Recognition: content.recognition ?? '',
        MsgId: msgId,
      };
    case 'video':
      return {
        ...header,
        MsgType: content.short ? 'shortvideo' : 'video',
        MediaId: content.mediaId ?? '',
        ThumbMediaId: content.thumbMediaId ?? '',
        MsgId: msgId,
      };
    case 'location':
      return {
        ...header,
        MsgType: 'location',
        Location_X: String(content.latitude),
        Location_Y: String(content.longitude),
        Scale: content.scale === undefined ? '' : String(content.scale),
        Label: content.label ?? '',
        MsgId: msgId,
      };
    case 'link':
      return {
        ...header,
        MsgType: 'link',
        Title: content.title,
        Description: content.description ?? '',
        Url: content.url,
        MsgId: msgId,
      };
    case 'file':
      return {
        ...header,
        MsgType: 'file',
        Title: content.title,
        Description: content.description ?? '',
        FileKey: content.fileKey ?? '',
        FileMd5: content.fileMd5 ?? '',
        FileTotalLen: content.size === undefined ? '' : String(content.size),
        MsgId: msgId,
      };
    case 'unknown':
      return { ...header, ...content.fields, MsgType: content.msgType, MsgId: msgId };
    case 'menu':
      throw new Error('a customer sends no menu messages; a click on one is text with its menuOptionId');
    case 'article':
      throw new Error("a customer sends no articles; they are an Official Account's own");
    case 'note':
      throw new Error("a customer writes no notes; they are agents' own");
    case 'event': {
      // detail keys are the model's camelCase; WeChat's fields are PascalCase.
      const detail = Object.fromEntries(
        Object.entries(content.detail).map(([name, value]) => [
          name[0]?.toUpperCase() + name.slice(1),
          value,
        ]),
      );
      return { ...header, MsgType: 'event', Event: content.event, ...detail };
    }
  }
}
