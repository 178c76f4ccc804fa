import { t } from '../i18n.ts';
import type { OutboxEntry } from '../outbox.ts';
import { focusComposer } from './Composer.tsx';
import { DeliveryStatus } from './DeliveryStatus.tsx';
import { MessageContentView } from './MessageContentView.tsx';

interface OutboxBubbleProps {
  entry: OutboxEntry;
  onResend: (entry: OutboxEntry) => void;
  onDiscard: (entry: OutboxEntry) => void;
  onMediaLoad: () => void;
}

/**
 * A send the server has not confirmed: "Sending…" at once, and if no answer came, a way to try again
 * that is always safe (the same clientMessageId: the server never records it twice). A refusal says
 * why, in the server's words; nothing was recorded, so the agent can only let it go.
 */
export function OutboxBubble({ entry, onResend, onDiscard, onMediaLoad }: OutboxBubbleProps) {
  const failed = entry.status === 'refused';
  return (
    <div
      class="message message--agent message--outbox"
      data-client-message-id={entry.clientMessageId}
      data-status={entry.status}
    >
      <div
        class={`bubble bubble--agent bubble--${entry.content.type}${failed ? ' bubble--failed' : ''}${entry.status === 'sending' ? ' bubble--sending' : ''}`}
      >
        <MessageContentView
          content={entry.content}
          mediaUrl={entry.mediaUrl}
          fromAgent
          onMediaLoad={onMediaLoad}
        />
      </div>
      <div class="message__meta">
        <span class="message__author">{t('message.you')}</span>
        <DeliveryStatus status={entry.status} />
      </div>
      {entry.status === 'unsure' && (
        <div class="message__problem message__problem--unsure" role="status">
          <p>
            {entry.problem} {entry.retryAt ? t('message.retrySoon') : t('message.retryOnReconnect')}
          </p>
          <button type="button" class="button button--small" onClick={() => onResend(entry)}>
            {t('message.tryNow')}
          </button>
        </div>
      )}
      {failed && (
        <div class="message__problem" role="alert">
          <p>{entry.problem}</p>
          <button
            type="button"
            class="button button--small"
            onClick={() => {
              onDiscard(entry);
              focusComposer();
            }}
          >
            {t('message.discard')}
          </button>
        </div>
      )}
    </div>
  );
}
