import '../reports/reports.css';
import { useEffect, useId, useMemo, useRef, useState } from 'preact/hooks';
import {
  AbortedError,
  type AdministeredApp,
  type ApiClient,
  describeError,
  type Report,
  type ReportQuery,
} from '../api.ts';
import { t } from '../i18n.ts';
import { durationText } from '../reports/duration-text.ts';
import { reportCsv, reportFileName } from '../reports/report-csv.ts';
import {
  browserTimeZone,
  presetRange,
  type RangePreset,
  rangeProblem,
  timeZoneChoices,
} from '../reports/report-range.ts';
import { ReportCharts } from './ReportCharts.tsx';
import { ReportComments } from './ReportComments.tsx';
import { ReportTable } from './ReportTable.tsx';

export interface ReportsPanelProps {
  api: Pick<ApiClient, 'report' | 'administeredApps'>;
}

/** What the controls say; `queue` is a queue's app and id as JSON, or empty for every queue. */
interface Choice {
  preset: RangePreset;
  from: string;
  to: string;
  timeZone: string;
  queue: string;
  agentId: string;
}

type Reading = { status: 'loading' } | { status: 'failed'; problem: string } | { status: 'ready' };

const presets: readonly RangePreset[] = ['today', 'last7', 'last30', 'custom'];
const presetLabels = {
  today: 'reports.preset.today',
  last7: 'reports.preset.last7',
  last30: 'reports.preset.last30',
  custom: 'reports.preset.custom',
} as const;

function initialChoice(): Choice {
  const timeZone = browserTimeZone();
  return { preset: 'last7', ...presetRange('last7', timeZone, Date.now()), timeZone, queue: '', agentId: '' };
}

/** The request for a choice: the queue filter names the queue's app too (a queue id is per app). */
function queryOf(choice: Choice): ReportQuery {
  const [appId, queueId] = choice.queue ? (JSON.parse(choice.queue) as [string, string]) : [];
  return {
    from: choice.from,
    to: choice.to,
    timeZone: choice.timeZone,
    ...(appId && queueId ? { appId, queueId } : {}),
    ...(choice.agentId ? { agentId: choice.agentId } : {}),
  };
}

