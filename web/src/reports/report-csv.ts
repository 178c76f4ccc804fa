import type { Percentiles, Report, ReportFigures, SatisfactionScore } from '../api.ts';
import { t } from '../i18n.ts';
import { type CsvCell, csvText } from './csv.ts';

const scores: readonly SatisfactionScore[] = ['1', '2', '3', '4', '5'];

function secondsHeaders(figure: string): string[] {
  return (['p50', 'p90'] as const).map((percentile) => t('reports.csv.seconds', { figure, percentile }));
}

/** The columns every section shares, named in the console's language. */
function figureHeaders(): string[] {
  return [
    t('reports.figure.conversations'),
    t('reports.figure.messages'),
    t('reports.figure.customerMessages'),
    t('reports.figure.agentMessages'),
    ...secondsHeaders(t('reports.figure.wait')),
    ...secondsHeaders(t('reports.figure.firstResponse')),
    ...secondsHeaders(t('reports.figure.handle')),
    ...secondsHeaders(t('reports.figure.resolution')),
    t('reports.figure.leftMessages'),
    t('reports.figure.leftAnswered'),
    ...secondsHeaders(t('reports.figure.leftDelay')),
    t('reports.figure.ratings'),
    t('reports.figure.averageRating'),
    ...scores.map((score) => t('reports.figure.score', { score })),
  ];
}

const both = ({ p50, p90 }: Percentiles): CsvCell[] => [p50, p90];

function figureCells(figures: ReportFigures): CsvCell[] {
  return [
    figures.conversations,
    figures.messages,
    figures.customerMessages,
    figures.agentMessages,
    ...both(figures.wait),
    ...both(figures.firstResponse),
    ...both(figures.handle),
    ...both(figures.resolution),
    figures.leftMessages.count,
    figures.leftMessages.answered,
    ...both(figures.leftMessages.answerDelay),
    figures.satisfaction.count,
    figures.satisfaction.average,
    ...scores.map((score) => figures.satisfaction.scores[score]),
  ];
}

/**
 * The report as one CSV file, in four sections under a title line: per day (with the range's totals
 * last), by queue, by agent, and the customers' comments (rated at in UTC, ISO 8601). Durations are
 * whole seconds, so a spreadsheet can compute with them.
 */
export function reportCsv(report: Report): string {
  const { from, to, timeZone } = report.range;
  const rows: CsvCell[][] = [
    [t('reports.csv.title', { from, to, timeZone })],
    [],
    [t('reports.byDay')],
    [t('reports.csv.date'), ...figureHeaders()],
    ...report.byDay.map((day) => [day.date, ...figureCells(day)]),
    [t('reports.csv.total'), ...figureCells(report.totals)],
    [],
    [t('reports.byQueue')],
    [t('reports.csv.app'), t('reports.csv.queueId'), t('reports.csv.queue'), ...figureHeaders()],
    ...report.byQueue.map((queue) => [queue.appId, queue.queueId, queue.name, ...figureCells(queue)]),
    [],
    [t('reports.byAgent')],
    [t('reports.csv.agentId'), t('reports.csv.agent'), ...figureHeaders()],
    ...report.byAgent.map((agent) => [agent.agentId, agent.name, ...figureCells(agent)]),
    [],
    [t('reports.comments')],
    [
      t('reports.comments.ratedAt'),
      t('reports.csv.conversationId'),
      t('reports.csv.agentId'),
      t('reports.csv.agent'),
      t('reports.comments.score'),
      t('reports.comments.words'),
    ],
    ...report.comments.map((comment) => [
      new Date(comment.ratedAt).toISOString(),
      comment.conversationId,
      comment.agentId ?? null,
      comment.agentName ?? null,
      comment.score,
      comment.comment,
    ]),
  ];
  return csvText(rows);
}

/** The downloaded file's name: the range, so two reports saved side by side do not collide. */
export function reportFileName(report: Report): string {
  return `report-${report.range.from}-${report.range.to}.csv`;
}
