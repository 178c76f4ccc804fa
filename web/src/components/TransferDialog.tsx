import { useCallback, useEffect, useState } from 'preact/hooks';
import { loadText, statusLabel, unavailableReason } from '../agent-status.ts';
import { AbortedError, type TransferDestination, type TransferTargets } from '../api.ts';
import { t } from '../i18n.ts';
import { LoadStatus } from './LoadStatus.tsx';
import { Modal } from './Modal.tsx';

interface TransferDialogProps {
  /** How the console names the customer (their remark name, else their openid shortened). */
  customer: string;
  loadTargets: () => Promise<TransferTargets>;
  /** Resolves to the server's refusal in words, or undefined once handed over. */
  onTransfer: (destination: TransferDestination) => Promise<string | undefined>;
  onDone: () => void;
}

type Targets =
  | { status: 'loading' }
  | { status: 'failed'; problem: string }
  | { status: 'ready'; targets: TransferTargets };

/**
 * Hands the conversation to a colleague or back to a queue. Colleagues who cannot take it now stay in
 * the list, disabled, with the reason, so the agent knows why someone is missing rather than wondering.
 */
export function TransferDialog({ customer, loadTargets, onTransfer, onDone }: TransferDialogProps) {
  const [targets, setTargets] = useState<Targets>({ status: 'loading' });
  const [pending, setPending] = useState<string>();
  const [problem, setProblem] = useState<string>();

  const load = useCallback(() => {
    setTargets({ status: 'loading' });
    loadTargets().then(
      (loaded) => setTargets({ status: 'ready', targets: loaded }),
      (error: unknown) => {
        if (error instanceof AbortedError) return;
        setTargets({ status: 'failed', problem: error instanceof Error ? error.message : String(error) });
      },
    );
  }, [loadTargets]);
  useEffect(load, [load]);

  const transfer = async (key: string, destination: TransferDestination) => {
    setPending(key);
    setProblem(undefined);
    const refusal = await onTransfer(destination);
    setPending(undefined);
    if (!refusal) {
      onDone();
      return;
    }
    setProblem(refusal);
    // Whoever refused has changed since the list was read: show them as they are now.
    load();
  };

  return (
    <Modal title={t('transfer.title')} onClose={onDone}>
      <p>{t('transfer.intro', { customer })}</p>
      {problem && (
        <p class="notice notice--error" role="alert">
          {t('transfer.failed', { problem })}
        </p>
      )}
      <LoadStatus
        state={targets}
        loading={t('transfer.loading')}
        failed={(problem) => t('transfer.loadFailed', { problem })}
        retry={load}
      />
      {targets.status === 'ready' && (
        <>
          <section class="transfer__section" aria-labelledby="transfer-agents">
            <h3 class="transfer__heading" id="transfer-agents">
              {t('transfer.colleagues')}
            </h3>
            {targets.targets.agents.length === 0 ? (
              <p class="transfer__empty">{t('transfer.noColleagues')}</p>
            ) : (
              <ul class="transfer__list">
                {targets.targets.agents.map((agent) => {
                  const reason = unavailableReason(agent);
                  const detailId = `transfer-agent-${agent.agentId}`;
                  return (
                    <li
                      key={agent.agentId}
                      class={`transfer__target${reason ? ' transfer__target--unavailable' : ''}`}
                    >
                      <span class={`status-dot status-dot--${agent.status}`} aria-hidden="true" />
                      <span class="transfer__who">
                        <span class="transfer__name">{agent.displayName}</span>
                        <span class="transfer__detail" id={detailId}>
                          {t('transfer.colleagueDetail', {
                            status: statusLabel(agent.status),
                            load: loadText(agent),
                          })}
                          {reason && <span class="transfer__reason"> · {reason}</span>}
                        </span>
                      </span>
                      <button
                        type="button"
                        class="button button--small"
                        disabled={reason !== undefined || pending !== undefined}
                        aria-label={t('transfer.to', { name: agent.displayName })}
                        aria-describedby={detailId}
                        onClick={() => transfer(agent.agentId, { toAgentId: agent.agentId })}
                      >
                        {pending === agent.agentId ? t('transfer.transferring') : t('transfer.transfer')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <section class="transfer__section" aria-labelledby="transfer-queues">
            <h3 class="transfer__heading" id="transfer-queues">
              {t('transfer.queues')}
            </h3>
            {targets.targets.queues.length === 0 ? (
              <p class="transfer__empty">{t('transfer.noQueues')}</p>
            ) : (
              <ul class="transfer__list">
                {targets.targets.queues.map((queue) => {
                  const key = `queue:${queue.queueId}`;
                  const detailId = `transfer-queue-${queue.queueId}`;
                  return (
                    <li key={queue.queueId} class="transfer__target">
                      <span class="transfer__who">
                        <span class="transfer__name">{queue.name}</span>
                        <span class="transfer__detail" id={detailId}>
                          {queue.waitingCount === 0
                            ? t('transfer.nobodyWaiting')
                            : t('transfer.waiting', { count: queue.waitingCount })}
                        </span>
                      </span>
                      <button
                        type="button"
                        class="button button--small"
                        disabled={pending !== undefined}
                        aria-label={t('transfer.toQueue', { name: queue.name })}
                        aria-describedby={detailId}
                        onClick={() => transfer(key, { toQueueId: queue.queueId })}
                      >
                        {pending === key ? t('transfer.moving') : t('transfer.move')}
                      </button>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
        </>
      )}
      <div class="modal__actions">
        <button type="button" class="button" onClick={onDone}>
          {t('common.cancel')}
        </button>
      </div>
    </Modal>
  );
}
