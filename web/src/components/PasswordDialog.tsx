import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { AbortedError, ApiError, describeError } from '../api.ts';
import { t } from '../i18n.ts';
import { Modal } from './Modal.tsx';

/** The server's rule for a new password (shared/auth/account.ts). */
const minPasswordLength = 8;

interface PasswordDialogProps {
  /** `PUT /api/me/password`: a fresh session's token, or 403 when the current password is wrong. */
  change: (currentPassword: string, newPassword: string) => Promise<void>;
  onDone: (changed: boolean) => void;
}

/** Changing one's password: every other session ends, this console carries on with a fresh one. */
export function PasswordDialog({ change, onDone }: PasswordDialogProps) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [problem, setProblem] = useState<string>();
  const [pending, setPending] = useState(false);

  const submit = async (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (pending) return;
    const found = !current
      ? t('password.missingCurrent')
      : next.length < minPasswordLength
        ? t('password.tooShort')
        : next !== repeat
          ? t('password.mismatch')
          : next === current
            ? t('password.same')
            : undefined;
    setProblem(found);
    if (found) return;
    setPending(true);
    try {
      await change(current, next);
      onDone(true);
    } catch (error) {
      if (error instanceof AbortedError) return;
      setPending(false);
      setProblem(
        error instanceof ApiError && error.status === 403 ? t('password.wrongCurrent') : describeError(error),
      );
    }
  };

  return (
    <Modal title={t('password.title')} onClose={() => onDone(false)}>
      <form class="password-form" onSubmit={submit} noValidate>
        {problem && (
          <p class="notice notice--error" role="alert" id="password-problem">
            {problem}
          </p>
        )}
        <label class="field">
          <span class="field__label">{t('password.current')}</span>
          <input
            type="password"
            autocomplete="current-password"
            value={current}
            onInput={(event) => setCurrent(event.currentTarget.value)}
          />
        </label>
        <div class="field">
          <label for="password-new">
            <span class="field__label">{t('password.new')}</span>
          </label>
          <input
            id="password-new"
            type="password"
            autocomplete="new-password"
            value={next}
            aria-describedby="password-hint"
            onInput={(event) => setNext(event.currentTarget.value)}
          />
          <span class="field__hint" id="password-hint">
            {t('password.hint')}
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
          <button type="button" class="button" onClick={() => onDone(false)}>
            {t('common.cancel')}
          </button>
          <button type="submit" class="button button--primary" disabled={pending}>
            {pending ? t('password.saving') : t('password.save')}
          </button>
        </div>
      </form>
    </Modal>
  );
}
