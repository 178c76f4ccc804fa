import { ApiError, describeError } from '../api.ts';
import { t } from '../i18n.ts';
import { Modal } from './Modal.tsx';
import { PasswordForm } from './PasswordForm.tsx';

interface PasswordDialogProps {
  /** `PUT /api/me/password`: a fresh session's token, or 403 when the current password is wrong. */
  change: (currentPassword: string, newPassword: string) => Promise<void>;
  onDone: (changed: boolean) => void;
}

/** Changing one's password: every other session ends, this console carries on with a fresh one. */
export function PasswordDialog({ change, onDone }: PasswordDialogProps) {
  return (
    <Modal title={t('password.title')} onClose={() => onDone(false)}>
      <PasswordForm
        currentLabel={t('password.current')}
        hint={t('password.hint')}
        submitLabel={t('password.save')}
        pendingLabel={t('password.saving')}
        onSubmit={async (current, next) => {
          await change(current, next);
          onDone(true);
        }}
        describeFailure={describePasswordRefusal}
        actions={
          <button type="button" class="button" onClick={() => onDone(false)}>
            {t('common.cancel')}
          </button>
        }
      />
    </Modal>
  );
}

/** `PUT /api/me/password` answers 403 only for a wrong current password (the caller is known). */
export function describePasswordRefusal(error: unknown): string {
  return error instanceof ApiError && error.status === 403
    ? t('password.wrongCurrent')
    : describeError(error);
}
