import { useState } from 'preact/hooks';
import type { WaitingView } from '../api.ts';
import { shortenId } from '../format-ids.ts';
import { fullTime } from '../format-time.ts';
import { waitedBy, waitingText } from '../queues.ts';

interface QueueEntryProps {
  entry: WaitingView;
  receivedAt: number;
  now: number;
  onAccept: () => Promise<void>;
}

/** One waiting customer: where they are in line, how long they have waited, and a way to take them. */
export function QueueEntry({ entry, receivedAt, now, onAccept }: QueueEntryProps) {
  const [pending, setPending] = useState(false);
  const { conversation, position } = entry;
  const customer = shortenId(conversation.openId);
  const waited = waitedBy(entry, receivedAt, now);

  const accept = async () => {
    setPending(true);
    await onAccept();
    setPending(false);
  };

  return (
    <div class="waiting" data-conversation-id={conversation.conversationId}>
      <span class="waiting__position" title={`Position ${position} in line`}>
        <span class="visually-hidden">Position </span>
        {position}
      </span>
      <span class="waiting__main">
        <span class="waiting__customer" title={conversation.openId}>
          {customer}
        </span>
        <span class="waiting__preview">{conversation.lastMessagePreview}</span>
        <span class="waiting__bottom">
          <span class="waiting__time" title={`Since ${fullTime(now - waited)}`}>
            {waitingText(waited)}
          </span>
          {conversation.waitingKind === 'left_message' && <span class="chip chip--queued">Left message</span>}
        </span>
      </span>
      <button
        type="button"
        class="button button--small button--primary"
        disabled={pending}
        aria-label={`Accept customer ${customer}`}
        onClick={accept}
      >
        {pending ? 'Accepting…' : 'Accept'}
      </button>
    </div>
  );
}
