import type { MessageContent } from '../../shared/domain/message.ts';

/**
 * What an agent can send, exactly as `POST /api/conversations/{id}/messages` takes it (the request
 * schema in shared/conversations/send-agent-message.ts). Declared here rather than imported: the console
 * has no runtime dependency on shared/, and shared/domain/outbound-content.ts needs Node's Buffer.
 */
export type OutgoingContent =
  | { type: 'text'; text: string }
  | { type: 'image'; storageKey: string }
  | { type: 'miniprogrampage'; title: string; pagePath: string; thumbStorageKey: string; appId?: string }
  | { type: 'link'; title: string; description?: string; url: string; thumbUrl?: string }
  | { type: 'menu'; head: string; options: { id: string; text: string }[]; tail: string }
  | { type: 'voice'; storageKey: string }
  | { type: 'video'; storageKey: string; title?: string; description?: string }
  | { type: 'article'; articleId: string; title: string; digest?: string; coverUrl?: string; url?: string };

/** Field limits of the request schema, so the forms say what is too long before the server does. */
export const cardLimits = {
  title: 64,
  pagePath: 512,
  appId: 32,
  description: 256,
  url: 1024,
} as const;

/**
 * What to send again for a message WeChat refused: the same content as a new message. The server
 * added fields of its own (WeChat's media id, a URL), which a request must not carry; our copy of a
 * picture, voice or video (`storageKey`) is what lets it be sent again without uploading it again.
 */
export function outgoingContentOf(content: MessageContent): OutgoingContent | undefined {
  switch (content.type) {
    case 'text':
      return { type: 'text', text: content.text };
    case 'image':
      return content.storageKey ? { type: 'image', storageKey: content.storageKey } : undefined;
    case 'miniprogrampage':
      if (!content.thumbStorageKey) return undefined;
      return {
        type: 'miniprogrampage',
        title: content.title,
        pagePath: content.pagePath,
        thumbStorageKey: content.thumbStorageKey,
        ...(content.appId ? { appId: content.appId } : {}),
      };
    case 'link':
      return {
        type: 'link',
        title: content.title,
        url: content.url,
        ...(content.description ? { description: content.description } : {}),
        ...(content.thumbUrl ? { thumbUrl: content.thumbUrl } : {}),
      };
    case 'menu':
      return { type: 'menu', head: content.head, options: content.options, tail: content.tail };
    case 'voice':
      return content.storageKey ? { type: 'voice', storageKey: content.storageKey } : undefined;
    case 'video':
      if (!content.storageKey) return undefined;
      return {
        type: 'video',
        storageKey: content.storageKey,
        ...(content.title ? { title: content.title } : {}),
        ...(content.description ? { description: content.description } : {}),
      };
    case 'article': {
      const { articleId, title, digest, coverUrl, url } = content;
      return {
        type: 'article',
        articleId,
        title,
        ...(digest ? { digest } : {}),
        ...(coverUrl ? { coverUrl } : {}),
        ...(url ? { url } : {}),
      };
    }
    default:
      return undefined;
  }
}
