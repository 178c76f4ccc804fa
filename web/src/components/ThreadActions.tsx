import { useCallback, useState } from 'preact/hooks';
import type { Conversation } from '../../../shared/domain/conversation.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import { t } from '../i18n.ts';
import { ConfirmCloseDialog } from './ConfirmCloseDialog.tsx';
import { TransferDialog } from './TransferDialog.tsx';

/** What the last action did, in words, for the line under the thread header. */
export interface ActionFeedback {
  tone: 'info' | 'error';
  text: string;
}

interface ThreadActionsProps {
  conversation: Conversation;
  /** How the console names the customer. */
  customer: string;
  agentId: string;
  controller: ConsoleController;
  onFeedback: (feedback: ActionFeedback) => void;
}

type Open = 'none' | 'close' | 'transfer';

/** Close and Transfer for the agent's open conversation; Reopen for one of theirs that was closed. */
export function ThreadActions({
  conversation,
  customer,
  agentId,
  controller,
  onFeedback,
}: ThreadActionsProps) {
  const [open, setOpen] = useState<Open>('none');
  const [reopening, setReopening] = useState(false);
  const { conversationId } = conversation;
  const loadTargets = useCallback(
    () => controller.actions.transferTargets(conversationId),
    [controller, conversationId],
  );

  if (conversation.assigneeId !== agentId) return null;

  const reopen = async () => {
    setReopening(true);
    const refusal = await controller.actions.reopen(conversationId);
    setReopening(false);
    onFeedback(
      refusal
        ? { tone: 'error', text: t('actions.reopenFailed', { problem: refusal }) }
        : { tone: 'info', text: t('actions.reopened') },
    );
  };

  return (
    <div class="thread__actions">
      {conversation.state === 'active' && (
        <>
          <button type="button" class="button button--small" onClick={() => setOpen('transfer')}>
            {t('actions.transfer')}
          </button>
          <button type="button" class="button button--small" onClick={() => setOpen('close')}>
            {t('actions.close')}
          </button>
        </>
      )}
      {conversation.state === 'closed' && (
        <button type="button" class="button button--small" disabled={reopening} onClick={reopen}>
          {reopening ? t('actions.reopening') : t('actions.reopen')}
        </button>
      )}
      {open === 'close' && (
        <ConfirmCloseDialog
          customer={customer}
          onConfirm={() => controller.actions.close(conversationId)}
          onDone={(closed) => {
            setOpen('none');
            if (closed) onFeedback({ tone: 'info', text: t('actions.closed') });
          }}
        />
      )}
      {open === 'transfer' && (
        <TransferDialog
          customer={customer}
          loadTargets={loadTargets}
          onTransfer={(destination) => controller.actions.transfer(conversationId, destination)}
          onDone={() => setOpen('none')}
        />
      )}
    </div>
  );
}
