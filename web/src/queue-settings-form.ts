import type { KeywordMatch } from '../../shared/domain/auto-reply.ts';
import type { BusinessHours, WeeklyWindow } from '../../shared/domain/business-hours.ts';
import type { SessionFromRule } from '../../shared/domain/queue.ts';
import type { AdministeredQueue, QueueSettingsBody } from './api.ts';

/**
 * The queue settings form as plain data: read from a queue, checked, and turned into the body of
 * `PUT /api/admin/queues/{appId}/{queueId}`. Text fields hold what the admin typed; only a valid form
 * becomes a body. The server checks everything again and has the last word.
 */

export const defaultQueueId = 'default';
export const defaultTimeZone = 'Asia/Shanghai';
/** The backend's defaults (shared/domain), repeated because the console takes no runtime code from there. */
export const defaultHumanKeywords: readonly string[] = ['人工', '客服', '转人工', '真人'];
export const defaultInactivityMinutes = 30;
export const maxInactivityMinutes = 48 * 60;
const maxNameLength = 64;
export const maxPatternLength = 200;
/** WeChat's text limit leaves this much for each part of an automatic reply. */
const maxReplyBytes = 600;

const queueIdPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

export const weekdays = [
  { day: 1, short: 'Mon', long: 'Monday' },
  { day: 2, short: 'Tue', long: 'Tuesday' },
  { day: 3, short: 'Wed', long: 'Wednesday' },
  { day: 4, short: 'Thu', long: 'Thursday' },
  { day: 5, short: 'Fri', long: 'Friday' },
  { day: 6, short: 'Sat', long: 'Saturday' },
  { day: 7, short: 'Sun', long: 'Sunday' },
] as const;

export const ruleMatchLabels: Record<SessionFromRule['match'], string> = {
  prefix: 'Starts with',
  exact: 'Is exactly',
  regex: 'Regular expression',
};

export const keywordMatchLabels: Record<KeywordMatch, string> = {
  contains: 'Contains',
  exact: 'Is exactly',
  regex: 'Regular expression',
};

export interface RuleRow {
  key: string;
  match: SessionFromRule['match'];
  pattern: string;
}

export interface WindowRow {
  key: string;
  days: number[];
  open: string;
  close: string;
}

export interface KeywordRow {
  key: string;
  match: KeywordMatch;
  pattern: string;
  reply: string;
}

export interface QueueForm {
  queueId: string;
  /** Not saved yet: the id can still be chosen. */
  isNew: boolean;
  name: string;
  rules: RuleRow[];
  alwaysOpen: boolean;
  timeZone: string;
  /** Kept while "Always open" is on, so switching it back and forth loses nothing. */
  windows: WindowRow[];
  welcome: string;
  offHours: string;
  keywords: KeywordRow[];
  /** As typed: separated by commas. */
  humanKeywords: string;
  inactivityMinutes: string;
  memberIds: string[];
}

/** What is wrong with the form; `field` names the input (see the form component's ids). */
export interface FormProblem {
  field: string;
  message: string;
}

let rows = 0;
/** A stable identity for a row, so removing one does not move the others' focus or text. */
function rowKey(): string {
  rows += 1;
  return `r${rows}`;
}

export function newRuleRow(): RuleRow {
  return { key: rowKey(), match: 'prefix', pattern: '' };
}

/** Office hours on weekdays: what most queues start from. */
export function newWindowRow(): WindowRow {
  return { key: rowKey(), days: [1, 2, 3, 4, 5], open: '09:00', close: '18:00' };
}

export function newKeywordRow(): KeywordRow {
  return { key: rowKey(), match: 'contains', pattern: '', reply: '' };
}

export function newQueueForm(): QueueForm {
  return {
    queueId: '',
    isNew: true,
    name: '',
    rules: [newRuleRow()],
    alwaysOpen: true,
    timeZone: defaultTimeZone,
    windows: [],
    welcome: '',
    offHours: '',
    keywords: [],
    humanKeywords: defaultHumanKeywords.join(', '),
    inactivityMinutes: String(defaultInactivityMinutes),
    memberIds: [],
  };
}

export function formFromQueue(queue: AdministeredQueue): QueueForm {
  const hours = queue.businessHours;
  return {
    queueId: queue.queueId,
    isNew: false,
    name: queue.name,
    rules: queue.sessionFromRules.map((rule) => ({
      key: rowKey(),
      match: rule.match,
      pattern: rule.pattern,
    })),
    alwaysOpen: hours === undefined,
    timeZone: hours?.timeZone ?? defaultTimeZone,
    windows: (hours?.windows ?? []).map((window) => ({
      key: rowKey(),
      days: normaliseDays(window.days),
      open: window.open,
      close: window.close,
    })),
    welcome: queue.autoReplies.welcome ?? '',
    offHours: queue.autoReplies.offHours ?? '',
    keywords: queue.autoReplies.keywords.map((rule) => ({
      key: rowKey(),
      match: rule.match,
      pattern: rule.pattern,
      reply: rule.reply,
    })),
    humanKeywords: queue.autoReplies.humanKeywords.join(', '),
    inactivityMinutes: String(queue.inactivityMinutes),
    memberIds: [...queue.memberIds],
  };
}

