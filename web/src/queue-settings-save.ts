import {
  type AdministeredApp,
  type AdministeredQueue,
  type ApiClient,
  ApiError,
  describeError,
  isValidationError,
} from './api.ts';
import { t } from './i18n.ts';
import { membersChanged, type QueueForm, settingsBody } from './queue-settings-form.ts';

/**
 * Saving a queue from the settings form: the settings PUT, then the members PUT only if the members
 * changed, and the server's refusals as sentences an admin can act on.
 */

export type QueueAdminApi = Pick<ApiClient, 'saveQueueSettings' | 'setQueueMembers'>;

export type SaveOutcome =
  | { status: 'saved'; queue: AdministeredQueue; assigned: number }
  /** `queue` is set when the settings were saved but the members were not. */
  | { status: 'refused'; problem: string; queue?: AdministeredQueue };

/** `form` must have passed validateForm; `savedMemberIds` are the members as the server has them. */
export async function saveQueue(
  api: QueueAdminApi,
  appId: string,
  form: QueueForm,
  savedMemberIds: readonly string[],
): Promise<SaveOutcome> {
  let queue: AdministeredQueue;
  try {
    const saved = await api.saveQueueSettings(appId, form.queueId, settingsBody(form));
    queue = { ...saved, memberIds: [...savedMemberIds] };
  } catch (error) {
    return { status: 'refused', problem: describeSaveError(error) };
  }
  if (!membersChanged(savedMemberIds, form.memberIds)) return { status: 'saved', queue, assigned: 0 };
  try {
    const { memberIds, assigned } = await api.setQueueMembers(appId, form.queueId, form.memberIds);
    return { status: 'saved', queue: { ...queue, memberIds }, assigned };
  } catch (error) {
    return {
      status: 'refused',
      problem: t('qs.membersNotSaved', { problem: describeSaveError(error) }),
      queue,
    };
  }
}

/** The app list with one queue as the server now has it (added at the end if it is new). */
export function withSavedQueue(
  apps: readonly AdministeredApp[],
  appId: string,
  queue: AdministeredQueue,
): AdministeredApp[] {
  return apps.map((app) => {
    if (app.appId !== appId) return app;
    const known = app.queues.some((item) => item.queueId === queue.queueId);
    return {
      ...app,
      queues: known
        ? app.queues.map((item) => (item.queueId === queue.queueId ? queue : item))
        : [...app.queues, queue],
    };
  });
}

interface Issue {
  path: string;
  message: string;
}

function issuesOf(details: unknown): Issue[] {
  if (!Array.isArray(details)) return [];
  return details.flatMap((detail: unknown) => {
    const { path, message } = (detail ?? {}) as { path?: unknown; message?: unknown };
    return typeof message === 'string' ? [{ path: typeof path === 'string' ? path : '', message }] : [];
  });
}

/** What the form calls the setting at a path of the settings body. */
export function settingLabel(path: string): string | undefined {
  const parts = path.split('.').filter((part) => part !== '');
  const [head, second, third] = parts;
  const position = (part: string | undefined) =>
    part !== undefined && /^\d+$/.test(part) ? Number(part) + 1 : undefined;
  switch (head) {
    case undefined:
      return undefined;
    case 'name':
      return t('qs.setting.name');
    case 'inactivityMinutes':
      return t('qs.setting.inactivity');
    case 'responseTargets':
      if (second === 'firstResponseMinutes') return t('qs.setting.firstResponse');
      if (second === 'nextResponseMinutes') return t('qs.setting.nextResponse');
      return t('qs.setting.responseTargets');
    case 'sessionFromRules': {
      const index = position(second);
      return index === undefined ? t('qs.setting.rules') : t('qs.setting.rule', { number: index });
    }
    case 'qrSceneRules': {
      const index = position(second);
      return index === undefined ? t('qs.setting.scenes') : t('qs.setting.scene', { number: index });
    }
    case 'businessHours': {
      if (second === 'timeZone') return t('qs.setting.timeZone');
      const index = position(third);
      if (second === 'windows' && index !== undefined) return t('qs.setting.window', { number: index });
      return t('qs.setting.hours');
    }
    case 'autoReplies': {
      if (second === 'welcome') return t('qs.setting.welcome');
      if (second === 'offHours') return t('qs.setting.offHours');
      if (second === 'pickUp') return t('qs.setting.pickUp');
      if (second === 'closing') return t('qs.setting.closing');
      if (second === 'survey') return t('qs.setting.survey');
      if (second === 'surveyThanks') return t('qs.setting.surveyThanks');
      const index = position(third);
      if (second === 'keywords')
        return index === undefined ? t('qs.setting.keywords') : t('qs.setting.keyword', { number: index });
      if (second === 'humanKeywords') return t('qs.setting.humanKeywords');
      return t('qs.setting.autoReplies');
    }
    default:
      return path;
  }
}

function withFullStop(text: string): string {
  const trimmed = text.trim();
  return /[.!?。]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return withFullStop(trimmed.charAt(0).toUpperCase() + trimmed.slice(1));
}

/**
 * A refused save as sentences: a validator's refusal names the settings it is about (never in the
 * validator's words: "Name: Some of what was sent is not valid."); the server's own sentence for a
 * refusal it explains (a 404, a pattern too costly); anything else as the console says it everywhere.
 */
export function describeSaveError(error: unknown): string {
  if (!(error instanceof ApiError) || (error.status !== 400 && error.status !== 404)) {
    return describeError(error);
  }
  const issues = issuesOf(error.details);
  if (issues.length === 0) {
    return isValidationError(error) ? describeError(error) : sentence(error.message);
  }
  const labels = [...new Set(issues.map((issue) => settingLabel(issue.path) ?? ''))];
  return labels
    .map((label) =>
      label ? t('qs.setting.problem', { label, problem: t('error.invalid') }) : t('error.invalid'),
    )
    .join(' ');
}
