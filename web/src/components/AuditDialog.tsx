import { useCallback, useEffect, useId, useRef, useState } from 'preact/hooks';
import {
  AbortedError,
  type AgentListing,
  type ApiClient,
  type AuditEvent,
  type AuditKind,
  type AuditQuery,
  describeError,
} from '../api.ts';
import { auditKindLabels, auditKinds } from '../audit-kinds.ts';
import { fullTime } from '../format-time.ts';
import { t } from '../i18n.ts';
import { Modal } from './Modal.tsx';

interface AuditDialogProps {
  api: Pick<ApiClient, 'auditTrail' | 'agents'>;
  onClose: () => void;
}

/** The filters as chosen: dates as the date fields give them (`yyyy-mm-dd`, the agent's own day). */
interface Filters {
  kind: AuditKind | '';
  agentId: string;
  from: string;
  to: string;
}

interface Trail {
  events: AuditEvent[];
  cursor?: string;
  retentionDays?: number;
  loading: boolean;
  problem?: string;
}

const noFilters: Filters = { kind: '', agentId: '', from: '', to: '' };

/** The query for the filters: a day runs from its first to its last millisecond, on this computer's clock. */
function queryOf(filters: Filters): AuditQuery {
  return {
    ...(filters.kind ? { kind: filters.kind } : {}),
    ...(filters.agentId ? { agentId: filters.agentId } : {}),
    ...(filters.from ? { from: new Date(`${filters.from}T00:00:00`).getTime() } : {}),
    ...(filters.to ? { to: new Date(`${filters.to}T23:59:59.999`).getTime() } : {}),
  };
}

/**
 * The workspace's audit trail (owners): who did what, when and from where, newest first, filtered by
 * kind, person and dates, a page at a time. Says how long entries are kept, as the server does.
 */
export function AuditDialog({ api, onClose }: AuditDialogProps) {
  const id = useId();
  const [filters, setFilters] = useState<Filters>(noFilters);
  const [trail, setTrail] = useState<Trail>({ events: [], loading: true });
  /** For the person filter; without it (not allowed, or not loaded) the filter is left out. */
  const [agents, setAgents] = useState<AgentListing[]>([]);

  useEffect(() => {
    api.agents().then(setAgents, () => setAgents([]));
  }, [api]);

  /** Raised by every read: an answer to filters changed since is dropped. */
  const reads = useRef(0);

  /** Reads a page: the first for the filters, or the next one after `cursor`. */
  const read = useCallback(
    (cursor?: string) => {
      const read = ++reads.current;
      setTrail((current) => ({ ...current, loading: true, problem: undefined }));
      api.auditTrail({ ...queryOf(filters), ...(cursor ? { cursor } : {}) }).then(
        (page) => {
          if (read !== reads.current) return;
          setTrail((current) => ({
            events: cursor ? [...current.events, ...page.events] : page.events,
            cursor: page.cursor,
            retentionDays: page.retentionDays,
            loading: false,
          }));
        },
        (error: unknown) => {
          if (error instanceof AbortedError || read !== reads.current) return;
          setTrail((current) => ({ ...current, loading: false, problem: describeError(error) }));
        },
      );
    },
    [api, filters],
  );
  useEffect(() => read(), [read]);

  const change = (patch: Partial<Filters>) => setFilters((current) => ({ ...current, ...patch }));

  return (
    <Modal title={t('audit.title')} wide onClose={onClose}>
      <div class="admin">
        <p class="admin__intro">
          {trail.retentionDays === undefined
            ? t('audit.intro')
            : t('audit.retention', { days: trail.retentionDays })}
        </p>
        <form
          class="audit-filters"
          aria-label={t('audit.filters')}
          onSubmit={(event) => event.preventDefault()}
        >
          <label class="field">
            <span class="field__label">{t('audit.kind')}</span>
            <select
              value={filters.kind}
              onChange={(event) => change({ kind: event.currentTarget.value as Filters['kind'] })}
            >
              <option value="">{t('audit.allKinds')}</option>
              {auditKinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(auditKindLabels[kind])}
                </option>
              ))}
            </select>
          </label>
          {agents.length > 0 && (
            <label class="field">
              {/* The server matches whoever acted or was acted on. */}
              <span class="field__label">{t('audit.person')}</span>
              <select
                value={filters.agentId}
                onChange={(event) => change({ agentId: event.currentTarget.value })}
              >
                <option value="">{t('audit.everyone')}</option>
                {agents.map((agent) => (
                  <option key={agent.agentId} value={agent.agentId}>
                    {agent.displayName && agent.displayName !== agent.username
                      ? `${agent.displayName} (${agent.username})`
                      : agent.username}
                  </option>
                ))}
              </select>
            </label>
          )}
          <label class="field">
            <span class="field__label">{t('audit.from')}</span>
            <input
              type="date"
              value={filters.from}
              max={filters.to || undefined}
              onChange={(event) => change({ from: event.currentTarget.value })}
            />
          </label>
          <label class="field">
            <span class="field__label">{t('audit.to')}</span>
            <input
              type="date"
              value={filters.to}
              min={filters.from || undefined}
              onChange={(event) => change({ to: event.currentTarget.value })}
            />
          </label>
          <button
            type="button"
            class="button button--small"
            disabled={filters === noFilters}
            onClick={() => setFilters(noFilters)}
          >
            {t('audit.clear')}
          </button>
        </form>
        {trail.problem && (
          <p class="notice notice--error" role="alert">
            {t('audit.loadFailed', { problem: trail.problem })}
          </p>
        )}
        {!trail.loading && !trail.problem && trail.events.length === 0 && (
          <p class="queue-form__empty">{t('audit.none')}</p>
        )}
        {trail.events.length > 0 && (
          <table class="admin-table audit-table" aria-describedby={`${id}-count`}>
            <thead>
              <tr>
                <th scope="col">{t('audit.when')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.kind')}</th>
                <th scope="col">{t('audit.target')}</th>
                <th scope="col">{t('audit.source')}</th>
              </tr>
            </thead>
            <tbody>
              {trail.events.map((event) => (
                <tr key={event.eventId} data-kind={event.kind}>
                  <td data-label={t('audit.when')}>
                    <span class="admin-table__numbers">{fullTime(event.at)}</span>
                  </td>
                  <th scope="row" class="admin-table__who" data-label={t('audit.actor')}>
                    {event.actor.username}
                  </th>
                  <td data-label={t('audit.kind')}>
                    <div>
                      <span class="admin-table__name">{t(auditKindLabels[event.kind])}</span>
                      {/* The server's record of it, kept as written: the trail is evidence. */}
                      <span class="admin-table__sub" lang="en">
                        {event.summary}
                      </span>
                    </div>
                  </td>
                  <td data-label={t('audit.target')}>{event.target?.name ?? event.target?.id ?? '—'}</td>
                  <td data-label={t('audit.source')}>
                    <span class="mono" title={event.source.userAgent}>
                      {event.source.ip ?? t('audit.noSource')}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <div class="conversation-list__more">
          <span id={`${id}-count`} class="admin__intro">
            {trail.events.length > 0 && t('audit.shown', { count: trail.events.length })}
          </span>
          {trail.loading ? (
            <span role="status">{t('audit.loading')}</span>
          ) : (
            trail.cursor && (
              <button type="button" class="button button--small" onClick={() => read(trail.cursor)}>
                {t('audit.more')}
              </button>
            )
          )}
        </div>
      </div>
    </Modal>
  );
}
