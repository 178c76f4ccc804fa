import type { TargetedEvent } from 'preact';
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { HistoryResult } from '../../../shared/domain/closed-conversation.ts';
import type { QueueView } from '../../../shared/domain/queue-view.ts';
import { AbortedError, describeError, type HistoryQuery } from '../api.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import { shortenId } from '../format-ids.ts';
import { fullTime } from '../format-time.ts';
import { highlightParts } from '../highlight.ts';
import { useNow } from '../hooks/use-now.ts';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';
import { ReadOnlyConversation } from './ReadOnlyConversation.tsx';

interface HistoryPanelProps {
  controller: ConsoleController;
  /** The agent's queues (an admin's: every queue of the workspace), and their members. */
  queues: readonly QueueView[];
}

interface Filters {
  q: string;
  /** `YYYY-MM-DD` from the date inputs, in the agent's own time zone. */
  from: string;
  to: string;
  /** `appId/queueId`, or empty for every queue. */
  queue: string;
  agentId: string;
  tag: string;
}

const noFilters: Filters = { q: '', from: '', to: '', queue: '', agentId: '', tag: '' };

interface Results {
  results: HistoryResult[];
  cursor?: string;
  loading: boolean;
  error?: string;
  /** The filters the shown results were searched with: "search earlier" goes on with them. */
  shown: Filters;
  /** The words they were searched with, to mark in their snippets. */
  words?: string;
}

/** Midnight starting (or, with `end`, the last millisecond of) a local calendar day. */
function dayBoundary(day: string, end: boolean): number | undefined {
  const [year, month, date] = day.split('-').map(Number);
  if (!year || !month || !date) return undefined;
  return end ? new Date(year, month - 1, date + 1).getTime() - 1 : new Date(year, month - 1, date).getTime();
}

function queryOf(filters: Filters): HistoryQuery {
  const [appId, queueId] = filters.queue ? filters.queue.split('/') : [];
  return {
    q: filters.q.trim() || undefined,
    from: filters.from ? dayBoundary(filters.from, false) : undefined,
    to: filters.to ? dayBoundary(filters.to, true) : undefined,
    appId,
    queueId,
    agentId: filters.agentId || undefined,
    tag: filters.tag.trim() || undefined,
  };
}

/**
 * The History tab: the closed conversations of the workspace the agent may read, newest first,
 * searched by words in their messages and notes and filtered by date, queue, agent and tag. A search
 * reads a bounded part of the history at a time: "search earlier records" goes on from where it
 * stopped. A result opens read-only.
 */
