import { useId, useState } from 'preact/hooks';
import type { ManagedApp } from '../api.ts';
import {
  type AppFormProblem,
  type AppForm as Form,
  generate,
  replacing,
  type SecretField,
  validateAppForm,
  withType,
} from '../app-form.ts';
import { type MessageKey, t } from '../i18n.ts';
import { Field } from './Field.tsx';

interface AppFormProps {
  mode: 'add' | 'edit';
  initial: Form;
  /** The app as saved (edit): which write-only values it has. */
  app?: ManagedApp;
  /** Resolves to the refusal in words, which the form shows, or undefined once saved. */
  onSubmit: (form: Form) => Promise<string | undefined>;
  onCancel: () => void;
}

const secretLabels: Readonly<Record<SecretField, MessageKey>> = {
  token: 'apps.token',
  encodingAesKey: 'apps.encodingAesKey',
  secret: 'apps.secret',
};

const secretHints: Readonly<Record<SecretField, MessageKey>> = {
  token: 'apps.tokenHint',
  encodingAesKey: 'apps.encodingAesKeyHint',
  secret: 'apps.secretHint',
};

/**
 * Adding a WeChat app, or editing one: its AppID, kind and message format, and the three values
 * WeChat and the platform share. Those are write-only: once saved the form says only that each is
 * set, and offers to replace it.
 */
