import { useId, useState } from 'preact/hooks';
import {
  type AgentFormProblem,
  agentRoles,
  type AgentForm as Form,
  maxCapacity,
  queueKey,
  roleLabels,
  validateAgentForm,
  withApp,
  withQueue,
} from '../agent-form.ts';
import type { AdministeredApp } from '../api.ts';
import { t } from '../i18n.ts';
import { minPasswordLength } from '../password-rules.ts';
import { sortQueues } from '../queue-settings-form.ts';
import { Field } from './Field.tsx';

interface AgentFormProps {
  mode: 'invite' | 'edit';
  initial: Form;
  apps: readonly AdministeredApp[];
  /** Resolves to the refusal in words, which the form shows, or undefined once saved. */
  onSubmit: (form: Form) => Promise<string | undefined>;
  onCancel: () => void;
}

/**
 * Inviting an agent, or changing one: who they are, their role, how many customers at once, and the
 * apps and queues they work in; an invitation also chooses between a link and an initial password.
 */
export function AgentForm({ mode, initial, apps, onSubmit, onCancel }: AgentFormProps) {
  const id = useId();
  const [form, setForm] = useState(initial);
  const [attempted, setAttempted] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [pending, setPending] = useState(false);
  const problems: AgentFormProblem[] = attempted ? validateAgentForm(form, mode) : [];
  const invalid = (field: AgentFormProblem['field']) => problems.some((problem) => problem.field === field);
  const change = (next: Form) => {
    setForm(next);
    setRefusal(undefined);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending) return;
    setAttempted(true);
    if (validateAgentForm(form, mode).length > 0) return;
    setPending(true);
    const problem = await onSubmit(form);
    if (problem === undefined) return;
    setPending(false);
    setRefusal(problem);
  };

  return (
    <form class="admin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 class="admin-form__title" id={`${id}-title`}>
        {mode === 'invite' ? t('team.inviteTitle') : t('team.editTitle', { username: form.username })}
      </h3>
      <div class="admin-form__grid">
        {mode === 'invite' && (
          <Field id={`${id}-username`} label={t('team.username')} hint={t('team.usernameHint')}>
            <input
              id={`${id}-username`}
              value={form.username}
              autoComplete="off"
              autocapitalize="none"
              spellcheck={false}
              aria-invalid={invalid('username')}
              aria-describedby={`${id}-username-hint`}
              onInput={(event) => change({ ...form, username: event.currentTarget.value })}
            />
          </Field>
        )}
        <label class="field">
          <span class="field__label">
            {t('team.displayName')} <span class="field__optional">{t('common.optional')}</span>
          </span>
          <input
            value={form.displayName}
            maxLength={64}
            autoComplete="off"
            aria-invalid={invalid('displayName')}
            onInput={(event) => change({ ...form, displayName: event.currentTarget.value })}
          />
        </label>
        <Field id={`${id}-role`} label={t('team.role')} hint={t(`role.explain.${form.role}`)}>
          <select
            id={`${id}-role`}
            value={form.role}
            aria-describedby={`${id}-role-hint`}
            onChange={(event) => change({ ...form, role: event.currentTarget.value as Form['role'] })}
          >
            {agentRoles.map((role) => (
              <option key={role} value={role}>
                {t(roleLabels[role])}
              </option>
            ))}
          </select>
        </Field>
        <Field id={`${id}-capacity`} label={t('team.capacity')} hint={t('team.capacityHint')}>
          <input
            id={`${id}-capacity`}
            type="number"
            inputMode="numeric"
            min={0}
            max={maxCapacity}
            step={1}
            value={form.capacity}
            placeholder={mode === 'invite' ? '5' : undefined}
            aria-invalid={invalid('capacity')}
            aria-describedby={`${id}-capacity-hint`}
            onInput={(event) => change({ ...form, capacity: event.currentTarget.value })}
          />
        </Field>
      </div>

      <fieldset class="admin-form__group" aria-invalid={invalid('apps')}>
        <legend class="field__label">{t('team.appsAndQueues')}</legend>
        {apps.length === 0 && <p class="queue-form__empty">{t('team.noApps')}</p>}
        {apps.map((app) => {
          const serves = form.appIds.includes(app.appId);
          return (
            <div key={app.appId} class="admin-form__app">
              <label class="admin-form__check">
                <input
                  class="admin-form__box"
                  type="checkbox"
                  checked={serves}
                  onChange={(event) => change(withApp(form, app, event.currentTarget.checked))}
                />
                <span>{app.name}</span>
                <span class="mono admin-form__muted">{app.appId}</span>
              </label>
              {serves && (
                <ul class="member-options" aria-label={t('team.queuesOf', { app: app.name })}>
                  {sortQueues(app.queues).map((queue) => {
                    const key = queueKey(app.appId, queue.queueId);
                    return (
                      <li key={key}>
                        <label class="member-option">
                          <input
                            type="checkbox"
                            class="member-option__check"
                            checked={form.queues.includes(key)}
                            onChange={(event) => change(withQueue(form, key, event.currentTarget.checked))}
                          />
                          <span class="member-option__name">{queue.name}</span>
                          <span class="member-option__username">{queue.queueId}</span>
                        </label>
                      </li>
                    );
                  })}
                </ul>
              )}
            </div>
          );
        })}
      </fieldset>

      {mode === 'invite' && (
        <fieldset class="admin-form__group">
          <legend class="field__label">{t('team.method')}</legend>
          <label class="admin-form__check">
            <input
              class="admin-form__box"
              type="radio"
              name={`${id}-method`}
              checked={form.method === 'link'}
              onChange={() => change({ ...form, method: 'link' })}
            />
            <span>{t('team.methodLink')}</span>
          </label>
          <label class="admin-form__check">
            <input
              class="admin-form__box"
              type="radio"
              name={`${id}-method`}
              checked={form.method === 'password'}
              onChange={() => change({ ...form, method: 'password' })}
            />
            <span>{t('team.methodPassword')}</span>
          </label>
          {form.method === 'password' && (
            <Field
              id={`${id}-password`}
              label={t('team.initialPassword')}
              hint={t('team.initialPasswordHint', { min: minPasswordLength })}
            >
              <input
                id={`${id}-password`}
                type="text"
                autoComplete="off"
                spellcheck={false}
                value={form.initialPassword}
                aria-invalid={invalid('initialPassword')}
                aria-describedby={`${id}-password-hint`}
                onInput={(event) => change({ ...form, initialPassword: event.currentTarget.value })}
              />
            </Field>
          )}
        </fieldset>
      )}

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
          {pending
            ? t('team.saving')
            : mode === 'edit'
              ? t('team.save')
              : form.method === 'link'
                ? t('team.createLink')
                : t('team.createWithPassword')}
        </button>
      </div>
    </form>
  );
}