export function HistoryPanel({ controller, queues }: HistoryPanelProps) {
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [state, setState] = useState<Results>({ results: [], loading: true, shown: noFilters });
  const [reading, setReading] = useState<HistoryResult>();
  const now = useNow(30_000);
  /** Only the latest search's answer is shown, whatever order the answers come in. */
  const latest = useRef(0);

  const run = useCallback(
    async (shown: Filters, cursor?: string) => {
      const ticket = ++latest.current;
      setState((held) => ({ ...held, loading: true, error: undefined }));
      const query = queryOf(shown);
      try {
        const page = await controller.history.search({ ...query, cursor });
        if (ticket !== latest.current) return;
        setState((held) => ({
          results: [...(cursor ? held.results : []), ...page.results],
          cursor: page.cursor,
          loading: false,
          shown,
          words: query.q,
        }));
      } catch (error) {
        if (error instanceof AbortedError || ticket !== latest.current) return;
        setState((held) => ({ ...held, loading: false, error: describeError(error) }));
      }
    },
    [controller],
  );
  // The latest closed conversations, as soon as the tab opens.
  useEffect(() => {
    void run(noFilters);
  }, [run]);

  const change = (field: keyof Filters, value: string, searchNow: boolean) => {
    const next = { ...filters, [field]: value };
    setFilters(next);
    if (searchNow) void run(next);
  };
  const submit = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    void run(filters);
  };
  const filtered = Object.entries(filters).some(([field, value]) => field !== 'q' && value !== '');

  const members = new Map<string, string>();
  for (const queue of queues)
    for (const member of queue.members) members.set(member.agentId, member.displayName);
  const loadMessages = useCallback((id: string) => controller.history.messages(id), [controller]);
  const customerOf = (result: HistoryResult) => result.remarkName ?? shortenId(result.openId);

  return (
    <div class="history" data-testid="history">
      <search>
        <form class="history__form" onSubmit={submit}>
          <div class="history__search">
            <label class="visually-hidden" for="history-q">
              {t('history.search')}
            </label>
            <input
              id="history-q"
              type="search"
              class="history__input"
              value={filters.q}
              placeholder={t('history.searchPlaceholder')}
              maxLength={50}
              onInput={(event) => change('q', event.currentTarget.value, false)}
            />
            <button type="submit" class="button button--primary">
              <Icon name="search" size={16} />
              <span>{t('history.submit')}</span>
            </button>
          </div>
          <details class="history__filters" open={filtered || undefined}>
            <summary>{t('history.filters')}</summary>
            <div class="history__filter-grid">
              <label class="history__field">
                <span>{t('history.from')}</span>
                <input
                  type="date"
                  class="history__input"
                  value={filters.from}
                  max={filters.to || undefined}
                  onChange={(event) => change('from', event.currentTarget.value, true)}
                />
              </label>
              <label class="history__field">
                <span>{t('history.to')}</span>
                <input
                  type="date"
                  class="history__input"
                  value={filters.to}
                  min={filters.from || undefined}
                  onChange={(event) => change('to', event.currentTarget.value, true)}
                />
              </label>
              <label class="history__field">
                <span>{t('history.queue')}</span>
                <select
                  class="history__input"
                  value={filters.queue}
                  onChange={(event) => change('queue', event.currentTarget.value, true)}
                >
                  <option value="">{t('history.anyQueue')}</option>
                  {queues.map((queue) => (
                    <option key={`${queue.appId}/${queue.queueId}`} value={`${queue.appId}/${queue.queueId}`}>
                      {queue.name}
                    </option>
                  ))}
                </select>
              </label>
              <label class="history__field">
                <span>{t('history.agent')}</span>
                <select
                  class="history__input"
                  value={filters.agentId}
                  onChange={(event) => change('agentId', event.currentTarget.value, true)}
                >
                  <option value="">{t('history.anyAgent')}</option>
                  {[...members].map(([agentId, name]) => (
                    <option key={agentId} value={agentId}>
                      {name}
                    </option>
                  ))}
                </select>
              </label>
              <label class="history__field">
                <span>{t('history.tag')}</span>
                <input
                  type="text"
                  class="history__input"
                  value={filters.tag}
                  placeholder={t('history.tagPlaceholder')}
                  maxLength={20}
                  onInput={(event) => change('tag', event.currentTarget.value, false)}
                />
              </label>
              {filtered && (
                <button
                  type="button"
                  class="button button--small button--quiet history__clear"
                  onClick={() => {
                    const cleared = { ...noFilters, q: filters.q };
                    setFilters(cleared);
                    void run(cleared);
                  }}
                >
                  {t('history.clear')}
                </button>
              )}
            </div>
          </details>
        </form>
      </search>

      {state.error && (
        <p class="history__error" role="alert">
          {t('history.failed', { problem: state.error })}
        </p>
      )}
      {!state.loading && !state.error && state.results.length === 0 && (
        <p class="history__empty">{state.cursor ? t('history.noneYet') : t('history.none')}</p>
      )}
      {state.results.length > 0 && (
        <>
          <p class="history__count" aria-live="polite">
            {t('history.results', { count: state.results.length })}
          </p>
          <ul class="history__results">
            {state.results.map((result) => (
              <li key={result.conversationId}>
                <button
                  type="button"
                  class="history-result"
                  data-conversation-id={result.conversationId}
                  onClick={() => setReading(result)}
                >
                  <span class="history-result__top">
                    <span class="history-result__customer">{customerOf(result)}</span>
                    <time class="history-result__when" dateTime={new Date(result.closedAt).toISOString()}>
                      {fullTime(result.closedAt)}
                    </time>
                  </span>
                  <span class="history-result__meta">
                    {result.appName ?? shortenId(result.appId)}
                    {result.agentName && ` · ${t('history.servedBy', { name: result.agentName })}`}
                    {` · ${t('history.messages', { count: result.messageCount })}`}
                    {result.rating !== undefined && ` · ${t('history.rating', { score: result.rating })}`}
                  </span>
                  {result.snippet && (
                    <span class="history-result__snippet">
                      {highlightParts(result.snippet, state.words).map((part, index) =>
                        part.match ? <mark key={index}>{part.text}</mark> : part.text,
                      )}
                    </span>
                  )}
                  {result.tags.length > 0 && (
                    <span class="history-result__tags">
                      {result.tags.map((tag) => (
                        <span key={tag} class="tag tag--small">
                          {tag}
                        </span>
                      ))}
                    </span>
                  )}
                </button>
              </li>
            ))}
          </ul>
        </>
      )}
      {state.loading && (
        <p class="history__empty" role="status">
          {t('history.searching')}
        </p>
      )}
      {state.cursor && !state.loading && (
        <button
          type="button"
          class="button button--small history__more"
          onClick={() => void run(state.shown, state.cursor)}
        >
          {t('history.more')}
        </button>
      )}
      {reading && (
        <ReadOnlyConversation
          conversationId={reading.conversationId}
          title={t('history.threadTitle', {
            customer: customerOf(reading),
            when: fullTime(reading.closedAt),
          })}
          load={loadMessages}
          controller={controller}
          now={now}
          onClose={() => setReading(undefined)}
        />
      )}
    </div>
  );
}
