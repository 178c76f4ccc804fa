import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import { AbortedError, describeError } from '../api.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import { fullTime } from '../format-time.ts';
import { t } from '../i18n.ts';
import { listPreview } from '../preview-text.ts';
import { ReadOnlyConversation } from './ReadOnlyConversation.tsx';

interface CustomerHistoryProps {
  /** The conversation on screen: the customer's history is read through it, and leaves it out. */
  conversation: Conversation;
  controller: ConsoleController;
  now: number;
}

interface HistoryState {
  conversations: readonly Conversation[];
  nextBefore?: string;
  loading: boolean;
  error?: string;
}

/** The customer's earlier conversations with the app, newest first, each readable in place. */
export function CustomerHistory({ conversation, controller, now }: CustomerHistoryProps) {
  const { conversationId } = conversation;
  const [history, setHistory] = useState<HistoryState>({ conversations: [], loading: true });
  const [reading, setReading] = useState<Conversation>();

  const load = async (before?: string) => {
    setHistory((held) => ({ ...held, loading: true, error: undefined }));
    try {
      const page = await controller.profiles.history(conversationId, before);
      setHistory((held) => ({
        conversations: [...(before ? held.conversations : []), ...page.conversations],
        nextBefore: page.nextBefore,
        loading: false,
      }));
    } catch (error) {
      if (error instanceof AbortedError) return;
      setHistory((held) => ({ ...held, loading: false, error: describeError(error) }));
    }
  };
  // The first page, once: the panel mounts a new list for another conversation.
  useEffect(() => {
    void load();
  }, [conversationId]);

  const earlierMessages = useCallback((id: string) => controller.profiles.earlierMessages(id), [controller]);
  const earlier = history.conversations.filter((item) => item.conversationId !== conversationId);
  const { agent, names } = controller.store.state;
  return (
    <section class="customer-panel__section" aria-labelledby="profile-history-title">
      <h3 class="customer-panel__subtitle" id="profile-history-title">
        {t('profile.history')}
      </h3>
      {earlier.length === 0 && !history.loading && !history.error && (
        <p class="customer-panel__empty">{t('profile.noHistory')}</p>
      )}
      {earlier.length > 0 && (
        <ul class="customer-history">
          {earlier.map((item) => (
            <li key={item.conversationId}>
              <button type="button" class="customer-history__item" onClick={() => setReading(item)}>
                <span class="customer-history__when" title={fullTime(item.createdAt)}>
                  {fullTime(item.createdAt)}
                </span>
                <span class="customer-history__preview">
                  {listPreview(item, undefined, { agentId: agent.agentId, names })}
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {history.loading && <p class="customer-panel__empty">{t('profile.historyLoading')}</p>}
      {history.error && (
        <p class="customer-panel__error" role="alert">
          {t('profile.historyFailed', { problem: history.error })}
        </p>
      )}
      {history.nextBefore && !history.loading && (
        <button type="button" class="button button--small" onClick={() => void load(history.nextBefore)}>
          {t('profile.historyMore')}
        </button>
      )}
      {reading && (
        <ReadOnlyConversation
          conversationId={reading.conversationId}
          title={t('profile.earlierTitle', { when: fullTime(reading.createdAt) })}
          load={earlierMessages}
          controller={controller}
          now={now}
          onClose={() => setReading(undefined)}
        />
      )}
    </section>
  );
}
