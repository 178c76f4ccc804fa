import { intlLocale, t } from './i18n.ts';

/**
 * Times as agents read them: short and relative in the list, exact in the thread. Everything is in
 * the agent's own time zone and language (Intl, in the locale of i18n.ts), so one screen never mixes
 * two languages.
 */

const minute = 60_000;
const hour = 60 * minute;

interface Formats {
  clock: Intl.DateTimeFormat;
  weekday: Intl.DateTimeFormat;
  dayMonth: Intl.DateTimeFormat;
  fullDay: Intl.DateTimeFormat;
  full: Intl.DateTimeFormat;
}

const cache = new Map<string, Formats>();

/** The formatters of the current language, made once per language. */
function formats(): Formats {
  const locale = intlLocale();
  let found = cache.get(locale);
  if (!found) {
    found = {
      clock: new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }),
      weekday: new Intl.DateTimeFormat(locale, { weekday: 'short' }),
      dayMonth: new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' }),
      fullDay: new Intl.DateTimeFormat(locale, {
        weekday: 'long',
        day: 'numeric',
        month: 'long',
        year: 'numeric',
      }),
      full: new Intl.DateTimeFormat(locale, {
        weekday: 'short',
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
        hourCycle: 'h23',
      }),
    };
    cache.set(locale, found);
  }
  return found;
}

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Whole calendar days from `time` to `now` (0 = same day), robust to daylight saving changes. */
function calendarDaysBetween(time: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(time)) / (24 * hour));
}

export type RelativeTime =
  | { kind: 'now' }
  | { kind: 'minutes' | 'hours'; count: number }
  | { kind: 'yesterday' }
  | { kind: 'date'; text: string };

/** How long ago `time` was, in the units the list uses. */
export function relativeParts(time: number, now: number): RelativeTime {
  const elapsed = now - time;
  // A server clock slightly ahead of the agent's must not read as "in the future".
  if (elapsed < minute) return { kind: 'now' };
  if (elapsed < hour) return { kind: 'minutes', count: Math.floor(elapsed / minute) };
  const days = calendarDaysBetween(time, now);
  if (days === 0) return { kind: 'hours', count: Math.floor(elapsed / hour) };
  if (days === 1) return { kind: 'yesterday' };
  if (days < 7) return { kind: 'date', text: formats().weekday.format(time) };
  return { kind: 'date', text: formats().dayMonth.format(time) };
}

/** For the list: "now", "5 min", "3 h", "Yesterday", "Tue", "3 Mar" (刚刚, 5 分钟, 昨天, 周二, 3月3日). */
export function relativeTime(time: number, now: number): string {
  const parts = relativeParts(time, now);
  switch (parts.kind) {
    case 'now':
      return t('time.now');
    case 'minutes':
      return t('time.minutes', { count: parts.count });
    case 'hours':
      return t('time.hours', { count: parts.count });
    case 'yesterday':
      return t('time.yesterday');
    case 'date':
      return parts.text;
  }
}

/** In a sentence: "just now", "5 min ago", "yesterday", "on Tue" (刚刚, 5 分钟前, 昨天, 周二). */
export function agoText(time: number, now: number): string {
  const parts = relativeParts(time, now);
  switch (parts.kind) {
    case 'now':
      return t('time.justNow');
    case 'yesterday':
      return t('time.yesterdayLower');
    case 'date':
      return t('time.on', { time: parts.text });
    default:
      return t('time.ago', { time: relativeTime(time, now) });
  }
}

/** For a bubble: "14:05". */
export function clockTime(time: number): string {
  return formats().clock.format(time);
}

/** For the separator between days in a thread: "Today", "Yesterday", "Monday, 3 March 2026". */
export function dayLabel(time: number, now: number): string {
  const days = calendarDaysBetween(time, now);
  if (days === 0) return t('time.today');
  if (days === 1) return t('time.yesterday');
  return formats().fullDay.format(time);
}

/** For tooltips: the exact moment. */
export function fullTime(time: number): string {
  return formats().full.format(time);
}

/** Whether two moments fall on the same calendar day, to decide where a day separator goes. */
export function sameDay(left: number, right: number): boolean {
  return startOfDay(left) === startOfDay(right);
}
