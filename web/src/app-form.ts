import type { AppType, MessageFormat } from '../../shared/domain/app.ts';
import type { FollowUpSource, FollowUpTemplate } from '../../shared/domain/follow-up.ts';
import type { MenuKeyRule } from '../../shared/domain/menu-keys.ts';
import type { AppChangeBody, AppCreationBody, ManagedApp } from './api.ts';
import { type MessageKey, t } from './i18n.ts';

/**
 * The form that adds or edits a WeChat app: what the owner typed, checked with the server's rules
 * (shared/admin/registration.ts) before anything is sent, and the request it makes. The Token,
 * EncodingAESKey and AppSecret are write-only: an edit sends one only when the owner replaces it.
 * DOM-free, like queue-settings-form.ts.
 */

export type SecretField = 'token' | 'encodingAesKey' | 'secret';

export interface AppForm {
  appId: string;
  name: string;
  type: AppType;
  format: MessageFormat;
  token: string;
  /** Empty: plaintext mode (WeChat pushes unencrypted). */
  encodingAesKey: string;
  secret: string;
  /**
   * Official Accounts: the AppIDs of the Mini Programs linked to it in WeChat, as typed (separated by
   * spaces, commas or new lines); its Mini Program cards may open only these.
   */
  linkedMiniPrograms: string;
  /**
   * Official Accounts: what its menu buttons mean, one per line as the admin CLI takes them:
   * `contact:KEY[=>TEXT]` or `reply:KEY=>TEXT`.
   */
  menuKeys: string;
  /** Official Accounts: customers' voices without WeChat's transcript are transcribed (paid per minute). */
  machineTranscripts: boolean;
  /**
   * The subscribe message answers go out as after WeChat's 48-hour window (follow-up.ts): the
   * template's id (empty: none), its keywords one per line as `thing1=answer`, and the page it opens.
   */
  followUpTemplateId: string;
  followUpFields: string;
  followUpPage: string;
  /** The app had a follow-up template: an emptied id removes it. */
  hadFollowUp: boolean;
  /** Which write-only values are typed in this form; on a new app, all of them. */
  replacing: Readonly<Record<SecretField, boolean>>;
}

export interface AppFormProblem {
  field: 'appId' | 'name' | 'format' | 'linkedMiniPrograms' | 'menuKeys' | 'followUp' | SecretField;
  message: string;
}

const rules = {
  appId: /^wx[0-9a-f]{16}$/i,
  token: /^[A-Za-z0-9]{3,32}$/,
  encodingAesKey: /^[A-Za-z0-9]{43}$/,
  secret: /^[A-Za-z0-9]{16,64}$/,
} as const;
const maxNameLength = 64;

/** How long a generated Token is: WeChat allows 3 to 32 letters or digits. */
const generatedTokenLength = 32;
/** An EncodingAESKey is always 43 letters or digits. */
const aesKeyLength = 43;
const alphanumeric = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Letters and digits from the browser's cryptographic random source, as WeChat's console generates them. */
function randomAlphanumeric(length: number): string {
  // 62 does not divide 256: bytes from 248 up are skipped so every character is equally likely.
  const characters: string[] = [];
  while (characters.length < length) {
    for (const byte of crypto.getRandomValues(new Uint8Array(length))) {
      if (byte < 248 && characters.length < length) characters.push(alphanumeric[byte % 62] as string);
    }
  }
  return characters.join('');
}

export const generate: Readonly<Record<'token' | 'encodingAesKey', () => string>> = {
  token: () => randomAlphanumeric(generatedTokenLength),
  encodingAesKey: () => randomAlphanumeric(aesKeyLength),
};

/** A new app starts with a fresh Token and EncodingAESKey (secure mode), to paste into WeChat. */
export function newAppForm(): AppForm {
  return {
    appId: '',
    name: '',
    type: 'miniprogram',
    format: 'json',
    token: generate.token(),
    encodingAesKey: generate.encodingAesKey(),
    secret: '',
    linkedMiniPrograms: '',
    menuKeys: '',
    machineTranscripts: false,
    followUpTemplateId: '',
    followUpFields: '',
    followUpPage: '',
    hadFollowUp: false,
    replacing: { token: true, encodingAesKey: true, secret: true },
  };
}

