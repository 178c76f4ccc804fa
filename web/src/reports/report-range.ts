import { t } from '../i18n.ts';

/** The longest range a report covers, in days: the server's limit (report-query-schema.ts), checked here to say so before asking. */
export const maxReportDays = 92;

/** The time zone a merchant in mainland China reports in, offered whatever the browser's is. */
export const chinaTimeZone = 'Asia/Shanghai';

export type RangePreset = 'today' | 'last7' | 'last30' | 'custom';

const presetDays: Record<Exclude<RangePreset, 'custom'>, number> = { today: 1, last7: 7, last30: 30 };

/** The browser's own time zone, else China's (an engine that names none). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || chinaTimeZone;
}

/** The zones to choose from: the browser's and China's first, then every zone the browser knows. */
export function timeZoneChoices(own: string = browserTimeZone()): string[] {
  const known = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  return [...new Set([own, chinaTimeZone, 'UTC', ...known])];
}

/** The calendar date (`YYYY-MM-DD`) it is in `timeZone` at `instant`. */
export function dateIn(timeZone: string, instant: number): string {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((each) => each.type === type)?.value;
  return `${part('year')}-${part('month')}-${part('day')}`;
}

const dayMs = 86_400_000;
const datePattern = /^\d{4}-\d{2}-\d{2}$/;

/** A calendar date as a count of days, or undefined for what is not one (2026-02-30 included). */
function dayNumber(date: string): number | undefined {
  if (!datePattern.test(date)) return undefined;
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date) return undefined;
  return ms / dayMs;
}

/** The calendar date `days` after `date` (before, for a negative count). */
export function addDays(date: string, days: number): string {
  const start = dayNumber(date);
  if (start === undefined) throw new Error(`not a date: ${date}`);
  return new Date((start + days) * dayMs).toISOString().slice(0, 10);
}

/** The dates of a preset, ending today in `timeZone`. */
export function presetRange(
  preset: Exclude<RangePreset, 'custom'>,
  timeZone: string,
  now: number,
): { from: string; to: string } {
  const today = dateIn(timeZone, now);
  return { from: addDays(today, 1 - presetDays[preset]), to: today };
}

/** Why a chosen range cannot be reported on, in a sentence; undefined when it can. */
export function rangeProblem(from: string, to: string): string | undefined {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (first === undefined || last === undefined) return t('reports.range.incomplete');
  if (first > last) return t('reports.range.reversed');
  if (last - first + 1 > maxReportDays) return t('reports.range.tooLong', { days: maxReportDays });
  return undefined;
}
