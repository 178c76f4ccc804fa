import { useState } from 'preact/hooks';
import { shortenId } from '../format-ids.ts';
import { Modal } from './Modal.tsx';

interface ConfirmCloseDialogProps {
  openId: string;
  /** Resolves to the server's refusal in words, or undefined once closed. */
  onConfirm: () => Promise<string | undefined>;
  onDone: (closed: boolean) => void;
}

/** Closing ends the agent's part in the conversation, so it is asked for twice. */
export function ConfirmCloseDialog({ openId, onConfirm, onDone }: ConfirmCloseDialogProps) {
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
    <Modal title="Close this conversation?" onClose={() => onDone(false)}>
      <p>
        The conversation with customer <span class="mono">{shortenId(openId)}</span> ends and your place for
        it is freed. If the customer writes again, a new conversation starts.
      </p>
      {problem && (
        <p class="notice notice--error" role="alert">
          Could not close it: {problem}
        </p>
      )}
      <div class="modal__actions">
        <button type="button" class="button" onClick={() => onDone(false)}>
          Cancel
        </button>
        <button type="button" class="button button--danger" disabled={pending} onClick={confirm}>
          {pending ? 'Closing…' : 'Close conversation'}
        </button>
      </div>
    </Modal>
  );
}