export function formFromApp(app: ManagedApp): AppForm {
  return {
    appId: app.appId,
    name: app.name,
    type: app.type,
    format: app.format,
    token: '',
    encodingAesKey: '',
    secret: '',
    linkedMiniPrograms: (app.linkedMiniPrograms ?? []).join('\n'),
    menuKeys: (app.menuKeys ?? [])
      .map((rule) => `${rule.action}:${rule.key}${rule.reply === undefined ? '' : `=>${rule.reply}`}`)
      .join('\n'),
    machineTranscripts: app.machineTranscripts === true,
    followUpTemplateId: app.followUp?.templateId ?? '',
    followUpFields: Object.entries(app.followUp?.fields ?? {})
      .map(([keyword, source]) => `${keyword}=${source}`)
      .join('\n'),
    followUpPage: app.followUp?.page ?? '',
    hadFollowUp: app.followUp !== undefined,
    replacing: { token: false, encodingAesKey: false, secret: false },
  };
}

/** The linked Mini Programs as typed, each AppID once. */
export function linkedMiniProgramsOf(form: AppForm): string[] {
  return [...new Set(form.linkedMiniPrograms.split(/[\s,，;；]+/).filter((appId) => appId !== ''))];
}

const utf8 = new TextEncoder();
// WeChat's limit for a menu button's key; an answer stays well within one text message.
const maxMenuKeyBytes = 128;
const maxMenuReplyBytes = 600;

/** The menu keys as typed, or undefined when a line is not `contact:KEY[=>TEXT]` / `reply:KEY=>TEXT`. */
export function menuKeyRulesOf(form: AppForm): MenuKeyRule[] | undefined {
  const rules: MenuKeyRule[] = [];
  for (const line of form.menuKeys.split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    const [, action, key, reply] = /^(contact|reply):(.+?)(?:=>(.*))?$/.exec(text) ?? [];
    const replyText = reply?.trim();
    if (!action || !key?.trim() || utf8.encode(key.trim()).length > maxMenuKeyBytes) return undefined;
    if (replyText !== undefined && (replyText === '' || utf8.encode(replyText).length > maxMenuReplyBytes))
      return undefined;
    if (action === 'reply' && replyText === undefined) return undefined;
    if (rules.some((rule) => rule.key === key.trim())) return undefined;
    rules.push({
      key: key.trim(),
      action: action as MenuKeyRule['action'],
      ...(replyText === undefined ? {} : { reply: replyText }),
    });
  }
  return rules;
}

const followUpSources: readonly string[] = ['answer', 'app-name', 'answered-at'];

/**
 * The follow-up template as typed: null when no template id is given (the setting is removed),
 * undefined when a line is not `keyword=answer|app-name|answered-at`. The server checks the rest.
 */
export function followUpOf(form: AppForm): FollowUpTemplate | null | undefined {
  const templateId = form.followUpTemplateId.trim();
  if (templateId === '') return null;
  const fields: Record<string, FollowUpSource> = {};
  for (const line of form.followUpFields.split('\n')) {
    const text = line.trim();
    if (text === '') continue;
    const [, keyword, source] = /^([a-z_]+\d+)\s*=\s*([a-z-]+)$/.exec(text) ?? [];
    if (!keyword || !source || !followUpSources.includes(source)) return undefined;
    fields[keyword] = source as FollowUpSource;
  }
  const page = form.followUpPage.trim();
  return { templateId, fields, ...(page ? { page } : {}) };
}

/** Official Accounts push XML only, so choosing one settles the format. */
export function withType(form: AppForm, type: AppType): AppForm {
  return { ...form, type, format: type === 'official-account' ? 'xml' : form.format };
}

