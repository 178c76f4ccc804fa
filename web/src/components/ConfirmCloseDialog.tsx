import { useState } from 'preact/hooks';
import { t } from '../i18n.ts';
import { Modal } from './Modal.tsx';

interface ConfirmCloseDialogProps {
  /** How the console names the customer (their remark name, else their openid shortened). */
  customer: string;
  /** Resolves to the server's refusal in words, or undefined once closed. */
  onConfirm: () => Promise<string | undefined>;
  onDone: (closed: boolean) => void;
}

/** Closing ends the agent's part in the conversation, so it is asked for twice. */
export function ConfirmCloseDialog({ customer, onConfirm, onDone }: ConfirmCloseDialogProps) {
  const [pending, setPending] = useState(false);
  const [problem, setProblem] = useState<string>();
  const confirm = async () => {
    setPending(true);
    setProblem(undefined);
    const refusal = await onConfirm();
    setPending(false);
    if (refusal) setProblem(refusal);
    else onDone(true);
  };
  return (
    <Modal title={t('close.title')} onClose={() => onDone(false)}>
      <p>{t('close.body', { customer })}</p>
      {problem && (
        <p class="notice notice--error" role="alert">
          {t('close.failed', { problem })}
        </p>
      )}
      <div class="modal__actions">
        <button type="button" class="button" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
        <button type="button" class="button button--danger" disabled={pending} onClick={confirm}>
          {pending ? t('close.closing') : t('close.confirm')}
        </button>
      </div>
    </Modal>
  );
}
