import { useState } from 'preact/hooks';
import type { WaitingView } from '../api.ts';
import { type CustomerNames, customerLabel } from '../customer-names.ts';
import { shortenId } from '../format-ids.ts';
import { useNow } from '../hooks/use-now.ts';
import { t } from '../i18n.ts';
import type { Names } from '../names.ts';
import { membersText, type QueueBoard, waitingLine } from '../queues.ts';
import { QueueEntry } from './QueueEntry.tsx';

interface QueuePanelProps {
  board: QueueBoard;
  names: Names;
  /** The remark names agents gave customers (see customer-names.ts). */
  customerNames: CustomerNames;
  /** Resolves to the server's refusal in words, or undefined once the conversation is the agent's. */
  onAccept: (conversationId: string) => Promise<string | undefined>;
  onAccepted: (conversationId: string) => void;
  onRetry: () => void;
}

/** The customers waiting in the agent's queues, in the order they will be served. */
export function QueuePanel({ board, names, customerNames, onAccept, onAccepted, onRetry }: QueuePanelProps) {
  const now = useNow(15_000);
  /** Kept at the panel: the customer someone else took first is gone from the line by the time it shows. */
  const [refusal, setRefusal] = useState<string>();
  const { queues, loaded, error, receivedAt } = board;
  const appCount = new Set(queues.map((queue) => queue.appId)).size;

  const accept = async ({ conversation }: WaitingView) => {
    setRefusal(undefined);
    const problem = await onAccept(conversation.conversationId);
    if (problem)
      setRefusal(t('queue.notAccepted', { customer: customerLabel(customerNames, conversation), problem }));
    else onAccepted(conversation.conversationId);
  };

  return (
    <>
      {refusal && (
        <p class="notice notice--error queue__refusal" role="alert">
          {refusal}
        </p>
      )}
      {error && (
        <div class="sidebar__error" role="alert">
          <p>{t('queue.loadFailed', { problem: error })}</p>
          <button class="button button--small" type="button" onClick={onRetry}>
            {t('common.tryAgain')}
          </button>
        </div>
      )}
      {!loaded && <p class="sidebar__placeholder">{t('queue.loading')}</p>}
      {loaded && !error && queues.length === 0 && <p class="sidebar__placeholder">{t('queue.none')}</p>}
      {queues.map((queue) => {
        const line = waitingLine(queue);
        const headingId = `queue-${queue.appId}-${queue.queueId}`;
        return (
          <section key={headingId} class="queue" aria-labelledby={headingId}>
            <div class="queue__header">
              <h3 class="queue__name" id={headingId}>
                {queue.name}
                {appCount > 1 && (
                  <span class="queue__app" title={t('queue.app', { appId: queue.appId })}>
                    {shortenId(queue.appId, 4, 4)}
                  </span>
                )}
              </h3>
              <span class="queue__count">
                {line.length === 0 ? t('queue.nobodyWaiting') : t('queue.waiting', { count: line.length })}
              </span>
            </div>
            <p class="queue__meta">
              {membersText(queue)}
              {!queue.withinBusinessHours && <span class="chip chip--muted">{t('queue.outsideHours')}</span>}
            </p>
            {line.length > 0 && (
              <ol class="waiting-list">
                {line.map((entry) => (
                  <li key={entry.conversation.conversationId}>
                    <QueueEntry
                      entry={entry}
                      receivedAt={receivedAt}
                      names={names}
                      customer={customerLabel(customerNames, entry.conversation)}
                      now={now}
                      onAccept={() => accept(entry)}
                    />
                  </li>
                ))}
              </ol>
            )}
          </section>
        );
      })}
    </>
  );
}
