import type { AppAgent } from '../api.ts';
import { t } from '../i18n.ts';
import type { SectionProps } from './QueueSettingsForm.tsx';

/** Who serves the queue: any agent of the app. */
export function QueueMembersFields({
  form,
  change,
  fieldId,
  agents,
}: SectionProps & { agents: readonly AppAgent[] }) {
  if (agents.length === 0) {
    return <p class="queue-form__empty">{t('qs.noAgents')}</p>;
  }
  const sorted = [...agents].sort((a, b) =>
    (a.displayName || a.username).localeCompare(b.displayName || b.username),
  );
  const count = form.memberIds.filter((agentId) => agents.some((agent) => agent.agentId === agentId)).length;
  return (
    <>
      <p class="queue-form__hint" id={fieldId('members-hint')}>
        {count === 0 ? t('qs.nobodyInQueue') : t('qs.membersHint', { count, total: agents.length })}
      </p>
      <ul class="member-options" aria-describedby={fieldId('members-hint')}>
        {sorted.map((agent) => {
          const name = agent.displayName || agent.username;
          return (
            <li key={agent.agentId}>
              <label class="member-option">
                <input
                  type="checkbox"
                  class="member-option__check"
                  checked={form.memberIds.includes(agent.agentId)}
                  onChange={(event) =>
                    change({
                      memberIds: event.currentTarget.checked
                        ? [...form.memberIds, agent.agentId]
                        : form.memberIds.filter((agentId) => agentId !== agent.agentId),
                    })
                  }
                />
                <span class="member-option__name">{name}</span>
                {name !== agent.username && <span class="member-option__username">{agent.username}</span>}
              </label>
            </li>
          );
        })}
      </ul>
    </>
  );
}
