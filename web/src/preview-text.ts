import type { Conversation } from '../../shared/domain/conversation.ts';
import type { Message } from '../../shared/domain/message.ts';
import { contentPreview } from './content-text.ts';
import { t } from './i18n.ts';
import { lifecycleText, type Viewer } from './lifecycle-text.ts';
import { type Names, queueName } from './names.ts';

/**
 * The line under a customer in the conversation list. The server stores one preview string per
 * conversation (`previewOf` in shared/domain/message.ts), made for logs and tools: English and
 * bracketed ("[image]", "[conversation closed]", "[moved to queue default]"). The console shows what
 * it says in the agent's language instead: from the last message itself when it holds it, else by
 * reading the server's preview, whose forms `readServerPreview` mirrors (the unit test checks the
 * mirror against `previewOf`). A customer's own words pass through untouched.
 */

type Reader = (rest: string, appId: string, names: Names) => string;

/** `[word]` and `[word] rest` forms of previewOf, longest first. */
const exact: Readonly<Record<string, () => string>> = {
  '[image]': () => t('preview.picture'),
  '[voice]': () => t('content.voice'),
  '[video]': () => t('content.video'),
  '[entered the chat]': () => t('content.openedChat'),
  '[followed the account]': () => t('content.followed'),
  '[unfollowed the account]': () => t('content.unfollowed'),
  '[conversation closed]': () => t('preview.closed'),
  '[conversation assigned]': () => t('preview.assigned'),
  '[conversation accepted]': () => t('preview.accepted'),
  '[conversation transferred]': () => t('preview.transferred'),
  '[conversation reopened]': () => t('preview.reopened'),
  '[unsupported message]': () => t('content.unsupportedMessage'),
};

const prefixed: readonly (readonly [string, Reader])[] = [
  ['[voice] ', (rest) => t('preview.voiceText', { title: t('content.voice'), text: rest })],
  ['[location] ', (rest) => t('preview.location', { title: rest })],
  ['[link] ', (rest) => t('preview.link', { title: rest })],
  ['[mini program] ', (rest) => t('preview.miniProgram', { title: rest })],
  ['[file] ', (rest) => t('preview.file', { title: rest })],
];

const enclosed: readonly (readonly [string, Reader])[] = [
  ['[entered the chat from ', (rest) => t('content.enteredFrom', { sessionFrom: rest })],
  ['[menu ', (rest) => t('content.menuClick', { key: rest })],
  ['[scanned QR code ', (rest) => t('content.scanned', { scene: rest })],
  ['[scanned ', (rest) => t('content.scannedCode', { result: rest })],
  [
    '[moved to queue ',
    (rest, appId, names) => t('lifecycle.movedToQueue', { queue: queueName(names, appId, rest) ?? rest }),
  ],
];

/** The server's preview string in the agent's language. */
export function readServerPreview(preview: string, appId: string, names: Names): string {
  const known = exact[preview];
  if (known) return known();
  for (const [prefix, read] of prefixed) {
    if (preview.startsWith(prefix)) return read(preview.slice(prefix.length), appId, names);
  }
  if (preview.endsWith(']')) {
    for (const [prefix, read] of enclosed) {
      if (preview.startsWith(prefix)) return read(preview.slice(prefix.length, -1), appId, names);
    }
  }
  return preview;
}

/**
 * The list line of a conversation: what its last message says, from the message when the console
 * holds it (a lifecycle event then names who did what), else from the server's preview.
 */
export function listPreview(
  conversation: Conversation,
  lastMessage: Message | undefined,
  viewer: Viewer,
): string {
  if (lastMessage?.messageId === conversation.lastMessageId) {
    const { content } = lastMessage;
    if (lastMessage.direction === 'internal' && content.type === 'event') {
      const text = lifecycleText(content, conversation.appId, viewer);
      if (text) return text;
    } else {
      return contentPreview(content);
    }
  }
  return readServerPreview(conversation.lastMessagePreview, conversation.appId, viewer.names);
}
