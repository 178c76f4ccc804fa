import type { Percentiles, ReportFigures } from '../api.ts';
import { t } from '../i18n.ts';
import { durationText } from '../reports/duration-text.ts';

export interface ReportTableRow {
  key: string;
  name: string;
  figures: ReportFigures;
}

interface ReportTableProps {
  caption: string;
  /** The first column's heading: the queue or the agent. */
  nameHeading: string;
  rows: readonly ReportTableRow[];
  /** Each row's `data-` attribute, for who reads the page by its rows (the queue's or agent's id). */
  rowAttribute: 'data-queue' | 'data-agent-id';
}

const spread = ({ p50, p90 }: Percentiles) =>
  t('reports.table.spread', { p50: durationText(p50), p90: durationText(p90) });

/** Figures per queue or per agent, as the server sorted them (most conversations first). */
export function ReportTable({ caption, nameHeading, rows, rowAttribute }: ReportTableProps) {
  const columns: { heading: string; cell: (figures: ReportFigures) => string | number }[] = [
    { heading: t('reports.figure.conversations'), cell: (figures) => figures.conversations },
    { heading: t('reports.table.wait'), cell: (figures) => spread(figures.wait) },
    { heading: t('reports.table.firstResponse'), cell: (figures) => spread(figures.firstResponse) },
    { heading: t('reports.table.handle'), cell: (figures) => spread(figures.handle) },
    { heading: t('reports.table.resolution'), cell: (figures) => spread(figures.resolution) },
    {
      heading: t('reports.table.satisfaction'),
      cell: ({ satisfaction }) =>
        satisfaction.average === null
          ? t('reports.noFigure')
          : t('reports.table.rating', {
              average: satisfaction.average.toFixed(2),
              count: satisfaction.count,
            }),
    },
    {
      heading: t('reports.table.leftMessages'),
      cell: ({ leftMessages }) =>
        leftMessages.count === 0
          ? t('reports.noFigure')
          : t('reports.table.leftAnswered', {
              answered: leftMessages.answered,
              total: leftMessages.count,
              delay: durationText(leftMessages.answerDelay.p50),
            }),
    },
  ];
  return (
    <section class="report-section">
      <h3 class="floor__heading">{caption}</h3>
      {rows.length === 0 ? (
        <p class="floor__empty">{t('reports.table.none')}</p>
      ) : (
        <div class="report-table__scroll">
          <table class="admin-table report-table">
            <caption class="visually-hidden">{caption}</caption>
            <thead>
              <tr>
                <th scope="col">{nameHeading}</th>
                {columns.map((column) => (
                  <th key={column.heading} scope="col">
                    {column.heading}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={row.key} {...{ [rowAttribute]: row.key }}>
                  <th scope="row" data-label={nameHeading}>
                    {row.name}
                  </th>
                  {columns.map((column) => (
                    <td key={column.heading} data-label={column.heading}>
                      {column.cell(row.figures)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
