import type { AgentStatus } from '../../shared/domain/routing.ts';
import type { TransferAgent } from './api.ts';
import { t } from './i18n.ts';

/** How an agent's routing status and load read, for the agent and for the colleagues choosing them. */

export const agentStatuses: readonly AgentStatus[] = ['online', 'away', 'offline'];

export function statusLabel(status: AgentStatus): string {
  return t(`status.${status}`);
}

export function statusExplanation(status: AgentStatus): string {
  return t(`status.explain.${status}`);
}

/** "2 / 5": active conversations out of the most the agent takes at once. */
export function loadText(load: { activeCount: number; capacity: number }): string {
  return `${load.activeCount} / ${load.capacity}`;
}

/** Why a colleague cannot be handed a conversation now, or undefined when they can. */
export function unavailableReason(colleague: TransferAgent): string | undefined {
  if (colleague.available) return undefined;
  const name = colleague.displayName;
  // The server's own sentence is English; the console says it from the facts it was given.
  if (colleague.status === 'away') return t('colleague.away', { name });
  if (colleague.status === 'offline') return t('colleague.offline', { name });
  if (!colleague.present) return t('colleague.noConsole', { name });
  if (colleague.activeCount >= colleague.capacity) return t('colleague.full', { name });
  return colleague.unavailableBecause ?? t('colleague.cannot', { name });
}
