/**
 * Times as agents read them: short and relative in the list, exact in the thread. Everything is in
 * the agent's own time zone; the locale is fixed until the console is translated, so a Chinese
 * browser does not mix two languages on one screen.
 */

const locale = 'en-GB';
const minute = 60_000;
const hour = 60 * minute;

const clock = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const weekday = new Intl.DateTimeFormat(locale, { weekday: 'short' });
const dayMonth = new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short' });
const fullDay = new Intl.DateTimeFormat(locale, {
  weekday: 'long',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
});
const full = new Intl.DateTimeFormat(locale, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function startOfDay(time: number): number {
  const date = new Date(time);
  date.setHours(0, 0, 0, 0);
  return date.getTime();
}

/** Whole calendar days from `time` to `now` (0 = same day), robust to daylight saving changes. */
function calendarDaysBetween(time: number, now: number): number {
  return Math.round((startOfDay(now) - startOfDay(time)) / (24 * hour));
}

/** For the list: "now", "5 min", "3 h", "Yesterday", "Tue", "3 Mar". */
export function relativeTime(time: number, now: number): string {
  const elapsed = now - time;
  // A server clock slightly ahead of the agent's must not read as "in the future".
  if (elapsed < minute) return 'now';
  if (elapsed < hour) return `${Math.floor(elapsed / minute)} min`;
  const days = calendarDaysBetween(time, now);
  if (days === 0) return `${Math.floor(elapsed / hour)} h`;
  if (days === 1) return 'Yesterday';
  if (days < 7) return weekday.format(time);
  return dayMonth.format(time);
}

/** For a bubble: "14:05". */
export function clockTime(time: number): string {
  return clock.format(time);
}

/** For the separator between days in a thread: "Today", "Yesterday", "Monday, 3 March 2026". */
export function dayLabel(time: number, now: number): string {
  const days = calendarDaysBetween(time, now);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return fullDay.format(time);
}

/** For tooltips: the exact moment. */
export function fullTime(time: number): string {
  return full.format(time);
}

/** Whether two moments fall on the same calendar day, to decide where a day separator goes. */
export function sameDay(left: number, right: number): boolean {
  return startOfDay(left) === startOfDay(right);
}
