import type { ComponentChildren, TargetedEvent } from 'preact';
import { useId, useState } from 'preact/hooks';
import { AbortedError } from '../api.ts';
import { t } from '../i18n.ts';
import { passwordRuleProblem } from '../password-rules.ts';

interface PasswordFormProps {
  /** The label of the current password's field; without it none is asked (an invitation). */
  currentLabel?: string;
  /** The rules for the new password and what choosing it does, shown under its field. */
  hint: string;
  submitLabel: string;
  pendingLabel: string;
  /** Resolves once the password is taken; rejects with the server's refusal. */
  onSubmit: (currentPassword: string, newPassword: string) => Promise<void>;
  /** The refusal in words. */
  describeFailure: (error: unknown) => string;
  /** More buttons beside the submit button (Cancel). */
  actions?: ComponentChildren;
}

/**
 * Choosing a new password, typed twice: the rules are checked here first (the server's own), so the
 * person hears what to fix before anything is sent. Used to change one's password, to replace an
 * initial one, and to accept an invitation.
 */
export function PasswordForm({
  currentLabel,
  hint,
  submitLabel,
  pendingLabel,
  onSubmit,
  describeFailure,
  actions,
}: PasswordFormProps) {
  const id = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);

  const submit = async (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const found =
      currentLabel !== undefined && !current
        ? t('password.missingCurrent')
        : (passwordRuleProblem(next) ??
          (next !== repeat
            ? t('password.mismatch')
            : currentLabel !== undefined && next === current
              ? t('password.same')
              : undefined));
    setProblem(found);
    if (found) return;
    setPending(true);
    try {
      await onSubmit(current, next);
    } catch (error) {
      if (error instanceof AbortedError) return;
      setPending(false);
      setProblem(describeFailure(error));
    }
  };

  return (
    <form class="password-form" onSubmit={submit} noValidate>
      {problem && (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      {currentLabel !== undefined && (
        <label class="field">
          <span class="field__label">{currentLabel}</span>
          <input
            type="password"
            autocomplete="current-password"
            value={current}
            onInput={(event) => setCurrent(event.currentTarget.value)}
          />
        </label>
      )}
      <div class="field">
        <label for={`${id}-new`}>
          <span class="field__label">{t('password.new')}</span>
        </label>
        <input
          id={`${id}-new`}
          type="password"
          autocomplete="new-password"
          value={next}
          aria-describedby={`${id}-hint`}
          onInput={(event) => setNext(event.currentTarget.value)}
        />
        <span class="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      </div>
      <label class="field">
        <span class="field__label">{t('password.repeat')}</span>
        <input
          type="password"
          autocomplete="new-password"
          value={repeat}
          onInput={(event) => setRepeat(event.currentTarget.value)}
        />
      </label>
      <div class="modal__actions">
        {actions}
        <button type="submit" class="button button--primary" disabled={pending}>
          {pending ? pendingLabel : submitLabel}
        </button>
      </div>
    </form>
  );
}
