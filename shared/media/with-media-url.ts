import { type Message, storedMediaKey, storedThumbKey } from '../domain/message.ts';

/** Adds the short-lived links through which a console shows the message's picture, voice or video. */
export async function withMediaUrl(
  message: Message,
  presign: (key: string) => Promise<string>,
): Promise<Message> {
  const key = storedMediaKey(message.content);
  const thumbKey = storedThumbKey(message.content);
  if (!key && !thumbKey) return message;
  return {
    ...message,
    ...(key ? { mediaUrl: await presign(key) } : {}),
    ...(thumbKey ? { thumbMediaUrl: await presign(thumbKey) } : {}),
  };
}
