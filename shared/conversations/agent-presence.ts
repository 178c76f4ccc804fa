import { presenceLifetimeMs } from '../domain/routing.ts';
import { endPresence, extendPresence } from '../store/agent-load-repository.ts';
import { listAgentConnectionIds } from '../store/connections-repository.ts';
import { drainQueuesOf } from './queue-drainer.ts';

/** A console of the agent connected or pinged: the agent is present, and may take waiting customers. */
export async function agentIsHere(agentId: string, now: number, takeWaiting: boolean): Promise<void> {
  await extendPresence(agentId, now + presenceLifetimeMs);
  if (takeWaiting) await drainQueuesOf(agentId);
}

/** A console went away; when it was the agent's last, nobody should route to them any more. */
export async function consoleLeft(agentId: string, now: number): Promise<void> {
  if ((await listAgentConnectionIds(agentId)).length === 0) await endPresence(agentId, now);
}
