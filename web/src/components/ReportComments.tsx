import type { Report } from '../api.ts';
import { intlLocale, t } from '../i18n.ts';

/** What customers wrote with their survey scores, the latest first. */
export function ReportComments({ report }: { report: Report }) {
  // When a score was given, in the report's time zone (not the browser's): the days above are in it.
  const ratedAt = new Intl.DateTimeFormat(intlLocale(), {
    timeZone: report.range.timeZone,
    dateStyle: 'short',
    timeStyle: 'short',
  });
  return (
    <section class="report-section">
      <h3 class="floor__heading">{t('reports.comments')}</h3>
      {report.comments.length === 0 ? (
        <p class="floor__empty">{t('reports.comments.none')}</p>
      ) : (
        <div class="report-table__scroll">
          <table class="admin-table report-table">
            <thead>
              <tr>
                <th scope="col">{t('reports.comments.ratedAt')}</th>
                <th scope="col">{t('reports.comments.score')}</th>
                <th scope="col">{t('reports.agent')}</th>
                <th scope="col">{t('reports.comments.words')}</th>
              </tr>
            </thead>
            <tbody>
              {report.comments.map((comment) => (
                <tr key={comment.conversationId} data-conversation-id={comment.conversationId}>
                  <td>{ratedAt.format(comment.ratedAt)}</td>
                  <td>{t('reports.figure.score', { score: comment.score })}</td>
                  <td>{comment.agentName ?? t('reports.noFigure')}</td>
                  <td>{comment.comment}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
