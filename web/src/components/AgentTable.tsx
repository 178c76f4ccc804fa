import { roleLabels } from '../agent-form.ts';
import type { AdministeredApp, AgentListing } from '../api.ts';
import { t } from '../i18n.ts';

interface AgentTableProps {
  agents: readonly AgentListing[];
  apps: readonly AdministeredApp[];
  /** The signed-in agent, marked as "you". */
  self: string;
  /** An agent being enabled: their row's button waits. */
  pending?: string;
  onEdit: (agent: AgentListing) => void;
  onReset: (agent: AgentListing) => void;
  onDisable: (agent: AgentListing) => void;
  onEnable: (agent: AgentListing) => void;
}

/** "Customer service, VIP" (the app's name too when the workspace has several apps). */
function queueNames(agent: AgentListing, apps: readonly AdministeredApp[]): string {
  const separator = t('alerts.listSeparator');
  return agent.queues
    .map((ref) => {
      const app = apps.find((each) => each.appId === ref.appId);
      const name = app?.queues.find((queue) => queue.queueId === ref.queueId)?.name ?? ref.queueId;
      return apps.length > 1 && app ? t('team.queueOfApp', { app: app.name, queue: name }) : name;
    })
    .join(separator);
}

/** Where the agent stands: disabled, invited, waiting to change an initial password, or at work. */
function StatusCell({ agent }: { agent: AgentListing }) {
  if (agent.disabled) return <span class="chip chip--disabled">{t('team.disabled')}</span>;
  if (agent.invitationPending) return <span class="chip chip--queued">{t('team.invited')}</span>;
  return (
    <span class="admin-table__status">
      <span class={`status-dot status-dot--${agent.status}`} aria-hidden="true" />
      {t(`status.${agent.status}`)}
      {agent.mustChangePassword && <span class="chip chip--queued">{t('team.mustChangePassword')}</span>}
    </span>
  );
}

/**
 * The workspace's agents, one row each, with what can be done to them. Every action is offered: the
 * server decides (an admin may not manage owners) and its refusal is said in words. At phone width
 * each row becomes a card, its cells labelled.
 */
export function AgentTable({
  agents,
  apps,
  self,
  pending,
  onEdit,
  onReset,
  onDisable,
  onEnable,
}: AgentTableProps) {
  return (
    <table class="admin-table">
      <thead>
        <tr>
          <th scope="col">{t('team.column.agent')}</th>
          <th scope="col">{t('team.role')}</th>
          <th scope="col">{t('team.column.status')}</th>
          <th scope="col">{t('team.column.load')}</th>
          <th scope="col">{t('team.column.queues')}</th>
          <th scope="col">
            <span class="visually-hidden">{t('team.column.actions')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {agents.map((agent) => {
          const name = agent.displayName || agent.username;
          return (
            <tr
              key={agent.agentId}
              data-username={agent.username}
              class={agent.disabled ? 'admin-table__row--disabled' : undefined}
            >
              <th scope="row" data-label={t('team.column.agent')}>
                <div>
                  <span class="admin-table__name">
                    {name}
                    {agent.agentId === self && <span class="admin-form__muted"> {t('team.you')}</span>}
                  </span>
                  <span class="admin-table__sub mono">{agent.username}</span>
                </div>
              </th>
              <td data-label={t('team.role')}>{t(roleLabels[agent.role])}</td>
              <td data-label={t('team.column.status')}>
                <StatusCell agent={agent} />
              </td>
              <td data-label={t('team.column.load')}>
                <span class="admin-table__numbers">
                  {t('team.load', { active: agent.activeCount, capacity: agent.capacity })}
                </span>
              </td>
              <td data-label={t('team.column.queues')}>{queueNames(agent, apps) || '—'}</td>
              <td class="admin-table__actions">
                <div class="admin-table__buttons">
                  <button
                    type="button"
                    class="button button--small"
                    aria-label={t('team.editWho', { name })}
                    onClick={() => onEdit(agent)}
                  >
                    {t('team.edit')}
                  </button>
                  <button
                    type="button"
                    class="button button--small"
                    aria-label={t('team.resetWho', { name })}
                    onClick={() => onReset(agent)}
                  >
                    {t('team.reset')}
                  </button>
                  {agent.disabled ? (
                    <button
                      type="button"
                      class="button button--small"
                      disabled={pending === agent.agentId}
                      aria-label={t('team.enableWho', { name })}
                      onClick={() => onEnable(agent)}
                    >
                      {t('team.enable')}
                    </button>
                  ) : (
                    <button
                      type="button"
                      class="button button--small button--danger-quiet"
                      aria-label={t('team.disableWho', { name })}
                      onClick={() => onDisable(agent)}
                    >
                      {t('team.disable')}
                    </button>
                  )}
                </div>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
