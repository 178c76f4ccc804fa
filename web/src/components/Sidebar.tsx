import { useEffect, useRef, useState } from 'preact/hooks';
import type { ConsoleController } from '../console/console-controller.ts';
import type { ConsoleState } from '../console-state.ts';
import { t } from '../i18n.ts';
import { waitingTotal } from '../queues.ts';
import { ConversationList } from './ConversationList.tsx';
import { HistoryPanel } from './HistoryPanel.tsx';
import { QueuePanel } from './QueuePanel.tsx';

type Tab = 'conversations' | 'queue' | 'history';

const tabs: readonly Tab[] = ['conversations', 'queue', 'history'];

interface SidebarProps {
  state: ConsoleState;
  controller: ConsoleController;
}

/**
 * The agent's own conversations, and beside them the customers waiting in the agent's queues. Tabs
 * follow the ARIA pattern: arrow keys move between them, Tab goes into the panel.
 */
export function Sidebar({ state, controller }: SidebarProps) {
  const [tab, setTab] = useState<Tab>('conversations');
  const tabButtons = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  /** A conversation just accepted from the queue: focus follows it into the list. */
  const [accepted, setAccepted] = useState<string>();

  useEffect(() => {
    if (tab !== 'queue') return;
    controller.queues.panelShown();
    return () => controller.queues.panelHidden();
  }, [tab, controller]);

  useEffect(() => {
    if (!accepted) return;
    document
      .querySelector<HTMLElement>(`.conversation[data-conversation-id="${CSS.escape(accepted)}"]`)
      ?.focus();
    setAccepted(undefined);
  }, [accepted]);

  const waiting = waitingTotal(state.queueBoard.queues);
  const conversationCount = state.conversations.filter((item) => item.state !== 'closed').length;

  const onTabKey = (event: KeyboardEvent) => {
    const index = tabs.indexOf(tab);
    const next =
      event.key === 'ArrowRight'
        ? tabs[(index + 1) % tabs.length]
        : event.key === 'ArrowLeft'
          ? tabs[(index + tabs.length - 1) % tabs.length]
          : event.key === 'Home'
            ? tabs[0]
            : event.key === 'End'
              ? tabs[tabs.length - 1]
              : undefined;
    if (!next) return;
    event.preventDefault();
    setTab(next);
    tabButtons.current[next]?.focus();
  };

  const tabProps = (name: Tab) => ({
    ref: (element: HTMLButtonElement | null) => {
      tabButtons.current[name] = element;
    },
    type: 'button' as const,
    role: 'tab' as const,
    id: `tab-${name}`,
    class: `sidebar__tab${tab === name ? ' sidebar__tab--selected' : ''}`,
    'aria-selected': tab === name,
    'aria-controls': `panel-${name}`,
    tabIndex: tab === name ? 0 : -1,
    onClick: () => setTab(name),
    onKeyDown: onTabKey,
  });

  return (
    <nav class="sidebar" aria-label={t('sidebar.label')}>
      <div class="sidebar__header sidebar__tabs" role="tablist" aria-label={t('sidebar.tabs')}>
        <button {...tabProps('conversations')}>
          {t('sidebar.conversations')}
          {conversationCount > 0 && <span class="sidebar__count">{conversationCount}</span>}
        </button>
        <button {...tabProps('queue')}>
          {t('sidebar.queue')}
          {waiting > 0 && (
            <span
              class="badge badge--waiting"
              data-testid="queue-waiting"
              title={t('sidebar.waiting', { count: waiting })}
            >
              {waiting}
              <span class="visually-hidden"> {t('sidebar.waiting', { count: waiting })}</span>
            </span>
          )}
        </button>
        <button {...tabProps('history')}>{t('sidebar.history')}</button>
      </div>
      <div
        role="tabpanel"
        id="panel-conversations"
        aria-labelledby="tab-conversations"
        class="sidebar__panel"
        hidden={tab !== 'conversations'}
      >
        <ConversationList
          state={state}
          onSelect={(conversationId) => controller.list.select(conversationId)}
          onRetry={() => void controller.resync.run()}
          onMoreClosed={() => void controller.list.loadMoreClosed()}
        />
      </div>
      <div
        role="tabpanel"
        id="panel-queue"
        aria-labelledby="tab-queue"
        class="sidebar__panel"
        hidden={tab !== 'queue'}
      >
        {tab === 'queue' && (
          <QueuePanel
            board={state.queueBoard}
            names={state.names}
            customerNames={state.customerNames}
            onAccept={(conversationId) => controller.actions.accept(conversationId)}
            onAccepted={(conversationId) => {
              setTab('conversations');
              controller.list.select(conversationId);
              setAccepted(conversationId);
            }}
            onRetry={() => void controller.queues.refresh()}
          />
        )}
      </div>
      <div
        role="tabpanel"
        id="panel-history"
        aria-labelledby="tab-history"
        class="sidebar__panel"
        hidden={tab !== 'history'}
      >
        {tab === 'history' && <HistoryPanel controller={controller} queues={state.queueBoard.queues} />}
      </div>
    </nav>
  );
}
