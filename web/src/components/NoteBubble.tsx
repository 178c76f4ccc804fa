import type { JSX } from 'preact';
import type { Message } from '../../../shared/domain/message.ts';
import { t } from '../i18n.ts';
import { EmojiText } from './EmojiText.tsx';
import { Icon } from './Icon.tsx';

/**
 * A note for colleagues, across the thread and unlike any message to or from the customer (a pale
 * yellow card with its author), so nobody takes it for something the customer saw.
 */
export function NoteBubble({ message, time }: { message: Message; time: JSX.Element }) {
  if (message.content.type !== 'note') return null;
  return (
    <div class="note" data-message-id={message.messageId} data-testid="note">
      <p class="note__author">
        <Icon name="note" size={16} />
        <span>{t('note.by', { name: message.content.authorName })}</span>
        {time}
      </p>
      <p class="note__text">
        <EmojiText text={message.content.text} />
      </p>
    </div>
  );
}
