import { type Message, storedMediaKey } from '../domain/message.ts';

/** Adds the short-lived link through which a console shows the message's picture. */
export async function withMediaUrl(
  message: Message,
  presign: (key: string) => Promise<string>,
): Promise<Message> {
  const key = storedMediaKey(message.content);
  return key ? { ...message, mediaUrl: await presign(key) } : message;
}
