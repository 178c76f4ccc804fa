import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { Modal } from './Modal.tsx';

interface SignOutDialogProps {
  open: number;
  /** Resolves to why not every conversation could be handed back, or undefined once signed out. */
  onSignOut: (choice: 'keep' | 'handBack') => Promise<{ failed: number; problem: string } | undefined>;
  onCancel: () => void;
}

/**
 * Signing out with open conversations: the customers must not be left waiting for someone who has
 * gone. The agent keeps them (and becomes away) or hands each back to its queue for a colleague.
 */
export function SignOutDialog({ open, onSignOut, onCancel }: SignOutDialogProps) {
  const [pending, setPending] = useState<'keep' | 'handBack'>();
  const [problem, setProblem] = useState<string>();
  const choose = async (choice: 'keep' | 'handBack') => {
    setPending(choice);
    setProblem(undefined);
    const outcome = await onSignOut(choice);
    if (!outcome) return;
    setPending(undefined);
    setProblem(t('signOut.handBackFailed', { count: outcome.failed, problem: outcome.problem }));
  };
  return (
    <Modal title={t('signOut.title')} onClose={onCancel}>
      <p>{t('signOut.open', { count: open })}</p>
      {problem && (
        <p class="notice notice--error" role="alert">
          {problem}
        </p>
      )}
      <div class="sign-out__choices">
        <button
          type="button"
          class="button sign-out__choice"
          disabled={pending !== undefined}
          aria-describedby="sign-out-keep-hint"
          onClick={() => void choose('keep')}
        >
          <span class="sign-out__choice-title">
            {pending === 'keep' ? t('signOut.working') : t('signOut.keep')}
          </span>
          <span class="sign-out__choice-hint" id="sign-out-keep-hint">
            {t('signOut.keepHint')}
          </span>
        </button>
        <button
          type="button"
          class="button sign-out__choice"
          disabled={pending !== undefined}
          aria-describedby="sign-out-hand-back-hint"
          onClick={() => void choose('handBack')}
        >
          <span class="sign-out__choice-title">
            {pending === 'handBack' ? t('signOut.working') : t('signOut.handBack')}
          </span>
          <span class="sign-out__choice-hint" id="sign-out-hand-back-hint">
            {t('signOut.handBackHint')}
          </span>
        </button>
      </div>
      <div class="modal__actions">
        <button type="button" class="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}
