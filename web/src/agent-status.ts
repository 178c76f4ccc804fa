import type { AgentStatus } from '../../shared/domain/routing.ts';
import type { TransferAgent } from './api.ts';

/** How an agent's routing status and load read, for the agent and for the colleagues choosing them. */

export const statusLabels: Record<AgentStatus, string> = {
  online: 'Online',
  away: 'Away',
  offline: 'Offline',
};

export const statusExplanations: Record<AgentStatus, string> = {
  online: 'New conversations are assigned to you.',
  away: 'You keep your conversations; no new ones are assigned to you.',
  offline: 'No new conversations are assigned to you.',
};

export const agentStatuses = Object.keys(statusLabels) as AgentStatus[];

/** "2 / 5": active conversations out of the most the agent takes at once. */
export function loadText(load: { activeCount: number; capacity: number }): string {
  return `${load.activeCount} / ${load.capacity}`;
}

/** Why a colleague cannot be handed a conversation now, or undefined when they can. */
export function unavailableReason(colleague: TransferAgent): string | undefined {
  if (colleague.available) return undefined;
  if (colleague.unavailableBecause) return colleague.unavailableBecause;
  const name = colleague.displayName;
  if (colleague.status !== 'online') return `${name} is ${colleague.status}.`;
  if (!colleague.present) return `${name} has no console open.`;
  if (colleague.activeCount >= colleague.capacity) return `${name} has no room for another conversation.`;
  return `${name} cannot take conversations now.`;
}
