import { useEffect, useState } from 'preact/hooks';
import { statusLabel } from '../agent-status.ts';
import type { FloorConversation, FloorView, TransferDestination } from '../api.ts';
import type { ConsoleController } from '../console/console-controller.ts';
import type { ConsoleState } from '../console-state.ts';
import { agoText } from '../format-time.ts';
import { useNow } from '../hooks/use-now.ts';
import { useStore } from '../hooks/use-store.ts';
import { t } from '../i18n.ts';
import { floorStanding } from '../response-targets.ts';
import { waitedText } from '../waiting-time.ts';
import { ConfirmCloseDialog } from './ConfirmCloseDialog.tsx';
import { FloorConversations, type RowDialog } from './FloorConversations.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { Modal } from './Modal.tsx';
import { TransferDialog } from './TransferDialog.tsx';

interface FloorDialogProps {
  state: ConsoleState;
  controller: ConsoleController;
  onClose: () => void;
}

/**
 * 现场: the supervisors' live view of the workspace (`GET /api/floor`), read again when the server
 * says the floor changed. Figures count on from the moment they were read, so the clocks move between
 * reads. Actions go through the same routes as the agent's own: take over (accept a waiting customer,
 * or transfer to oneself), transfer, close.
 */
export function FloorDialog({ state, controller, onClose }: FloorDialogProps) {
  const floorState = useStore(controller.floor.store);
  const now = useNow(5_000);
  const [dialog, setDialog] = useState<RowDialog>();
  const [pending, setPending] = useState<string>();
  const [problem, setProblem] = useState<string>();

  useEffect(() => {
    controller.floor.show();
    return () => controller.floor.hide();
  }, [controller]);

  const { floor, receivedAt = now } = floorState;
  /** The moment, on this console's clock, that was `ms` before the floor was read. */
  const since = (ms: number) => receivedAt - ms;
  const me = state.agent.agentId;

  const done = (refusal: string | undefined, customer: string) => {
    setProblem(refusal ? t('floor.actionFailed', { customer, problem: refusal }) : undefined);
    void controller.floor.refresh();
    return refusal;
  };

  const takeOver = async (conversation: FloorConversation, customer: string) => {
    setPending(conversation.conversationId);
    setProblem(undefined);
    const refusal =
      conversation.state === 'queued'
        ? await controller.actions.accept(conversation.conversationId)
        : await controller.actions.transfer(conversation.conversationId, { toAgentId: me });
    setPending(undefined);
    done(refusal, customer);
  };

  const loadState = floor
    ? ({ status: 'ready' } as const)
    : floorState.error
      ? ({ status: 'failed', problem: floorState.error } as const)
      : ({ status: 'loading' } as const);

  return (
    <Modal title={t('floor.title')} wide onClose={onClose}>
      <div class="floor">
        <LoadStatus
          state={loadState}
          loading={t('floor.loading')}
          failed={(reason) => t('floor.loadFailed', { problem: reason })}
          retry={() => void controller.floor.refresh()}
        />
        {problem && (
          <p class="notice notice--error" role="alert">
            {problem}
          </p>
        )}
        {/* The last floor read stays on screen, said to be no longer fresh. */}
        {floor && floorState.error && (
          <p class="notice notice--warning" role="status">
            {t('floor.loadFailed', { problem: floorState.error })}
          </p>
        )}
        {floor && (
          <>
            <FloorSummary floor={floor} since={since} now={now} />
            <FloorQueues floor={floor} since={since} now={now} />
            <FloorAgents floor={floor} since={since} now={now} me={me} />
            <FloorConversations
              floor={floor}
              names={state.customerNames}
              me={me}
              since={since}
              now={now}
              pending={pending}
              onTakeOver={(conversation, customer) => void takeOver(conversation, customer)}
              onOpen={setDialog}
            />
          </>
        )}
      </div>
      {dialog?.kind === 'transfer' && (
        <TransferDialog
          customer={dialog.customer}
          loadTargets={() => controller.actions.transferTargets(dialog.conversationId)}
          onTransfer={async (destination: TransferDestination) =>
            done(await controller.actions.transfer(dialog.conversationId, destination), dialog.customer)
          }
          onDone={() => setDialog(undefined)}
        />
      )}
      {dialog?.kind === 'close' && (
        <ConfirmCloseDialog
          customer={dialog.customer}
          onConfirm={async () => done(await controller.actions.close(dialog.conversationId), dialog.customer)}
          onDone={() => setDialog(undefined)}
        />
      )}
    </Modal>
  );
}

/** What each part of the floor is drawn from: the view, `since` (see above) and the console's now. */
interface FloorSectionProps {
  floor: FloorView;
  since: (ms: number) => number;
  now: number;
}

function FloorSummary({ floor, since, now }: FloorSectionProps) {
  const waiting = floor.queues.reduce((sum, queue) => sum + queue.waitingCount, 0);
  const breached = floor.conversations.filter(
    (conversation) => floorStanding(floor, conversation, since, now).status === 'breached',
  ).length;
  return (
    <div class="floor__summary">
      <span class="floor__figure" data-testid="floor-open-count">
        {t('floor.openCount', { count: floor.conversations.length })}
      </span>
      <span class="floor__figure">{t('floor.waitingCount', { count: waiting })}</span>
      {breached > 0 && (
        <span class="floor__figure floor__figure--breached" data-testid="floor-breached-count">
          {t('floor.breachedCount', { count: breached })}
        </span>
      )}
      {floor.truncated && (
        <p class="notice notice--warning">{t('floor.truncated', { limit: floor.conversations.length })}</p>
      )}
    </div>
  );
}

function FloorQueues({ floor, since, now }: FloorSectionProps) {
  return (
    <section class="floor__section" aria-labelledby="floor-queues">
      <h3 class="floor__heading" id="floor-queues">
        {t('floor.queues')}
      </h3>
      <ul class="floor__cards">
        {floor.queues.map((queue) => (
          <li key={`${queue.appId} ${queue.queueId}`} class="floor__card">
            <span class="floor__name">{queue.name}</span>
            {floor.apps.length > 1 && (
              <span class="floor__detail">
                {floor.apps.find((app) => app.appId === queue.appId)?.name ?? queue.appId}
              </span>
            )}
            <span class="floor__detail">
              {queue.oldestWaitMs === undefined
                ? t('floor.queueEmpty')
                : t('floor.queueWaiting', {
                    count: queue.waitingCount,
                    duration: waitedText(since(queue.oldestWaitMs), now),
                  })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function FloorAgents({ floor, since, now, me }: FloorSectionProps & { me: string }) {
  return (
    <section class="floor__section" aria-labelledby="floor-agents">
      <h3 class="floor__heading" id="floor-agents">
        {t('floor.agents')}
      </h3>
      <ul class="floor__cards">
        {floor.agents.map((agent) => (
          <li key={agent.agentId} class="floor__card" data-agent-id={agent.agentId}>
            <span class="floor__name">
              <span class={`status-dot status-dot--${agent.status}`} aria-hidden="true" />
              {agent.agentId === me ? t('floor.you', { name: agent.displayName }) : agent.displayName}
            </span>
            <span class="floor__detail">
              {statusLabel(agent.status)}
              {!agent.present && ` · ${t('floor.noConsole')}`}
              {` · ${t('floor.load', { active: agent.activeCount, capacity: agent.capacity })}`}
            </span>
            <span class="floor__detail">
              {agent.sinceLastReplyMs === undefined
                ? t('floor.noReply')
                : t('floor.lastReply', { time: agoText(since(agent.sinceLastReplyMs), now) })}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
