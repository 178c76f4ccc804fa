import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { ThreadState } from '../console-state.ts';
import { fullTime, relativeTime } from '../format-time.ts';
import { useNow } from '../hooks/use-now.ts';
import { CustomerAvatar } from './CustomerAvatar.tsx';
import { MessageList } from './MessageList.tsx';

const stateLabels: Record<Conversation['state'], string> = {
  active: 'Active',
  queued: 'Waiting',
  closed: 'Closed',
};

interface ThreadViewProps {
  conversation?: Conversation;
  selectedId?: string;
  thread?: ThreadState;
  agentId: string;
  onRetry: (conversationId: string) => void;
}

export function ThreadView({ conversation, selectedId, thread, agentId, onRetry }: ThreadViewProps) {
  const now = useNow(30_000);
  if (!selectedId) {
    return (
      <main class="thread thread--empty">
        <p class="thread__placeholder">Select a conversation to read it.</p>
      </main>
    );
  }
  if (!conversation) {
    return (
      <main class="thread thread--empty">
        <p class="thread__placeholder">This conversation is no longer assigned to you.</p>
      </main>
    );
  }

  const messages = thread?.messages ?? [];
  return (
    <main class="thread" aria-label={`Conversation with customer ${conversation.openId}`}>
      <header class="thread__header">
        <CustomerAvatar openId={conversation.openId} size="large" />
        <div class="thread__who">
          <h2 class="thread__customer">
            <span class="thread__label">Customer</span> <span class="mono">{conversation.openId}</span>
          </h2>
          <p class="thread__meta">
            <span>
              App <span class="mono">{conversation.appId}</span>
            </span>
            {conversation.lastCustomerMessageAt !== undefined && (
              <span title={fullTime(conversation.lastCustomerMessageAt)}>
                Last wrote {agoText(conversation.lastCustomerMessageAt, now)}
              </span>
            )}
          </p>
        </div>
        <span class={`chip chip--${conversation.state}`}>{stateLabels[conversation.state]}</span>
      </header>

      {thread?.error && (
        <div class="thread__error" role="alert">
          <p>Could not load this conversation: {thread.error}</p>
          <button
            class="button button--small"
            type="button"
            onClick={() => onRetry(conversation.conversationId)}
          >
            Try again
          </button>
        </div>
      )}
      {thread?.loading && messages.length === 0 ? (
        <div class="thread__messages thread__messages--loading" role="status">
          Loading messages…
        </div>
      ) : (
        <MessageList
          conversationId={conversation.conversationId}
          messages={messages}
          agentId={agentId}
          now={now}
        />
      )}

      {/* Where the reply composer goes once the console can send; until then it says so. */}
      <section class="thread__composer" aria-label="Reply">
        <p class="thread__composer-note">Replying from the console is not available yet.</p>
      </section>
    </main>
  );
}

function agoText(time: number, now: number): string {
  const relative = relativeTime(time, now);
  if (relative === 'now') return 'just now';
  if (relative === 'Yesterday') return 'yesterday';
  return /^\d/.test(relative) ? `${relative} ago` : `on ${relative}`;
}
