import { useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import type { ThreadState } from '../console-state.ts';
import { fullTime, relativeTime } from '../format-time.ts';
import { useNow } from '../hooks/use-now.ts';
import type { Names } from '../names.ts';
import { inFlightCount, type OutboxEntry } from '../outbox.ts';
import { describeReplyWindow, refreshEveryMs } from '../reply-window.ts';
import { Composer, focusComposer } from './Composer.tsx';
import { CustomerAvatar } from './CustomerAvatar.tsx';
import { MessageList } from './MessageList.tsx';
import { ReplyWindowStatus } from './ReplyWindowStatus.tsx';
import { type ActionFeedback, ThreadActions } from './ThreadActions.tsx';

const stateLabels: Record<Conversation['state'], string> = {
  active: 'Active',
  queued: 'Waiting',
  closed: 'Closed',
};

interface ThreadViewProps {
  conversation?: Conversation;
  selectedId?: string;
  thread?: ThreadState;
  outbox?: readonly OutboxEntry[];
  agentId: string;
  names: Names;
  /** Why the selected conversation left the list, if it did. */
  departure?: string;
  controller: ConsoleController;
}

export function ThreadView({
  conversation,
  selectedId,
  thread,
  outbox,
  agentId,
  names,
  departure,
  controller,
}: ThreadViewProps) {
  const [feedback, setFeedback] = useState<ActionFeedback & { conversationId: string }>();
  // Every second while the reply window's last two minutes run out, otherwise twice a minute.
  const closesAt = conversation?.replyWindow
    ? describeReplyWindow(conversation.replyWindow, Date.now()).closesAt
    : undefined;
  const now = useNow(refreshEveryMs(closesAt, Date.now()));
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
        <p class="thread__placeholder">
          {departure ? `${departure}. ` : ''}This conversation is no longer assigned to you.
        </p>
      </main>
    );
  }

  const messages = thread?.messages ?? [];
  const shownFeedback = feedback?.conversationId === conversation.conversationId ? feedback : undefined;
  const window = describeReplyWindow(conversation.replyWindow, now, inFlightCount(outbox));
  const unavailable =
    conversation.state === 'closed'
      ? 'This conversation is closed. Reopen it to answer the customer.'
      : conversation.state !== 'active' || conversation.assigneeId !== agentId
        ? 'This conversation is waiting for an agent; it is not assigned to you yet.'
        : undefined;
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
            {conversation.state === 'closed' && conversation.closedAt !== undefined && (
              <span title={fullTime(conversation.closedAt)}>
                Closed {agoText(conversation.closedAt, now)}
              </span>
            )}
          </p>
        </div>
        {conversation.state !== 'closed' && <ReplyWindowStatus view={window} />}
        <span class={`chip chip--${conversation.state}`}>{stateLabels[conversation.state]}</span>
        <ThreadActions
          conversation={conversation}
          agentId={agentId}
          controller={controller}
          onFeedback={(next) => setFeedback({ ...next, conversationId: conversation.conversationId })}
        />
      </header>

      {shownFeedback && (
        <p
          class={`thread__feedback notice notice--${shownFeedback.tone}`}
          role={shownFeedback.tone === 'error' ? 'alert' : 'status'}
        >
          {shownFeedback.text}
        </p>
      )}
      {thread?.error && (
        <div class="thread__error" role="alert">
          <p>Could not load this conversation: {thread.error}</p>
          <button
            class="button button--small"
            type="button"
            onClick={() => void controller.threads.loadHistory(conversation.conversationId)}
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
          names={names}
          now={now}
          outbox={outbox}
          onSendAgain={(message) => {
            controller.sender.sendAgain(message);
            focusComposer();
          }}
          onResend={(entry) => controller.sender.resend(entry.conversationId, entry.clientMessageId)}
          onDiscard={(entry) => controller.sender.discard(entry.conversationId, entry.clientMessageId)}
        />
      )}

      <Composer
        key={conversation.conversationId}
        conversation={conversation}
        controller={controller}
        window={window}
        unavailable={unavailable}
      />
    </main>
  );
}

function agoText(time: number, now: number): string {
  const relative = relativeTime(time, now);
  if (relative === 'now') return 'just now';
  if (relative === 'Yesterday') return 'yesterday';
  return /^\d/.test(relative) ? `${relative} ago` : `on ${relative}`;
}