/** Keywords as typed, split on Latin or Chinese commas, semicolons and line breaks; each once. */
export function parseHumanKeywords(text: string): string[] {
  const keywords = text
    .split(/[,，、;；\n]/)
    .map((keyword) => keyword.trim())
    .filter((keyword) => keyword !== '');
  return [...new Set(keywords)];
}

function normaliseDays(days: readonly number[]): number[] {
  return [...new Set(days)].filter((day) => day >= 1 && day <= 7).sort((a, b) => a - b);
}

/**
 * "9:00" → "09:00"; undefined for anything that is not a time of day. A closing time may be "24:00"
 * (midnight at the end of the day).
 */
export function normaliseTime(text: string, closing: boolean): string | undefined {
  const match = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
  if (!match) return undefined;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  const time = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
  if (hours < 24 && minutes < 60) return time;
  return closing && time === '24:00' ? time : undefined;
}

/** Why the id cannot name a new queue of the app, or undefined. The server's rule, checked early. */
export function queueIdProblem(queueId: string, takenIds: readonly string[]): string | undefined {
  if (queueId === '') return 'Give the queue an id.';
  if (!queueIdPattern.test(queueId)) {
    return 'A queue id is lowercase letters, digits and dashes (e.g. shop-12), starting with a letter or digit, at most 40 characters.';
  }
  if (takenIds.includes(queueId)) return `This app already has a queue with the id ${queueId}.`;
  return undefined;
}

export function isTimeZone(timeZone: string): boolean {
  if (timeZone.trim() === '') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timeZone.trim() });
    return true;
  } catch {
    return false;
  }
}

const utf8 = new TextEncoder();

function tooLong(text: string): boolean {
  return utf8.encode(text.trim()).length > maxReplyBytes;
}

const tooLongText = `at most ${maxReplyBytes} bytes (about ${maxReplyBytes / 3} Chinese characters)`;

/** Everything the console can tell is wrong before asking the server, in the order of the form. */
export function validateForm(form: QueueForm, takenIds: readonly string[]): FormProblem[] {
  const problems: FormProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  if (form.isNew) {
    const problem = queueIdProblem(form.queueId, takenIds);
    if (problem) add('queueId', problem);
  }
  const name = form.name.trim();
  if (name === '') add('name', 'Give the queue a name.');
  else if (name.length > maxNameLength) add('name', `A name is at most ${maxNameLength} characters.`);

  if (form.queueId !== defaultQueueId) {
    form.rules.forEach((rule, index) => {
      const pattern = rule.pattern.trim();
      if (pattern === '') add(`rule-${rule.key}-pattern`, `SessionFrom rule ${index + 1} needs a pattern.`);
      else if (pattern.length > maxPatternLength)
        add(
          `rule-${rule.key}-pattern`,
          `SessionFrom rule ${index + 1}: at most ${maxPatternLength} characters.`,
        );
    });
  }

  if (!form.alwaysOpen) {
    if (!isTimeZone(form.timeZone)) {
      add('timeZone', `"${form.timeZone.trim()}" is not a known time zone; write e.g. ${defaultTimeZone}.`);
    }
    if (form.windows.length === 0) add('windows', 'Add at least one window, or choose Always open.');
    form.windows.forEach((window, index) => {
      const label = `Window ${index + 1}`;
      if (window.days.length === 0) add(`window-${window.key}-days`, `${label} needs at least one day.`);
      if (!normaliseTime(window.open, false))
        add(`window-${window.key}-open`, `${label}: the opening time is HH:MM between 00:00 and 23:59.`);
      if (!normaliseTime(window.close, true))
        add(`window-${window.key}-close`, `${label}: the closing time is HH:MM between 00:00 and 24:00.`);
    });
  }

  if (tooLong(form.welcome)) add('welcome', `The welcome message is ${tooLongText}.`);
  if (tooLong(form.offHours)) add('offHours', `The off-hours message is ${tooLongText}.`);
  form.keywords.forEach((rule, index) => {
    const label = `Keyword rule ${index + 1}`;
    if (rule.pattern.trim() === '')
      add(`keyword-${rule.key}-pattern`, `${label} needs a keyword or pattern.`);
    else if (rule.pattern.trim().length > maxPatternLength)
      add(`keyword-${rule.key}-pattern`, `${label}: at most ${maxPatternLength} characters.`);
    if (rule.reply.trim() === '') add(`keyword-${rule.key}-reply`, `${label} needs a reply.`);
    else if (tooLong(rule.reply)) add(`keyword-${rule.key}-reply`, `${label}: the reply is ${tooLongText}.`);
  });
  if (parseHumanKeywords(form.humanKeywords).some((keyword) => tooLong(keyword))) {
    add('humanKeywords', `A keyword is ${tooLongText}.`);
  }

  const minutes = form.inactivityMinutes.trim();
  const value = Number(minutes);
  if (!/^\d+$/.test(minutes) || value < 1 || value > maxInactivityMinutes) {
    add(
      'inactivityMinutes',
      `Inactivity is a whole number of minutes from 1 to ${maxInactivityMinutes} (48 hours).`,
    );
  }
  return problems;
}

