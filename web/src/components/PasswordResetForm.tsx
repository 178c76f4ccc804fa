import { useId, useState } from 'preact/hooks';
import type { InviteMethod } from '../agent-form.ts';
import type { AgentListing } from '../api.ts';
import { t } from '../i18n.ts';
import { minPasswordLength, passwordRuleProblem } from '../password-rules.ts';
import { Field } from './Field.tsx';

interface PasswordResetFormProps {
  agent: AgentListing;
  /** Without a password, a new invitation link. Resolves to the refusal in words, or undefined once reset. */
  onSubmit: (initialPassword: string | undefined) => Promise<string | undefined>;
  onCancel: () => void;
}

/** Resetting someone's password: to a new link, or to an initial password they must change. */
export function PasswordResetForm({ agent, onSubmit, onCancel }: PasswordResetFormProps) {
  const id = useId();
  const [method, setMethod] = useState<InviteMethod>('link');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);
  const name = agent.displayName || agent.username;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (pending) return;
    const found = method === 'password' ? passwordRuleProblem(password) : undefined;
    setProblem(found);
    if (found) return;
    setPending(true);
    const refusal = await onSubmit(method === 'password' ? password : undefined);
    if (refusal === undefined) return;
    setPending(false);
    setProblem(refusal);
  };

  return (
    <form class="admin-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h3 class="admin-form__title" id={`${id}-title`}>
        {t('team.resetTitle', { name })}
      </h3>
      <p class="notice notice--warning">{t('team.resetWarning', { name })}</p>
      <fieldset class="admin-form__group">
        <legend class="field__label">{t('team.method')}</legend>
        <label class="admin-form__check">
          <input
            class="admin-form__box"
            type="radio"
            name={`${id}-method`}
            checked={method === 'link'}
            onChange={() => setMethod('link')}
          />
          <span>{t('team.methodLink')}</span>
        </label>
        <label class="admin-form__check">
          <input
            class="admin-form__box"
            type="radio"
            name={`${id}-method`}
            checked={method === 'password'}
            onChange={() => setMethod('password')}
          />
          <span>{t('team.methodPassword')}</span>
        </label>
        {method === 'password' && (
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
              value={password}
              aria-invalid={problem !== undefined}
              aria-describedby={`${id}-password-hint`}
              onInput={(event) => setPassword(event.currentTarget.value)}
            />
          </Field>
        )}
      </fieldset>
      {problem && (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <div class="modal__actions">
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
        <button type="submit" class="button button--primary" disabled={pending}>
          {pending ? t('team.saving') : t('team.reset')}
        </button>
      </div>
    </form>
  );
}
