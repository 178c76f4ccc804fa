import { useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import type { ThreadState } from '../console-state.ts';
import { shortenId } from '../format-ids.ts';
import { agoText, fullTime } from '../format-time.ts';
import { useNow } from '../hooks/use-now.ts';
import { t } from '../i18n.ts';
import type { Names } from '../names.ts';
import { inFlightCount, type OutboxEntry } from '../outbox.ts';
import { describeReplyWindow, refreshEveryMs } from '../reply-window.ts';
import { Composer, focusComposer } from './Composer.tsx';
import { CustomerAvatar } from './CustomerAvatar.tsx';
import { Icon } from './Icon.tsx';
import { MessageList } from './MessageList.tsx';
import { NoteComposer } from './NoteComposer.tsx';
import { ReplyWindowStatus } from './ReplyWindowStatus.tsx';
import { type ActionFeedback, ThreadActions } from './ThreadActions.tsx';

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
  /** How the console names the customer: their remark name, else their openid shortened. */
  customer: string;
  /** Whether the customer's profile is shown beside the thread, and the header's switch for it. */
  profileOpen: boolean;
  onToggleProfile: () => void;
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
  customer,
  profileOpen,
  onToggleProfile,
}: ThreadViewProps) {
  const [feedback, setFeedback] = useState<ActionFeedback & { conversationId: string }>();
  /** Writing to the customer, or a note for colleagues. */
  const [writing, setWriting] = useState<'reply' | 'note'>('reply');
  // Every second while the reply window's last two minutes run out, otherwise twice a minute.
  const closesAt = conversation?.replyWindow
    ? describeReplyWindow(conversation.replyWindow, Date.now()).closesAt
    : undefined;
  const now = useNow(refreshEveryMs(closesAt, Date.now()));
  if (!selectedId) {
    return (
      <main class="thread thread--empty">
        <p class="thread__placeholder">{t('thread.select')}</p>
      </main>
    );
  }
  if (!conversation) {
    return (
      <main class="thread thread--empty">
        <p class="thread__placeholder">
          {departure ? t('thread.departedBecause', { departure }) : t('thread.departed')}
        </p>
      </main>
    );
  }

  const messages = thread?.messages ?? [];
  const shownFeedback = feedback?.conversationId === conversation.conversationId ? feedback : undefined;
  const window = describeReplyWindow(conversation.replyWindow, now, inFlightCount(outbox));
  const unavailable =
    conversation.state === 'closed'
      ? t('thread.closedComposer')
      : conversation.state !== 'active' || conversation.assigneeId !== agentId
        ? t('thread.notYours')
        : undefined;
  return (
    <main class="thread" aria-label={t('thread.label', { customer })}>
      <header class="thread__header">
        {/* Only on a phone, where the list and the thread are separate screens. */}
        <button
          type="button"
          class="button button--quiet button--icon thread__back"
          aria-label={t('thread.back')}
          title={t('thread.back')}
          onClick={() => controller.list.deselect()}
        >
          <Icon name="back" />
        </button>
        <CustomerAvatar openId={conversation.openId} size="large" />
        <div class="thread__who">
          <h2 class="thread__customer" data-testid="thread-customer">
            <span class="thread__label">{t('thread.customer')}</span>{' '}
            {customer === shortenId(conversation.openId) ? (
              <span class="mono">{conversation.openId}</span>
            ) : (
              <span title={conversation.openId}>{customer}</span>
            )}
          </h2>
          <p class="thread__meta">
            <span>
              {t('thread.app')} <span class="mono">{conversation.appId}</span>
            </span>
            {conversation.lastCustomerMessageAt !== undefined && (
              <span title={fullTime(conversation.lastCustomerMessageAt)}>
                {t('thread.lastWrote', { when: agoText(conversation.lastCustomerMessageAt, now) })}
              </span>
            )}
            {conversation.state === 'closed' && conversation.closedAt !== undefined && (
              <span title={fullTime(conversation.closedAt)}>
                {t('thread.closedWhen', { when: agoText(conversation.closedAt, now) })}
              </span>
            )}
            {conversation.rating !== undefined && (
              <span
                class="thread__rating"
                title={conversation.ratedAt ? fullTime(conversation.ratedAt) : undefined}
              >
                {t('thread.rating', { score: conversation.rating })}
              </span>
            )}
          </p>
        </div>
        {conversation.state !== 'closed' && <ReplyWindowStatus view={window} />}
        <span class={`chip chip--${conversation.state}`}>{t(`thread.${conversation.state}`)}</span>
        <button
          type="button"
          class="button button--small button--quiet thread__mark-unread"
          data-testid="mark-unread"
          onClick={() => controller.readMarker.markUnread(conversation.conversationId)}
        >
          {t('unread.mark')}
        </button>
        <button
          type="button"
          class={`button button--small${profileOpen ? ' button--pressed' : ''}`}
          aria-expanded={profileOpen}
          aria-controls="customer-panel"
          onClick={onToggleProfile}
        >
          {t('profile.open')}
        </button>
        <ThreadActions
          customer={customer}
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
          <p>{t('thread.loadFailed', { problem: thread.error })}</p>
          <button
            class="button button--small"
            type="button"
            onClick={() => void controller.threads.loadHistory(conversation.conversationId)}
          >
            {t('thread.retry')}
          </button>
        </div>
      )}
      {thread?.loading && messages.length === 0 ? (
        <div class="thread__messages thread__messages--loading" role="status">
          {t('thread.loading')}
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

      {/* One grid row: the switch between a reply and a note, and the composer it chose. */}
      <div class="thread__writing">
        <fieldset class="composer-mode" aria-label={t('note.modes')}>
          {(['reply', 'note'] as const).map((mode) => (
            <button
              key={mode}
              type="button"
              aria-pressed={writing === mode}
              class={`composer-mode__option composer-mode__option--${mode}${writing === mode ? ' composer-mode__option--selected' : ''}`}
              onClick={() => setWriting(mode)}
            >
              {mode === 'note' && <Icon name="note" size={16} />}
              {t(mode === 'note' ? 'note.mode' : 'note.replyMode')}
            </button>
          ))}
        </fieldset>
        {writing === 'note' ? (
          <NoteComposer
            key={conversation.conversationId}
            conversationId={conversation.conversationId}
            controller={controller}
          />
        ) : (
          <Composer
            key={conversation.conversationId}
            conversation={conversation}
            controller={controller}
            window={window}
            unavailable={unavailable}
          />
        )}
      </div>
    </main>
  );
}