function businessHoursOf(form: QueueForm): BusinessHours | null {
  if (form.alwaysOpen) return null;
  return {
    timeZone: form.timeZone.trim(),
    windows: form.windows.map(
      (window): WeeklyWindow => ({
        days: normaliseDays(window.days),
        open: normaliseTime(window.open, false) ?? window.open.trim(),
        close: normaliseTime(window.close, true) ?? window.close.trim(),
      }),
    ),
  };
}

function optionalText(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed === '' ? undefined : trimmed;
}

/**
 * The settings PUT for a form `validateForm` passed: every setting, so the queue ends up exactly as
 * shown. The default queue's body leaves out the rules it cannot have.
 */
export function settingsBody(form: QueueForm): QueueSettingsBody {
  const welcome = optionalText(form.welcome);
  const offHours = optionalText(form.offHours);
  return {
    name: form.name.trim(),
    ...(form.queueId === defaultQueueId
      ? {}
      : {
          sessionFromRules: form.rules.map((rule) => ({ match: rule.match, pattern: rule.pattern.trim() })),
        }),
    businessHours: businessHoursOf(form),
    autoReplies: {
      ...(welcome === undefined ? {} : { welcome }),
      ...(offHours === undefined ? {} : { offHours }),
      keywords: form.keywords.map((rule) => ({
        match: rule.match,
        pattern: rule.pattern.trim(),
        reply: rule.reply.trim(),
      })),
      humanKeywords: parseHumanKeywords(form.humanKeywords),
    },
    inactivityMinutes: Number(form.inactivityMinutes.trim()),
  };
}

/** Whether the members PUT is needed: the same agents in another order are no change. */
export function membersChanged(before: readonly string[], after: readonly string[]): boolean {
  const wanted = new Set(after);
  return new Set(before).size !== wanted.size || before.some((agentId) => !wanted.has(agentId));
}

/** What the admin sees of the form, without row identities and ignoring the hours while always open. */
function comparable(form: QueueForm): unknown {
  const hours = form.alwaysOpen
    ? undefined
    : {
        timeZone: form.timeZone,
        windows: form.windows.map(({ days, open, close }) => ({ days: normaliseDays(days), open, close })),
      };
  return {
    queueId: form.queueId,
    name: form.name,
    rules: form.rules.map(({ match, pattern }) => ({ match, pattern })),
    hours,
    welcome: form.welcome,
    offHours: form.offHours,
    keywords: form.keywords.map(({ match, pattern, reply }) => ({ match, pattern, reply })),
    humanKeywords: parseHumanKeywords(form.humanKeywords),
    inactivityMinutes: form.inactivityMinutes.trim(),
    memberIds: [...new Set(form.memberIds)].sort(),
  };
}

/** Whether the admin changed anything since the form was filled (so leaving it would lose work). */
export function formChanged(before: QueueForm, after: QueueForm): boolean {
  return JSON.stringify(comparable(before)) !== JSON.stringify(comparable(after));
}

/** Default first, then in the order routing tries them (creation). */
export function sortQueues<T extends { queueId: string; createdAt: number }>(queues: readonly T[]): T[] {
  return [...queues].sort((a, b) => {
    if (a.queueId === defaultQueueId || b.queueId === defaultQueueId)
      return a.queueId === defaultQueueId ? (b.queueId === defaultQueueId ? 0 : -1) : 1;
    return a.createdAt - b.createdAt || a.queueId.localeCompare(b.queueId);
  });
}

/** "Mon–Fri", "Every day", "Mon, Wed, Sat–Sun". */
export function daysText(days: readonly number[]): string {
  const sorted = normaliseDays(days);
  if (sorted.length === 7) return 'Every day';
  if (sorted.length === 0) return 'No days';
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  const short = (day: number) => weekdays[day - 1]?.short ?? String(day);
  return runs
    .map(([first, last]) =>
      first === last
        ? short(first)
        : last === first + 1
          ? `${short(first)}, ${short(last)}`
          : `${short(first)}–${short(last)}`,
    )
    .join(', ');
}

/** A queue's hours in a few words, for the list of queues. */
export function hoursText(hours: BusinessHours | undefined): string {
  if (!hours) return 'Always open';
  const [window, ...others] = hours.windows;
  if (!window) return 'Never open';
  if (others.length > 0) return `${hours.windows.length} opening windows`;
  return `${daysText(window.days)} ${window.open}–${window.close}`;
}
