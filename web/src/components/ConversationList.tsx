import { type ConsoleState, unreadFor } from '../console-state.ts';
import { useNow } from '../hooks/use-now.ts';
import { listPreview } from '../lifecycle-text.ts';
import { ConversationListItem } from './ConversationListItem.tsx';

interface ConversationListProps {
  state: ConsoleState;
  onSelect: (conversationId: string) => void;
  onRetry: () => void;
}

export function ConversationList({ state, onSelect, onRetry }: ConversationListProps) {
  const now = useNow(30_000);
  const { conversations, listLoaded, listError, selectedId, threads, agent, names } = state;
  const viewer = { agentId: agent.agentId, names };
  return (
    <>
      {listError && (
        <div class="sidebar__error" role="alert">
          <p>{listError}</p>
          <button class="button button--small" type="button" onClick={onRetry}>
            Try again
          </button>
        </div>
      )}
      {!listLoaded && <p class="sidebar__placeholder">Loading conversations…</p>}
      {listLoaded && !listError && conversations.length === 0 && (
        <p class="sidebar__placeholder">No conversations yet. New customer messages will appear here.</p>
      )}
      <ul class="conversation-list">
        {conversations.map((conversation) => (
          <li key={conversation.conversationId}>
            <ConversationListItem
              conversation={conversation}
              preview={listPreview(
                conversation,
                threads[conversation.conversationId]?.messages.at(-1),
                viewer,
              )}
              unread={unreadFor(state, conversation)}
              selected={conversation.conversationId === selectedId}
              now={now}
              onSelect={onSelect}
            />
          </li>
        ))}
      </ul>
    </>
  );
}
