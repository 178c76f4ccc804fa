import { t } from '../i18n.ts';

/**
 * A report's duration (whole seconds) as people say it, to the two largest units that matter:
 * 45秒, 2分05秒, 1小时03分, 2天04小时. No figure (no conversation to measure) is a dash.
 */
export function durationText(seconds: number | null): string {
  if (seconds === null) return t('reports.noFigure');
  const whole = Math.max(0, Math.floor(seconds));
  const twoDigits = (value: number) => String(value).padStart(2, '0');
  if (whole < 60) return t('reports.duration.seconds', { seconds: whole });
  const minutes = Math.floor(whole / 60);
  if (minutes < 60) {
    return t('reports.duration.minutes', { minutes, seconds: twoDigits(whole % 60) });
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('reports.duration.hours', { hours, minutes: twoDigits(minutes % 60) });
  return t('reports.duration.days', { days: Math.floor(hours / 24), hours: twoDigits(hours % 24) });
}
