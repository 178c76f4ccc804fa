import { useState } from 'preact/hooks';
import type { WaitingView } from '../api.ts';
import { fullTime } from '../format-time.ts';
import { t } from '../i18n.ts';
import type { Names } from '../names.ts';
import { readServerPreview } from '../preview-text.ts';
import { waitedBy, waitingText } from '../queues.ts';

interface QueueEntryProps {
  entry: WaitingView;
  receivedAt: number;
  now: number;
  names: Names;
  /** How the console names the customer: their remark name, else their openid shortened. */
  customer: string;
  onAccept: () => Promise<void>;
}

/** One waiting customer: where they are in line, how long they have waited, and a way to take them. */
export function QueueEntry({ entry, receivedAt, now, names, customer, onAccept }: QueueEntryProps) {
  const [pending, setPending] = useState(false);
  const { conversation, position } = entry;
  const waited = waitedBy(entry, receivedAt, now);

  const accept = async () => {
    setPending(true);
    await onAccept();
    setPending(false);
  };

  return (
    <div class="waiting" data-conversation-id={conversation.conversationId}>
      <span class="waiting__position" title={t('queue.position', { position })}>
        <span class="visually-hidden">{t('queue.positionLabel')} </span>
        {position}
      </span>
      <span class="waiting__main">
        <span class="waiting__customer" title={conversation.openId}>
          {customer}
        </span>
        <span class="waiting__preview">
          {readServerPreview(conversation.lastMessagePreview, conversation.appId, names)}
        </span>
        <span class="waiting__bottom">
          <span class="waiting__time" title={t('queue.since', { time: fullTime(now - waited) })}>
            {waitingText(waited)}
          </span>
          {conversation.waitingKind === 'left_message' && (
            <span class="chip chip--queued">{t('queue.leftMessage')}</span>
          )}
        </span>
      </span>
      <button
        type="button"
        class="button button--small button--primary"
        disabled={pending}
        aria-label={t('queue.acceptCustomer', { customer })}
        onClick={accept}
      >
        {pending ? t('queue.accepting') : t('queue.accept')}
      </button>
    </div>
  );
}
