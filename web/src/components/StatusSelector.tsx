import { useState } from 'preact/hooks';
import type { AgentLoad, AgentStatus } from '../../../shared/domain/routing.ts';
import { agentStatuses, loadText, statusExplanation, statusLabel } from '../agent-status.ts';
import { t } from '../i18n.ts';
import { Icon } from './Icon.tsx';

interface StatusSelectorProps {
  /** Undefined until `/api/me` answered. */
  routing?: AgentLoad;
  /** Resolves to why the status did not change, or undefined. */
  onChange: (status: AgentStatus) => Promise<string | undefined>;
}

/**
 * Whether routing gives the agent new customers, and how many they hold out of their capacity. A
 * native select: every keyboard and screen reader knows it.
 */
export function StatusSelector({ routing, onChange }: StatusSelectorProps) {
  const [pending, setPending] = useState<AgentStatus>();
  const [problem, setProblem] = useState<string>();
  const status = pending ?? routing?.status;

  const change = async (next: AgentStatus) => {
    setPending(next);
    setProblem(undefined);
    const refusal = await onChange(next);
    setPending(undefined);
    if (refusal)
      setProblem(
        t('status.stillIs', { status: statusLabel(routing?.status ?? 'offline'), problem: refusal }),
      );
  };

  return (
    <div class="status-selector">
      <span class={`status-dot status-dot--${status ?? 'unknown'}`} aria-hidden="true" />
      <label class="visually-hidden" for="agent-status">
        {t('status.yours')}
      </label>
      <select
        id="agent-status"
        class="status-selector__select"
        value={status ?? ''}
        disabled={routing === undefined || pending !== undefined}
        title={status ? statusExplanation(status) : undefined}
        aria-describedby={routing ? 'agent-load' : undefined}
        onChange={(event) => void change(event.currentTarget.value as AgentStatus)}
      >
        {routing === undefined && <option value="">{t('status.placeholder')}</option>}
        {agentStatuses.map((option) => (
          <option key={option} value={option}>
            {statusLabel(option)}
          </option>
        ))}
      </select>
      {routing && (
        <span class="status-selector__load" id="agent-load" title={t('status.loadTitle')}>
          <span class="visually-hidden">{t('status.loadLabel')} </span>
          {loadText(routing)}
        </span>
      )}
      {problem && (
        <div class="status-selector__problem" role="alert">
          <p>{problem}</p>
          <button
            type="button"
            class="button button--quiet button--icon"
            aria-label={t('common.dismiss')}
            onClick={() => setProblem(undefined)}
          >
            <Icon name="close" size={16} />
          </button>
        </div>
      )}
    </div>
  );
}
