import type { WeChatApp } from '../domain/app.ts';
import type { Message } from '../domain/message.ts';
import type { WeChatApi } from '../wechat/api-client.ts';
import { type CallContext, callWeChat } from '../wechat/wechat-call.ts';

export interface MediaCollectionPorts extends CallContext {
  wechat: WeChatApi;
  getApp(appId: string): Promise<WeChatApp | undefined>;
  putMedia(key: string, media: { bytes: Buffer; contentType: string }): Promise<void>;
  /** Records where our copy is; the change reaches the consoles as `message.updated`. */
  attachStorageKey(message: Message, field: 'storageKey' | 'thumbStorageKey', key: string): Promise<void>;
  fetchUrl(url: string): Promise<{ bytes: Buffer; contentType: string }>;
}

/** What of a customer's message is worth keeping a copy of: WeChat's media ids expire in three days. */
function mediaOf(message: Message) {
  const { content } = message;
  if (content.type === 'image' && !content.storageKey) {
    return { mediaId: content.mediaId, url: content.url, field: 'storageKey' as const };
  }
  if (content.type === 'miniprogrampage' && !content.thumbStorageKey) {
    return { mediaId: content.thumbMediaId, url: content.thumbUrl, field: 'thumbStorageKey' as const };
  }
  return undefined;
}

/**
 * Copies a customer's image (or card cover) into the media bucket: from WeChat's media API by
 * MediaId, or from the PicUrl when that fails. Agents then see it through short-lived links.
 */
export async function collectInboundMedia(message: Message, ports: MediaCollectionPorts): Promise<boolean> {
  if (message.direction !== 'inbound') return false;
  const wanted = mediaOf(message);
  if (!wanted) return false;
  const app = await ports.getApp(message.appId);
  let media: { bytes: Buffer; contentType: string } | undefined;
  if (app && wanted.mediaId) {
    const mediaId = wanted.mediaId;
    media = await callWeChat(app, ports, (token) => ports.wechat.downloadMedia(token, mediaId)).catch(
      () => undefined,
    );
  }
  if (!media && wanted.url) media = await ports.fetchUrl(wanted.url).catch(() => undefined);
  if (!media) return false;
  const key = `inbound/${message.appId}/${message.conversationId}/${message.messageId}`;
  await ports.putMedia(key, media);
  await ports.attachStorageKey(message, wanted.field, key);
  return true;
}
