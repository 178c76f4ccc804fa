import type { Conversation } from '../../../shared/domain/conversation.ts';
import { type ConsoleState, unreadFor, waitingSinceFor } from '../console-state.ts';
import { customerLabel } from '../customer-names.ts';
import { useNow } from '../hooks/use-now.ts';
import { t } from '../i18n.ts';
import { listPreview } from '../preview-text.ts';
import { standingFor } from '../response-targets.ts';
import { ConversationListItem } from './ConversationListItem.tsx';

interface ConversationListProps {
  state: ConsoleState;
  onSelect: (conversationId: string) => void;
  onRetry: () => void;
  onMoreClosed: () => void;
}

/**
 * The agent's conversations: every open one first (all of them, however many were closed since),
 * then the closed ones, newest first, a page at a time ("More closed conversations").
 */
export function ConversationList({ state, onSelect, onRetry, onMoreClosed }: ConversationListProps) {
  const now = useNow(30_000);
  const {
    conversations,
    listLoaded,
    listError,
    selectedId,
    threads,
    agent,
    names,
    closedList,
    customerNames,
  } = state;
  const viewer = { agentId: agent.agentId, names };
  const open = conversations.filter((item) => item.state !== 'closed');
  const closed = conversations.filter((item) => item.state === 'closed');
  const item = (conversation: Conversation) => (
    <li key={conversation.conversationId}>
      <ConversationListItem
        conversation={conversation}
        name={customerLabel(customerNames, conversation)}
        preview={listPreview(conversation, threads[conversation.conversationId]?.messages.at(-1), viewer)}
        unread={unreadFor(state, conversation)}
        waitingSince={waitingSinceFor(state, conversation)}
        standing={standingFor(state, conversation, now)}
        selected={conversation.conversationId === selectedId}
        now={now}
        onSelect={onSelect}
      />
    </li>
  );
  return (
    <>
      {listError && (
        <div class="sidebar__error" role="alert">
          <p>{listError}</p>
          <button class="button button--small" type="button" onClick={onRetry}>
            {t('list.retry')}
          </button>
        </div>
      )}
      {!listLoaded && <p class="sidebar__placeholder">{t('list.loading')}</p>}
      {listLoaded && !listError && conversations.length === 0 && (
        <p class="sidebar__placeholder">{t('list.empty')}</p>
      )}
      <ul class="conversation-list" data-testid="open-conversations">
        {open.map(item)}
      </ul>
      {closed.length > 0 && (
        <>
          <h3 class="conversation-list__heading">{t('list.closedHeading')}</h3>
          <ul class="conversation-list conversation-list--closed" data-testid="closed-conversations">
            {closed.map(item)}
          </ul>
        </>
      )}
      {listLoaded && closedList.nextBefore !== undefined && (
        <div class="conversation-list__more">
          {closedList.error && (
            <p class="conversation-list__more-error" role="alert">
              {t('list.moreFailed', { problem: closedList.error })}
            </p>
          )}
          <button
            type="button"
            class="button button--small button--quiet"
            disabled={closedList.loading}
            onClick={onMoreClosed}
          >
            {closedList.loading ? t('list.loadingMore') : t('list.moreClosed')}
          </button>
        </div>
      )}
    </>
  );
}