export function AppForm({ mode, initial, app, onSubmit, onCancel }: AppFormProps) {
  const id = useId();
  const [form, setForm] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [pending, setPending] = useState(false);
  const problems: AppFormProblem[] = attempted ? validateAppForm(form, mode) : [];
  const invalid = (field: AppFormProblem['field']) => problems.some((problem) => problem.field === field);
  const change = (next: Form) => {
    setForm(next);
    setRefusal(undefined);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending) return;
    setAttempted(true);
    if (validateAppForm(form, mode).length > 0) return;
    setPending(true);
    const problem = await onSubmit(form);
    if (problem === undefined) return;
    setPending(false);
    setRefusal(problem);
  };

  const isSet: Readonly<Record<SecretField, boolean>> = {
    token: app?.tokenSet ?? false,
    encodingAesKey: app?.encodingAesKeySet ?? false,
    secret: app?.secretSet ?? false,
  };

  const secretField = (field: SecretField) => {
    const label = t(secretLabels[field]);
    const inputId = `${id}-${field}`;
    if (!form.replacing[field]) {
      return (
        <div class="field">
          <span class="field__label">{label}</span>
          <div class="secret-field">
            <span class={`chip${isSet[field] ? ' chip--active' : ''}`}>
              {isSet[field] ? t('apps.secretSet') : t('apps.secretNotSet')}
            </span>
            <button
              type="button"
              class="button button--small"
              aria-label={t('apps.replaceWhat', { label })}
              onClick={() => change(replacing(form, field, true))}
            >
              {isSet[field] ? t('apps.replace') : t('apps.set')}
            </button>
          </div>
        </div>
      );
    }
    return (
      <div class="field">
        <label class="field__label" for={inputId}>
          {label}
        </label>
        <div class="secret-field">
          <input
            id={inputId}
            class="mono secret-field__input"
            value={form[field]}
            autoComplete="off"
            spellcheck={false}
            aria-invalid={invalid(field)}
            aria-describedby={`${inputId}-hint`}
            onInput={(event) => change({ ...form, [field]: event.currentTarget.value })}
          />
          {field !== 'secret' && (
            <button
              type="button"
              class="button button--small"
              aria-label={t('apps.generateWhat', { label })}
              onClick={() => change({ ...form, [field]: generate[field]() })}
            >
              {t('apps.generate')}
            </button>
          )}
          {mode === 'edit' && (
            <button
              type="button"
              class="button button--small button--quiet"
              onClick={() => change(replacing(form, field, false))}
            >
              {t('apps.keep')}
            </button>
          )}
        </div>
        <span class="field__hint" id={`${inputId}-hint`}>
          {t(secretHints[field])}
        </span>
      </div>
    );
  };

  return (
    <form class="admin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 class="admin-form__title" id={`${id}-title`}>
        {mode === 'add' ? t('apps.addTitle') : t('apps.editTitle', { name: app?.name ?? form.appId })}
      </h3>
      <div class="admin-form__grid">
        {mode === 'add' ? (
          <Field id={`${id}-appId`} label={t('apps.appId')} hint={t('apps.appIdHint')}>
            <input
              id={`${id}-appId`}
              class="mono"
              value={form.appId}
              placeholder="wx…"
              autoComplete="off"
              spellcheck={false}
              aria-invalid={invalid('appId')}
              aria-describedby={`${id}-appId-hint`}
              onInput={(event) => change({ ...form, appId: event.currentTarget.value })}
            />
          </Field>
        ) : (
          <div class="field">
            <span class="field__label">{t('apps.appId')}</span>
            <span class="mono admin-form__value">{form.appId}</span>
          </div>
        )}
        <label class="field">
          <span class="field__label">
            {t('apps.name')} <span class="field__optional">{t('common.optional')}</span>
          </span>
          <input
            value={form.name}
            maxLength={64}
            autoComplete="off"
            aria-invalid={invalid('name')}
            onInput={(event) => change({ ...form, name: event.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span class="field__label">{t('apps.type')}</span>
          <select
            value={form.type}
            onChange={(event) => change(withType(form, event.currentTarget.value as Form['type']))}
          >
            <option value="miniprogram">{t('apps.type.miniprogram')}</option>
            <option value="official-account">{t('apps.type.official-account')}</option>
          </select>
        </label>
        <Field id={`${id}-format`} label={t('apps.format')} hint={t('apps.formatHint')}>
          <select
            id={`${id}-format`}
            value={form.format}
            aria-invalid={invalid('format')}
            aria-describedby={`${id}-format-hint`}
            onChange={(event) => change({ ...form, format: event.currentTarget.value as Form['format'] })}
          >
            <option value="json" disabled={form.type === 'official-account'}>
              {t('apps.format.json')}
            </option>
            <option value="xml">{t('apps.format.xml')}</option>
          </select>
        </Field>
        {form.type === 'official-account' && (
          <Field
            id={`${id}-linked`}
            label={t('apps.linkedMiniPrograms')}
            hint={t('apps.linkedMiniProgramsHint')}
          >
            <textarea
              id={`${id}-linked`}
              class="mono"
              rows={2}
              value={form.linkedMiniPrograms}
              placeholder="wx…"
              spellcheck={false}
              aria-invalid={invalid('linkedMiniPrograms')}
              aria-describedby={`${id}-linked-hint`}
              onInput={(event) => change({ ...form, linkedMiniPrograms: event.currentTarget.value })}
            />
          </Field>
        )}
        {mode === 'edit' && form.type === 'official-account' && (
          <Field id={`${id}-menu-keys`} label={t('apps.menuKeys')} hint={t('apps.menuKeysHint')}>
            <textarea
              id={`${id}-menu-keys`}
              class="mono"
              rows={3}
              value={form.menuKeys}
              placeholder="contact:CONTACT_KF=>…"
              spellcheck={false}
              aria-invalid={invalid('menuKeys')}
              aria-describedby={`${id}-menu-keys-hint`}
              onInput={(event) => change({ ...form, menuKeys: event.currentTarget.value })}
            />
          </Field>
        )}
        {mode === 'edit' && form.type === 'official-account' && (
          <div class="admin-form__group">
            <label class="admin-form__check">
              <input
                class="admin-form__box"
                type="checkbox"
                checked={form.machineTranscripts}
                aria-describedby={`${id}-transcripts-hint`}
                onChange={(event) => change({ ...form, machineTranscripts: event.currentTarget.checked })}
              />
              <span>{t('apps.machineTranscripts')}</span>
            </label>
            <p id={`${id}-transcripts-hint`} class="field__hint">
              {t('apps.machineTranscriptsHint')}
            </p>
          </div>
        )}
        {mode === 'edit' && (
          <Field id={`${id}-follow-up`} label={t('apps.followUp')} hint={t('apps.followUpHint')}>
            <input
              id={`${id}-follow-up`}
              class="mono"
              value={form.followUpTemplateId}
              placeholder={t('apps.followUpTemplateId')}
              spellcheck={false}
              aria-invalid={invalid('followUp')}
              aria-describedby={`${id}-follow-up-hint`}
              onInput={(event) => change({ ...form, followUpTemplateId: event.currentTarget.value })}
            />
            <textarea
              id={`${id}-follow-up-fields`}
              class="mono"
              rows={3}
              value={form.followUpFields}
              placeholder={t('apps.followUpFieldsPlaceholder')}
              aria-label={t('apps.followUpFields')}
              spellcheck={false}
              aria-invalid={invalid('followUp')}
              onInput={(event) => change({ ...form, followUpFields: event.currentTarget.value })}
            />
            <input
              id={`${id}-follow-up-page`}
              class="mono"
              value={form.followUpPage}
              placeholder={t('apps.followUpPage')}
              aria-label={t('apps.followUpPage')}
              spellcheck={false}
              onInput={(event) => change({ ...form, followUpPage: event.currentTarget.value })}
            />
          </Field>
        )}
      </div>
      <div class="admin-form__secrets">
        {secretField('token')}
        {secretField('encodingAesKey')}
        {secretField('secret')}
      </div>
      {problems.length > 0 && (
        <div class="notice notice--error" role="alert">
          <ul class="admin-form__problems">
            {problems.map((problem) => (
              <li key={problem.field}>{problem.message}</li>
            ))}
          </ul>
        </div>
      )}
      {problems.length === 0 && refusal && (
        <p class="notice notice--error" role="alert">
          {refusal}
        </p>
      )}
      <div class="modal__actions">
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={pending}>
          {pending ? t('apps.saving') : mode === 'add' ? t('apps.add') : t('apps.save')}
        </button>
      </div>
    </form>
  );
}
