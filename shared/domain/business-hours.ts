/**
 * When a queue is staffed, as weekly windows in the queue's own time zone, so that a customer who
 * writes at night is told so instead of being given a place in a line nobody serves.
 */
import { isKnownTimeZone, zoneFormatter } from './zoned-calendar.ts';

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export interface WeeklyWindow {
  days: number[];
  /** "HH:MM", inclusive. */
  open: string;
  /** "HH:MM", exclusive; `close <= open` ends the window the next day (22:00-02:00); "24:00" is midnight. */
  close: string;
}

export interface BusinessHours {
  timeZone: string;
  windows: WeeklyWindow[];
}

export const defaultTimeZone = 'Asia/Shanghai';

export const timeOfDayPattern = /^([01]\d|2[0-3]):[0-5]\d$/;
export const endOfDay = '24:00';

// isOpen runs for every customer message: the formatter is built once per zone (zoned-calendar.ts).
const weekTimeFields: Intl.DateTimeFormatOptions = {
  weekday: 'short',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
};

const weekdayNumbers: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

function localWeekTime(timeZone: string, at: number): { day: number; minute: number } {
  let day = 0;
  let hour = 0;
  let minute = 0;
  for (const part of zoneFormatter(timeZone, weekTimeFields).formatToParts(at)) {
    if (part.type === 'weekday') day = weekdayNumbers[part.value] ?? 0;
    else if (part.type === 'hour') hour = Number(part.value);
    else if (part.type === 'minute') minute = Number(part.value);
  }
  if (day === 0) throw new Error(`could not read the weekday in ${timeZone}`);
  return { day, minute: hour * 60 + minute };
}

function minutesOf(time: string): number {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  return hours * 60 + minutes;
}

function previousDay(day: number): number {
  return day === 1 ? 7 : day - 1;
}

function covers(window: WeeklyWindow, day: number, minute: number): boolean {
  const open = minutesOf(window.open);
  const close = minutesOf(window.close);
  if (close > open) return window.days.includes(day) && minute >= open && minute < close;
  // The window runs past midnight: its tail belongs to the day after the one it started on.
  return (
    (window.days.includes(day) && minute >= open) ||
    (window.days.includes(previousDay(day)) && minute < close)
  );
}

/** Whether the queue is staffed at the instant; a queue without hours is always open. */
export function isOpen(hours: BusinessHours | undefined, at: number): boolean {
  if (!hours) return true;
  const { day, minute } = localWeekTime(hours.timeZone, at);
  return hours.windows.some((window) => covers(window, day, minute));
}

const dayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
const everyDay = [1, 2, 3, 4, 5, 6, 7];

function dayNumber(name: string, window: string): number {
  const index = dayNames.indexOf(name.toLowerCase());
  if (index < 0) {
    throw new Error(`"${window}": "${name}" is not a day; use mon … sun, a range such as mon-fri, or daily.`);
  }
  return index + 1;
}

function parseDays(text: string, window: string): number[] {
  if (text.toLowerCase() === 'daily') return [...everyDay];
  const ends = text.split('-');
  if (ends.length > 2)
    throw new Error(`"${window}": "${text}" is not a day or a range of days such as mon-fri.`);
  const first = dayNumber(ends[0] ?? '', window);
  const last = ends[1] === undefined ? first : dayNumber(ends[1], window);
  const days = [first];
  // Ranges may wrap past Sunday (fri-mon).
  for (let day = first; day !== last; ) {
    day = day === 7 ? 1 : day + 1;
    days.push(day);
  }
  return days.sort((a, b) => a - b);
}

function parseTime(text: string, window: string, allowEndOfDay: boolean): string {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text);
  const hours = Number(match?.[1]);
  const minutes = Number(match?.[2]);
  const time = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  if (match && ((hours < 24 && minutes < 60) || (allowEndOfDay && time === endOfDay))) return time;
  const range = allowEndOfDay ? '00:00 and 24:00' : '00:00 and 23:59';
  throw new Error(`"${window}": "${text}" is not a time of day; write HH:MM between ${range}.`);
}

function parseWindow(window: string): WeeklyWindow {
  const fields = window.split(/\s+/);
  const times = fields[1]?.split('-') ?? [];
  if (fields.length !== 2 || times.length !== 2) {
    throw new Error(`"${window}" is not a window; write it as DAYS HH:MM-HH:MM (e.g. mon-fri 09:00-18:00).`);
  }
  return {
    days: parseDays(fields[0] ?? '', window),
    open: parseTime(times[0] ?? '', window, false),
    close: parseTime(times[1] ?? '', window, true),
  };
}

/**
 * Reads the operator's syntax: windows separated by `;` or `,`, each `DAYS HH:MM-HH:MM`, where DAYS is
 * a day (`sat`), a range (`mon-fri`, `fri-mon`) or `daily`; e.g. `mon-fri 09:00-18:00; sat-sun 10:00-16:00`.
 */
export function parseBusinessHours(spec: string, timeZone = defaultTimeZone): BusinessHours {
  if (!isKnownTimeZone(timeZone)) {
    throw new Error(`"${timeZone}" is not a known IANA time zone (e.g. Asia/Shanghai).`);
  }
  const windows = spec
    .split(/[;,]/)
    .map((window) => window.trim())
    .filter((window) => window !== '')
    .map(parseWindow);
  if (windows.length === 0) {
    throw new Error(`"${spec}" has no window; write e.g. mon-fri 09:00-18:00.`);
  }
  return { timeZone, windows };
}
