import type { MessageContent } from '../domain/message.ts';
import type { InboundEvent, InboundMessage } from './inbound-message.ts';

/** Event fields beyond the common header, kept by name so agents see where a customer came from. */
function eventDetail(message: InboundEvent): Record<string, string> {
  const {
    toUserName: _to,
    fromOpenId: _from,
    createTime: _time,
    kind: _kind,
    event: _event,
    ...rest
  } = message;
  const detail: Record<string, string> = {};
  for (const [name, value] of Object.entries(rest)) if (typeof value === 'string') detail[name] = value;
  return detail;
}

/** Maps WeChat's message model onto the system's own, which also holds agent and bot messages. */
export function toMessageContent(message: InboundMessage): MessageContent {
  switch (message.kind) {
    case 'text':
      return message.menuOptionId === undefined
        ? { type: 'text', text: message.content }
        : { type: 'text', text: message.content, menuOptionId: message.menuOptionId };
    case 'image':
      return { type: 'image', mediaId: message.mediaId, url: message.picUrl };
    case 'voice':
      return {
        type: 'voice',
        mediaId: message.mediaId,
        format: message.format,
        recognition: message.recognition,
      };
    case 'video':
    case 'shortvideo':
      return {
        type: 'video',
        mediaId: message.mediaId,
        thumbMediaId: message.thumbMediaId,
        short: message.kind === 'shortvideo',
      };
    case 'location':
      return {
        type: 'location',
        latitude: message.latitude,
        longitude: message.longitude,
        scale: message.scale,
        label: message.label,
      };
    case 'link':
      return { type: 'link', title: message.title, description: message.description, url: message.url };
    case 'miniprogrampage':
      return {
        type: 'miniprogrampage',
        title: message.title,
        appId: message.appId,
        pagePath: message.pagePath,
        thumbUrl: message.thumbUrl,
        thumbMediaId: message.thumbMediaId,
      };
    case 'file':
      return withoutAbsent({
        type: 'file',
        title: message.title,
        description: message.description,
        fileKey: message.fileKey,
        fileMd5: message.fileMd5,
        size: message.fileTotalLen,
      });
    case 'event':
      return { type: 'event', event: message.event, detail: eventDetail(message) };
    case 'unknown':
      return { type: 'unknown', msgType: message.msgType, fields: message.fields };
  }
}

/** Leaves out fields WeChat did not send, so stored content has no empty attributes. */
function withoutAbsent<T extends object>(object: T): T {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined)) as T;
}
