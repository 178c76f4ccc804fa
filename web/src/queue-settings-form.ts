import type { KeywordMatch } from '../../shared/domain/auto-reply.ts';
import type { BusinessHours, WeeklyWindow } from '../../shared/domain/business-hours.ts';
import type { SessionFromRule } from '../../shared/domain/queue.ts';
import { type ResponseTargets, reassignLimits, responseTargetLimits } from '../../shared/domain/sla.ts';
import type { AdministeredQueue, QueueSettingsBody } from './api.ts';
import { t } from './i18n.ts';

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

/** ISO weekdays, Monday first. */
export const weekdays = [1, 2, 3, 4, 5, 6, 7] as const;
export type Weekday = (typeof weekdays)[number];

/** "Mon" / "周一". */
export function dayShort(day: number): string {
  return day >= 1 && day <= 7 ? t(`qs.day.${day as Weekday}`) : String(day);
}

/** "Monday" / "星期一". */
export function dayLong(day: Weekday): string {
  return t(`qs.dayLong.${day}`);
}

export function ruleMatchLabels(): Record<SessionFromRule['match'], string> {
  return { prefix: t('qs.match.prefix'), exact: t('qs.match.exact'), regex: t('qs.match.regex') };
}

export function keywordMatchLabels(): Record<KeywordMatch, string> {
  return { contains: t('qs.match.contains'), exact: t('qs.match.exact'), regex: t('qs.match.regex') };
}

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
  /** Official Accounts' QR code scenes, rows like the SessionFrom rules. */
  sceneRules: RuleRow[];
  alwaysOpen: boolean;
  timeZone: string;
  /** Kept while "Always open" is on, so switching it back and forth loses nothing. */
  windows: WindowRow[];
  welcome: string;
  offHours: string;
  pickUp: string;
  closing: string;
  survey: string;
  surveyThanks: string;
  keywords: KeywordRow[];
  /** As typed: separated by commas. */
  humanKeywords: string;
  inactivityMinutes: string;
  /** Response-time targets in minutes, as typed; empty: no target. */
  firstResponseMinutes: string;
  nextResponseMinutes: string;
  /** Minutes before an unanswered conversation goes to another agent, as typed; empty: never. */
  reassignAfterMinutes: string;
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
    sceneRules: [],
    alwaysOpen: true,
    timeZone: defaultTimeZone,
    windows: [],
    welcome: '',
    offHours: '',
    pickUp: '',
    closing: '',
    survey: '',
    surveyThanks: '',
    keywords: [],
    humanKeywords: defaultHumanKeywords.join(', '),
    inactivityMinutes: String(defaultInactivityMinutes),
    firstResponseMinutes: '',
    nextResponseMinutes: '',
    reassignAfterMinutes: '',
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
    sceneRules: (queue.qrSceneRules ?? []).map((rule) => ({
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
    pickUp: queue.autoReplies.pickUp ?? '',
    closing: queue.autoReplies.closing ?? '',
    survey: queue.autoReplies.survey ?? '',
    surveyThanks: queue.autoReplies.surveyThanks ?? '',
    keywords: queue.autoReplies.keywords.map((rule) => ({
      key: rowKey(),
      match: rule.match,
      pattern: rule.pattern,
      reply: rule.reply,
    })),
    humanKeywords: queue.autoReplies.humanKeywords.join(', '),
    inactivityMinutes: String(queue.inactivityMinutes),
    firstResponseMinutes: String(queue.responseTargets?.firstResponseMinutes ?? ''),
    nextResponseMinutes: String(queue.responseTargets?.nextResponseMinutes ?? ''),
    reassignAfterMinutes: String(queue.responseTargets?.reassignAfterMinutes ?? ''),
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
  if (queueId === '') return t('qs.problem.noId');
  if (!queueIdPattern.test(queueId)) return t('qs.problem.badId');
  if (takenIds.includes(queueId)) return t('qs.problem.takenId', { queueId });
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

const replyLimit = { bytes: maxReplyBytes, chars: maxReplyBytes / 3 };

/** Everything the console can tell is wrong before asking the server, in the order of the form. */
export function validateForm(form: QueueForm, takenIds: readonly string[]): FormProblem[] {
  const problems: FormProblem[] = [];
  const add = (field: string, message: string) => problems.push({ field, message });

  if (form.isNew) {
    const problem = queueIdProblem(form.queueId, takenIds);
    if (problem) add('queueId', problem);
  }
  const name = form.name.trim();
  if (name === '') add('name', t('qs.problem.noName'));
  else if (name.length > maxNameLength) add('name', t('qs.problem.longName', { max: maxNameLength }));

  if (form.queueId !== defaultQueueId) {
    form.rules.forEach((rule, index) => {
      const pattern = rule.pattern.trim();
      if (pattern === '') add(`rule-${rule.key}-pattern`, t('qs.problem.rulePattern', { number: index + 1 }));
      else if (pattern.length > maxPatternLength)
        add(
          `rule-${rule.key}-pattern`,
          t('qs.problem.ruleLong', { number: index + 1, max: maxPatternLength }),
        );
    });
    form.sceneRules.forEach((rule, index) => {
      const pattern = rule.pattern.trim();
      if (pattern === '')
        add(`scene-${rule.key}-pattern`, t('qs.problem.scenePattern', { number: index + 1 }));
      else if (pattern.length > maxPatternLength)
        add(
          `scene-${rule.key}-pattern`,
          t('qs.problem.sceneLong', { number: index + 1, max: maxPatternLength }),
        );
    });
  }

  if (!form.alwaysOpen) {
    if (!isTimeZone(form.timeZone)) {
      add('timeZone', t('qs.problem.timeZone', { timeZone: form.timeZone.trim(), example: defaultTimeZone }));
    }
    if (form.windows.length === 0) add('windows', t('qs.problem.noWindows'));
    form.windows.forEach((window, index) => {
      const number = index + 1;
      if (window.days.length === 0) add(`window-${window.key}-days`, t('qs.problem.windowDays', { number }));
      if (!normaliseTime(window.open, false))
        add(`window-${window.key}-open`, t('qs.problem.windowOpen', { number }));
      if (!normaliseTime(window.close, true))
        add(`window-${window.key}-close`, t('qs.problem.windowClose', { number }));
    });
  }

  if (tooLong(form.welcome)) add('welcome', t('qs.problem.welcomeLong', replyLimit));
  if (tooLong(form.offHours)) add('offHours', t('qs.problem.offHoursLong', replyLimit));
  if (tooLong(form.pickUp)) add('pickUp', t('qs.problem.pickUpLong', replyLimit));
  if (tooLong(form.closing)) add('closing', t('qs.problem.closingLong', replyLimit));
  if (tooLong(form.survey)) add('survey', t('qs.problem.surveyLong', replyLimit));
  if (tooLong(form.surveyThanks)) add('surveyThanks', t('qs.problem.surveyThanksLong', replyLimit));
  form.keywords.forEach((rule, index) => {
    const number = index + 1;
    if (rule.pattern.trim() === '')
      add(`keyword-${rule.key}-pattern`, t('qs.problem.keywordPattern', { number }));
    else if (rule.pattern.trim().length > maxPatternLength)
      add(`keyword-${rule.key}-pattern`, t('qs.problem.keywordLong', { number, max: maxPatternLength }));
    if (rule.reply.trim() === '') add(`keyword-${rule.key}-reply`, t('qs.problem.keywordReply', { number }));
    else if (tooLong(rule.reply))
      add(`keyword-${rule.key}-reply`, t('qs.problem.keywordReplyLong', { number, ...replyLimit }));
  });
  if (parseHumanKeywords(form.humanKeywords).some((keyword) => tooLong(keyword))) {
    add('humanKeywords', t('qs.problem.humanKeywordLong', replyLimit));
  }

  const minutes = form.inactivityMinutes.trim();
  const value = Number(minutes);
  if (!/^\d+$/.test(minutes) || value < 1 || value > maxInactivityMinutes) {
    add('inactivityMinutes', t('qs.problem.inactivity', { max: maxInactivityMinutes }));
  }
  const maxTarget = responseTargetLimits.maxMinutes;
  if (targetMinutes(form.firstResponseMinutes) === null)
    add('firstResponseMinutes', t('qs.problem.firstResponse', { max: maxTarget }));
  if (targetMinutes(form.nextResponseMinutes) === null)
    add('nextResponseMinutes', t('qs.problem.nextResponse', { max: maxTarget }));
  if (targetMinutes(form.reassignAfterMinutes, reassignLimits) === null)
    add('reassignAfterMinutes', t('qs.problem.reassignAfter', { max: reassignLimits.maxMinutes }));
  return problems;
}

/** A target as typed: undefined when empty (no target), null when it is not whole minutes in range. */
function targetMinutes(
  text: string,
  { minMinutes, maxMinutes }: { minMinutes: number; maxMinutes: number } = responseTargetLimits,
): number | undefined | null {
  const minutes = text.trim();
  if (minutes === '') return undefined;
  const value = Number(minutes);
  return /^\d+$/.test(minutes) && value >= minMinutes && value <= maxMinutes ? value : null;
}

function responseTargetsOf(form: QueueForm): ResponseTargets {
  const first = targetMinutes(form.firstResponseMinutes);
  const next = targetMinutes(form.nextResponseMinutes);
  const reassignAfter = targetMinutes(form.reassignAfterMinutes, reassignLimits);
  return {
    ...(typeof first === 'number' ? { firstResponseMinutes: first } : {}),
    ...(typeof next === 'number' ? { nextResponseMinutes: next } : {}),
    ...(typeof reassignAfter === 'number' ? { reassignAfterMinutes: reassignAfter } : {}),
  };
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
  const pickUp = optionalText(form.pickUp);
  const closing = optionalText(form.closing);
  const survey = optionalText(form.survey);
  const surveyThanks = optionalText(form.surveyThanks);
  return {
    name: form.name.trim(),
    ...(form.queueId === defaultQueueId
      ? {}
      : {
          sessionFromRules: form.rules.map((rule) => ({ match: rule.match, pattern: rule.pattern.trim() })),
          qrSceneRules: form.sceneRules.map((rule) => ({ match: rule.match, pattern: rule.pattern.trim() })),
        }),
    businessHours: businessHoursOf(form),
    autoReplies: {
      ...(welcome === undefined ? {} : { welcome }),
      ...(offHours === undefined ? {} : { offHours }),
      ...(pickUp === undefined ? {} : { pickUp }),
      ...(closing === undefined ? {} : { closing }),
      ...(survey === undefined ? {} : { survey }),
      ...(surveyThanks === undefined ? {} : { surveyThanks }),
      keywords: form.keywords.map((rule) => ({
        match: rule.match,
        pattern: rule.pattern.trim(),
        reply: rule.reply.trim(),
      })),
      humanKeywords: parseHumanKeywords(form.humanKeywords),
    },
    inactivityMinutes: Number(form.inactivityMinutes.trim()),
    responseTargets: responseTargetsOf(form),
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
    sceneRules: form.sceneRules.map(({ match, pattern }) => ({ match, pattern })),
    hours,
    welcome: form.welcome,
    offHours: form.offHours,
    pickUp: form.pickUp,
    closing: form.closing,
    survey: form.survey,
    surveyThanks: form.surveyThanks,
    keywords: form.keywords.map(({ match, pattern, reply }) => ({ match, pattern, reply })),
    humanKeywords: parseHumanKeywords(form.humanKeywords),
    inactivityMinutes: form.inactivityMinutes.trim(),
    firstResponseMinutes: form.firstResponseMinutes.trim(),
    nextResponseMinutes: form.nextResponseMinutes.trim(),
    reassignAfterMinutes: form.reassignAfterMinutes.trim(),
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
  if (sorted.length === 7) return t('qs.everyDay');
  if (sorted.length === 0) return t('qs.noDays');
  const runs: [number, number][] = [];
  for (const day of sorted) {
    const last = runs[runs.length - 1];
    if (last && day === last[1] + 1) last[1] = day;
    else runs.push([day, day]);
  }
  const separator = t('qs.dayListSeparator');
  return runs
    .map(([first, last]) =>
      first === last
        ? dayShort(first)
        : last === first + 1
          ? `${dayShort(first)}${separator}${dayShort(last)}`
          : `${dayShort(first)}–${dayShort(last)}`,
    )
    .join(separator);
}

/** A queue's hours in a few words, for the list of queues. */
export function hoursText(hours: BusinessHours | undefined): string {
  if (!hours) return t('qs.hours.always');
  const [window, ...others] = hours.windows;
  if (!window) return t('qs.hours.never');
  if (others.length > 0) return t('qs.hours.windows', { count: hours.windows.length });
  return `${daysText(window.days)} ${window.open}–${window.close}`;
}
