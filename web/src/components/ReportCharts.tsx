import { useEffect, useMemo, useRef } from 'preact/hooks';
import type { Report, SatisfactionScore } from '../api.ts';
import { useLocale } from '../hooks/use-locale.ts';
import { t } from '../i18n.ts';
import { Chart, type ChartConfiguration, seriesColours } from '../reports/chart-library.ts';
import { durationText } from '../reports/duration-text.ts';

const [green, blue, orange, purple] = seriesColours;
const scores: readonly SatisfactionScore[] = ['1', '2', '3', '4', '5'];

interface ReportChartProps {
  name: string;
  title: string;
  /** What the chart shows, in words: what a screen reader reads instead of the picture. */
  summary: string;
  config: ChartConfiguration;
}

/** One chart on its canvas, drawn again when its configuration changes (a new report, a language). */
function ReportChart({ name, title, summary, config }: ReportChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, config);
    return () => chart.destroy();
  }, [config]);
  return (
    <figure class="report-chart" data-chart={name}>
      <figcaption class="report-chart__title">{title}</figcaption>
      <div class="report-chart__canvas">
        <canvas ref={canvas} role="img" aria-label={summary} />
      </div>
    </figure>
  );
}

/** `12-01` for 2026-12-01: the year is the range's, said above the charts. */
const shortDate = (date: string) => date.slice(5);

/** Bars of conversations on the left axis, a line of messages on the right one. */
function countsChart(
  labels: string[],
  conversations: number[],
  messages: number[],
): ChartConfiguration<'bar' | 'line'> {
  return {
    type: 'bar',
    data: {
      labels,
      datasets: [
        {
          type: 'bar',
          label: t('reports.figure.conversations'),
          data: conversations,
          backgroundColor: green,
          maxBarThickness: 48,
          yAxisID: 'conversations',
        },
        {
          type: 'line',
          label: t('reports.figure.messages'),
          data: messages,
          borderColor: blue,
          backgroundColor: blue,
          yAxisID: 'messages',
        },
      ],
    },
    options: {
      scales: {
        conversations: { position: 'left', beginAtZero: true, ticks: { precision: 0 } },
        messages: {
          position: 'right',
          beginAtZero: true,
          ticks: { precision: 0 },
          grid: { drawOnChartArea: false },
        },
      },
    },
  };
}

function responseTimesChart(report: Report): ChartConfiguration<'line'> {
  const series = (label: string, data: (number | null)[], colour: string, dashed: boolean) => ({
    label,
    data,
    borderColor: colour,
    backgroundColor: colour,
    ...(dashed ? { borderDash: [6, 4] } : {}),
  });
  return {
    type: 'line',
    data: {
      labels: report.byDay.map((day) => shortDate(day.date)),
      datasets: [
        series(
          t('reports.chart.p50', { figure: t('reports.figure.firstResponse') }),
          report.byDay.map((day) => day.firstResponse.p50),
          orange,
          false,
        ),
        series(
          t('reports.chart.p90', { figure: t('reports.figure.firstResponse') }),
          report.byDay.map((day) => day.firstResponse.p90),
          orange,
          true,
        ),
        series(
          t('reports.chart.p50', { figure: t('reports.figure.wait') }),
          report.byDay.map((day) => day.wait.p50),
          purple,
          false,
        ),
        series(
          t('reports.chart.p90', { figure: t('reports.figure.wait') }),
          report.byDay.map((day) => day.wait.p90),
          purple,
          true,
        ),
      ],
    },
    options: {
      // Whole seconds, as the figures are: a tick between two would read as the lower one.
      scales: {
        y: { beginAtZero: true, ticks: { precision: 0, callback: (value) => durationText(Number(value)) } },
      },
      plugins: {
        tooltip: {
          callbacks: { label: (item) => `${item.dataset.label}: ${durationText(item.parsed.y)}` },
        },
      },
    },
  };
}