/** Saves the report's CSV through a link to it, as a download. */
function download(report: Report): void {
  const url = URL.createObjectURL(new Blob([reportCsv(report)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = reportFileName(report);
  link.click();
  // Released once the browser has surely started saving it; revoking at once can cancel the download.
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

/**
 * 报表: the figures of the workspace's conversations that closed within a range of days, in a time
 * zone, narrowed to a queue or an agent: totals, four charts, tables by queue and by agent, and the
 * CSV of all of it. Read again whenever a control changes; an answer to an older choice is dropped.
 */
export function ReportsPanel({ api }: ReportsPanelProps) {
  const id = useId();
  const [choice, setChoice] = useState<Choice>(initialChoice);
  const [reading, setReading] = useState<Reading>({ status: 'loading' });
  /** The last report read: it stays on screen, dimmed, while the next one is read or if reading it failed. */
  const [report, setReport] = useState<Report>();
  const [apps, setApps] = useState<AdministeredApp[]>([]);
  const [attempt, setAttempt] = useState(0);
  const reads = useRef(0);
  const zones = useMemo(() => timeZoneChoices(), []);

  useEffect(() => {
    api.administeredApps().then(setApps, () => setApps([]));
  }, [api]);

  const problem = rangeProblem(choice.from, choice.to);
  const query = useMemo(() => queryOf(choice), [choice]);

  // `attempt` is the retry button's way to read again.
  useEffect(() => {
    if (problem) return;
    const read = ++reads.current;
    setReading({ status: 'loading' });
    api.report(query).then(
      (report) => {
        if (read !== reads.current) return;
        setReport(report);
        setReading({ status: 'ready' });
      },
      (error: unknown) => {
        if (error instanceof AbortedError || read !== reads.current) return;
        setReading({ status: 'failed', problem: describeError(error) });
      },
    );
  }, [api, query, problem, attempt]);

  const change = (patch: Partial<Choice>) =>
    setChoice((current) => {
      const next = { ...current, ...patch };
      return next.preset === 'custom'
        ? next
        : { ...next, ...presetRange(next.preset, next.timeZone, Date.now()) };
    });

  const queues = apps.flatMap((app) =>
    app.queues.map((queue) => ({
      value: JSON.stringify([app.appId, queue.queueId]),
      label: apps.length > 1 ? `${app.name} · ${queue.name}` : queue.name,
    })),
  );
  const agents = [
    ...new Map(apps.flatMap((app) => app.agents).map((agent) => [agent.agentId, agent])).values(),
  ];

  return (
    <div class="admin reports">
      <p class="admin__intro">{t('reports.closedOnly')}</p>
      <form
        class="audit-filters reports__controls"
        aria-label={t('reports.controls')}
        onSubmit={(event) => event.preventDefault()}
      >
        <div class="field">
          <label class="field__label" for={`${id}-range`}>
            {t('reports.range')}
          </label>
          <select
            id={`${id}-range`}
            value={choice.preset}
            onChange={(event) => change({ preset: event.currentTarget.value as RangePreset })}
          >
            {presets.map((preset) => (
              <option key={preset} value={preset}>
                {t(presetLabels[preset])}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for={`${id}-from`}>
            {t('reports.from')}
          </label>
          <input
            id={`${id}-from`}
            type="date"
            value={choice.from}
            max={choice.to || undefined}
            onChange={(event) => change({ preset: 'custom', from: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label class="field__label" for={`${id}-to`}>
            {t('reports.to')}
          </label>
          <input
            id={`${id}-to`}
            type="date"
            value={choice.to}
            min={choice.from || undefined}
            onChange={(event) => change({ preset: 'custom', to: event.currentTarget.value })}
          />
        </div>
        <div class="field">
          <label class="field__label" for={`${id}-timeZone`}>
            {t('reports.timeZone')}
          </label>
          <select
            id={`${id}-timeZone`}
            value={choice.timeZone}
            onChange={(event) => change({ timeZone: event.currentTarget.value })}
          >
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for={`${id}-queue`}>
            {t('reports.queue')}
          </label>
          <select
            id={`${id}-queue`}
            value={choice.queue}
            onChange={(event) => change({ queue: event.currentTarget.value })}
          >
            <option value="">{t('reports.allQueues')}</option>
            {queues.map((queue) => (
              <option key={queue.value} value={queue.value}>
                {queue.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label class="field__label" for={`${id}-agent`}>
            {t('reports.agent')}
          </label>
          <select
            id={`${id}-agent`}
            value={choice.agentId}
            onChange={(event) => change({ agentId: event.currentTarget.value })}
          >
            <option value="">{t('reports.allAgents')}</option>
            {agents.map((agent) => (
              <option key={agent.agentId} value={agent.agentId}>
                {agent.displayName || agent.username}
              </option>
            ))}
          </select>
        </div>
      </form>
      {problem ? (
        <p class="notice notice--warning" role="status">
          {problem}
        </p>
      ) : reading.status === 'loading' ? (
        <p class="modal__placeholder" role="status">
          {t('reports.loading')}
        </p>
      ) : reading.status === 'failed' ? (
        <div class="notice notice--error" role="alert">
          <p>{t('reports.loadFailed', { problem: reading.problem })}</p>
          <button type="button" class="button button--small" onClick={() => setAttempt((count) => count + 1)}>
            {t('common.tryAgain')}
          </button>
        </div>
      ) : null}
      {report && !problem && (
        <div class={reading.status === 'ready' ? 'reports__body' : 'reports__body reports__body--stale'}>
          <div class="reports__bar">
            <p class="reports__range">{t('reports.rangeLine', { ...report.range })}</p>
            <button
              type="button"
              class="button"
              disabled={!report || Boolean(problem) || reading.status !== 'ready'}
              onClick={() => report && download(report)}
            >
              {t('reports.downloadCsv')}
            </button>
          </div>
          <ReportTotals report={report} />
          <ReportCharts report={report} />
          <ReportTable
            caption={t('reports.byQueue')}
            nameHeading={t('reports.queue')}
            rowAttribute="data-queue"
            rows={report.byQueue.map((queue) => ({
              key: `${queue.appId}/${queue.queueId}`,
              name: queue.name,
              figures: queue,
            }))}
          />
          <ReportTable
            caption={t('reports.byAgent')}
            nameHeading={t('reports.agent')}
            rowAttribute="data-agent-id"
            rows={report.byAgent.map((agent) => ({ key: agent.agentId, name: agent.name, figures: agent }))}
          />
          <ReportComments report={report} />
        </div>
      )}
    </div>
  );
}

/** The range's headline figures, above the charts. */
function ReportTotals({ report }: { report: Report }) {
  const { totals } = report;
  const { satisfaction, leftMessages } = totals;
  const tiles: { name: string; label: string; value: string; detail?: string }[] = [
    { name: 'conversations', label: t('reports.figure.conversations'), value: String(totals.conversations) },
    { name: 'messages', label: t('reports.figure.messages'), value: String(totals.messages) },
    { name: 'wait', label: t('reports.totals.waitP50'), value: durationText(totals.wait.p50) },
    {
      name: 'first-response',
      label: t('reports.totals.firstResponseP50'),
      value: durationText(totals.firstResponse.p50),
    },
    {
      name: 'resolution',
      label: t('reports.totals.resolutionP50'),
      value: durationText(totals.resolution.p50),
    },
    {
      name: 'satisfaction',
      label: t('reports.table.satisfaction'),
      value: satisfaction.average === null ? t('reports.noFigure') : satisfaction.average.toFixed(2),
      detail: t('reports.totals.ratings', { count: satisfaction.count }),
    },
    {
      name: 'left-messages',
      label: t('reports.table.leftMessages'),
      value: t('reports.totals.leftAnswered', { answered: leftMessages.answered, total: leftMessages.count }),
      ...(leftMessages.answered > 0
        ? { detail: t('reports.totals.leftDelay', { delay: durationText(leftMessages.answerDelay.p50) }) }
        : {}),
    },
  ];
  return (
    <dl class="reports__totals">
      {tiles.map((tile) => (
        <div key={tile.name} class="reports__total" data-total={tile.name}>
          <dt>{tile.label}</dt>
          <dd>{tile.value}</dd>
          {tile.detail && <dd class="reports__detail">{tile.detail}</dd>}
        </div>
      ))}
    </dl>
  );
}
