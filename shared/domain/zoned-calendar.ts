/**
 * Calendar dates and hours in an IANA time zone, through the runtime's own time-zone data
 * (`Intl.DateTimeFormat`): which date and hour an instant falls on there, and when a date begins.
 */

/** A calendar date, `YYYY-MM-DD`. */
export type CalendarDate = string;

const dayMs = 86_400_000;

// Building a formatter is far slower than using one: one per zone and set of fields, kept.
const formatters = new WeakMap<Intl.DateTimeFormatOptions, Map<string, Intl.DateTimeFormat>>();

/** An `en-US` formatter of these fields in the zone; throws a RangeError for a zone the runtime does not know. */
export function zoneFormatter(timeZone: string, fields: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  let ofFields = formatters.get(fields);
  if (!ofFields) {
    ofFields = new Map();
    formatters.set(fields, ofFields);
  }
  let formatter = ofFields.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { ...fields, timeZone });
    ofFields.set(timeZone, formatter);
  }
  return formatter;
}

const dateHourFields: Intl.DateTimeFormatOptions = {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  hourCycle: 'h23',
};

/** Whether the runtime knows the zone by this name. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    zoneFormatter(timeZone, dateHourFields);
    return true;
  } catch {
    return false;
  }
}

/** The date and hour (0–23) an instant falls on in the zone. */
export function zonedDateHour(time: number, timeZone: string): { date: CalendarDate; hour: number } {
  const parts: Record<string, string> = {};
  for (const part of zoneFormatter(timeZone, dateHourFields).formatToParts(time))
    parts[part.type] = part.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

/** Midnight UTC of a calendar date: how dates are counted and compared, whatever the zone. */
function utcMidnight(date: CalendarDate): number {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return Date.UTC(year, month - 1, day);
}

/** Whether the text is a date of the calendar (not 2026-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  return new Date(utcMidnight(text)).toISOString().slice(0, 10) === text;
}

/** The date `days` after (or before) the given one. */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  return new Date(utcMidnight(date) + days * dayMs).toISOString().slice(0, 10);
}

/** The dates from `from` to `to`, both included. */
export function datesBetween(from: CalendarDate, to: CalendarDate): CalendarDate[] {
  const dates: CalendarDate[] = [];
  for (let date = from; date <= to; date = addDays(date, 1)) dates.push(date);
  return dates;
}

/** How many dates from `from` to `to`, both included. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return Math.round((utcMidnight(to) - utcMidnight(from)) / dayMs) + 1;
}

/**
 * The first instant of the date in the zone (its midnight, or where a clock change skips midnight,
 * the first moment that exists). Zones are at most a day off UTC, so the start lies within a day of
 * the date's UTC midnight; within that span, searched for the first instant no earlier in date.
 */
export function startOfDate(date: CalendarDate, timeZone: string): number {
  let low = utcMidnight(date) - dayMs;
  let high = utcMidnight(date) + dayMs;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (zonedDateHour(middle, timeZone).date >= date) high = middle;
    else low = middle;
  }
  return high;
}