function satisfactionChart(report: Report): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: scores.map((score) => t('reports.figure.score', { score })),
      datasets: [
        {
          label: t('reports.figure.ratings'),
          data: scores.map((score) => report.totals.satisfaction.scores[score]),
          backgroundColor: green,
          maxBarThickness: 48,
        },
      ],
    },
    options: {
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { display: false } },
    },
  };
}

/** The busiest entry of a series (the first of equals), or undefined when all are zero. */
function busiest<T>(entries: readonly T[], count: (entry: T) => number): T | undefined {
  return entries.reduce<T | undefined>(
    (best, entry) => (count(entry) > (best === undefined ? 0 : count(best)) ? entry : best),
    undefined,
  );
}

function dailySummary(report: Report): string {
  const { conversations, messages } = report.totals;
  const day = busiest(report.byDay, (entry) => entry.conversations);
  const total = t('reports.chart.dailySummary', { days: report.byDay.length, conversations, messages });
  return day
    ? `${total} ${t('reports.chart.busiestDay', { date: day.date, conversations: day.conversations })}`
    : total;
}

function hourlySummary(report: Report): string {
  const hour = busiest(report.byHour, (entry) => entry.conversations);
  const busiestMessages = busiest(report.byHour, (entry) => entry.messages);
  const parts = [
    hour
      ? t('reports.chart.busiestHour', { hour: hour.hour, conversations: hour.conversations })
      : t('reports.chart.noConversations'),
    ...(busiestMessages
      ? [
          t('reports.chart.busiestMessageHour', {
            hour: busiestMessages.hour,
            messages: busiestMessages.messages,
          }),
        ]
      : []),
  ];
  return parts.join(' ');
}

function responseTimesSummary(report: Report): string {
  const { firstResponse, wait } = report.totals;
  return t('reports.chart.responseSummary', {
    firstResponseP50: durationText(firstResponse.p50),
    firstResponseP90: durationText(firstResponse.p90),
    waitP50: durationText(wait.p50),
    waitP90: durationText(wait.p90),
  });
}

function satisfactionSummary(report: Report): string {
  const { count, average, scores: counts } = report.totals.satisfaction;
  if (count === 0) return t('reports.chart.noRatings');
  const each = scores
    .map((score) => t('reports.chart.scoreCount', { score, number: counts[score] }))
    .join(t('reports.listSeparator'));
  return t('reports.chart.satisfactionSummary', {
    ratings: count,
    average: average?.toFixed(2) ?? '',
    scores: each,
  });
}

/**
 * The report's four charts: conversations and messages per day and per hour of the day, first-response
 * and wait times per day (p50 solid, p90 dashed), and the satisfaction scores.
 */
export function ReportCharts({ report }: { report: Report }) {
  const locale = useLocale();
  // the charts' words change with the language.
  const charts = useMemo(
    () => [
      {
        name: 'daily',
        title: t('reports.chart.daily'),
        summary: dailySummary(report),
        config: countsChart(
          report.byDay.map((day) => shortDate(day.date)),
          report.byDay.map((day) => day.conversations),
          report.byDay.map((day) => day.messages),
        ),
      },
      {
        name: 'hourly',
        title: t('reports.chart.hourly'),
        summary: hourlySummary(report),
        config: countsChart(
          report.byHour.map((entry) => t('reports.chart.hourLabel', { hour: entry.hour })),
          report.byHour.map((hour) => hour.conversations),
          report.byHour.map((hour) => hour.messages),
        ),
      },
      {
        name: 'response-times',
        title: t('reports.chart.responseTimes'),
        summary: responseTimesSummary(report),
        config: responseTimesChart(report),
      },
      {
        name: 'satisfaction',
        title: t('reports.chart.satisfaction'),
        summary: satisfactionSummary(report),
        config: satisfactionChart(report),
      },
    ],
    [report, locale],
  );
  return (
    <div class="report-charts">
      {charts.map((chart) => (
        <ReportChart key={chart.name} {...chart} config={chart.config as ChartConfiguration} />
      ))}
    </div>
  );
}
