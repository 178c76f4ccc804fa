import { useState } from 'preact/hooks';
import type { WaitingView } from '../api.ts';
import { shortenId } from '../format-ids.ts';
import { useNow } from '../hooks/use-now.ts';
import { membersText, type QueueBoard, waitingLine } from '../queues.ts';
import { QueueEntry } from './QueueEntry.tsx';

interface QueuePanelProps {
  board: QueueBoard;
  /** Resolves to the server's refusal in words, or undefined once the conversation is the agent's. */
  onAccept: (conversationId: string) => Promise<string | undefined>;
  onAccepted: (conversationId: string) => void;
  onRetry: () => void;
}

/** The customers waiting in the agent's queues, in the order they will be served. */
export function QueuePanel({ board, onAccept, onAccepted, onRetry }: QueuePanelProps) {
  const now = useNow(15_000);
  /** Kept at the panel: the customer someone else took first is gone from the line by the time it shows. */
  const [refusal, setRefusal] = useState<string>();
  const { queues, loaded, error, receivedAt } = board;
  const appCount = new Set(queues.map((queue) => queue.appId)).size;

  const accept = async ({ conversation }: WaitingView) => {
    setRefusal(undefined);
    const problem = await onAccept(conversation.conversationId);
    if (problem) setRefusal(`Customer ${shortenId(conversation.openId)} was not accepted: ${problem}`);
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
          <p>Could not read the queues: {error}</p>
          <button class="button button--small" type="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {!loaded && <p class="sidebar__placeholder">Loading queues…</p>}
      {loaded && !error && queues.length === 0 && (
        <p class="sidebar__placeholder">You are not a member of any queue.</p>
      )}
      {queues.map((queue) => {
        const line = waitingLine(queue);
        const headingId = `queue-${queue.appId}-${queue.queueId}`;
        return (
          <section key={headingId} class="queue" aria-labelledby={headingId}>
            <div class="queue__header">
              <h3 class="queue__name" id={headingId}>
                {queue.name}
                {appCount > 1 && (
                  <span class="queue__app" title={`App ${queue.appId}`}>
                    {shortenId(queue.appId, 4, 4)}
                  </span>
                )}
              </h3>
              <span class="queue__count">
                {line.length === 0 ? 'Nobody waiting' : `${line.length} waiting`}
              </span>
            </div>
            <p class="queue__meta">
              {membersText(queue)}
              {!queue.withinBusinessHours && <span class="chip chip--muted">Outside business hours</span>}
            </p>
            {line.length > 0 && (
              <ol class="waiting-list">
                {line.map((entry) => (
                  <li key={entry.conversation.conversationId}>
                    <QueueEntry
                      entry={entry}
                      receivedAt={receivedAt}
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