/** Starts or stops replacing a write-only value; a Token or key starts from a fresh random one. */
export function replacing(form: AppForm, field: SecretField, on: boolean): AppForm {
  const value = on && field !== 'secret' ? generate[field]() : '';
  return { ...form, [field]: value, replacing: { ...form.replacing, [field]: on } };
}

/** What to fix before the form can be sent; empty when nothing. */
export function validateAppForm(form: AppForm, mode: 'add' | 'edit'): AppFormProblem[] {
  const problems: AppFormProblem[] = [];
  const say = (field: AppFormProblem['field'], key: MessageKey, values?: Record<string, number>) =>
    problems.push({ field, message: t(key, values) });
  if (mode === 'add' && !rules.appId.test(form.appId.trim())) say('appId', 'apps.problem.appId');
  if (form.name.trim().length > maxNameLength) say('name', 'apps.problem.name', { max: maxNameLength });
  if (form.type === 'official-account' && form.format !== 'xml') say('format', 'apps.problem.format');
  if (
    form.type === 'official-account' &&
    linkedMiniProgramsOf(form).some((appId) => !rules.appId.test(appId))
  ) {
    say('linkedMiniPrograms', 'apps.problem.linkedMiniPrograms');
  }
  if (mode === 'edit' && form.type === 'official-account' && menuKeyRulesOf(form) === undefined) {
    say('menuKeys', 'apps.problem.menuKeys');
  }
  if (mode === 'edit' && followUpOf(form) === undefined) say('followUp', 'apps.problem.followUp');
  if (form.replacing.token && !rules.token.test(form.token)) say('token', 'apps.problem.token');
  // On a new app an empty key means plaintext mode; replacing one needs a key.
  const keyNeeded = mode === 'edit' || form.encodingAesKey !== '';
  if (form.replacing.encodingAesKey && keyNeeded && !rules.encodingAesKey.test(form.encodingAesKey)) {
    say('encodingAesKey', 'apps.problem.encodingAesKey');
  }
  if (form.replacing.secret && !rules.secret.test(form.secret.trim())) say('secret', 'apps.problem.secret');
  return problems;
}

/** `POST /api/admin/apps` for a form that passed validateAppForm. */
export function appCreationBody(form: AppForm): AppCreationBody {
  const name = form.name.trim();
  return {
    appId: form.appId.trim(),
    ...(name ? { name } : {}),
    type: form.type,
    format: form.format,
    token: form.token,
    ...(form.encodingAesKey ? { encodingAesKey: form.encodingAesKey } : {}),
    secret: form.secret.trim(),
    ...(form.type === 'official-account' ? { linkedMiniPrograms: linkedMiniProgramsOf(form) } : {}),
  };
}

/** `PATCH /api/admin/apps/{appId}`: the settings, and only the write-only values being replaced. */
export function appChangeBody(form: AppForm): AppChangeBody {
  const name = form.name.trim();
  return {
    ...(name ? { name } : {}),
    type: form.type,
    format: form.format,
    ...(form.replacing.token ? { token: form.token } : {}),
    ...(form.replacing.encodingAesKey ? { encodingAesKey: form.encodingAesKey } : {}),
    ...(form.replacing.secret ? { secret: form.secret.trim() } : {}),
    ...(form.hadFollowUp || followUpOf(form) ? { followUp: followUpOf(form) ?? null } : {}),
    ...(form.type === 'official-account'
      ? {
          linkedMiniPrograms: linkedMiniProgramsOf(form),
          menuKeys: menuKeyRulesOf(form) ?? [],
          machineTranscripts: form.machineTranscripts,
        }
      : {}),
  };
}

/** The Token and EncodingAESKey the owner just typed, to paste into WeChat (never shown again). */
export function enteredValues(form: AppForm): { token?: string; encodingAesKey?: string } {
  return {
    ...(form.replacing.token ? { token: form.token } : {}),
    ...(form.replacing.encodingAesKey && form.encodingAesKey ? { encodingAesKey: form.encodingAesKey } : {}),
  };
}
