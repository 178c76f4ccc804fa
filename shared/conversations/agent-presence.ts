import { type AgentLoad, type AgentStatus, presenceLifetimeMs } from '../domain/routing.ts';
import {
  endPresence,
  extendPresence,
  getAgentLoads,
  setAgentStatus,
} from '../store/agent-load-repository.ts';
import {
  type Connection,
  deleteConnection,
  deleteConnectionOpenedBefore,
  listAgentConnectionIds,
  saveConnection,
} from '../store/connections-repository.ts';
import { drainQueuesOf } from './queue-drainer.ts';

/** A console connected: its socket can be reached, and its agent is here to take waiting customers. */
export async function consoleConnected(connection: Connection): Promise<void> {
  await saveConnection(connection);
  await agentIsHere(connection.agentId, connection.connectedAt, true);
}

/** A console's socket closed (or was found gone): forget it, and the agent's presence with their last one. */
export async function consoleDisconnected(agentId: string, connectionId: string): Promise<void> {
  await deleteConnection(connectionId);
  await consoleLeft(agentId, Date.now());
}

/**
 * API Gateway's `$connect` may run this long (its integration timeout is 29 s), and until it returns,
 * `@connections` answers 410 for a socket whose row `$connect` has already saved.
 */
const connectingForMs = 30_000;

/**
 * A push to a console's socket answered 410. Usually the socket vanished without `$disconnect`; but a
 * socket still being opened answers the same, so a row that young is left: the console resyncs once
 * it is open, which reads whatever that push carried.
 */
export async function consoleFoundGone(agentId: string, connectionId: string): Promise<void> {
  const now = Date.now();
  if (await deleteConnectionOpenedBefore(connectionId, now - connectingForMs))
    await consoleLeft(agentId, now);
}

/** A console of the agent connected or pinged: the agent is present, and may take waiting customers. */
export async function agentIsHere(agentId: string, now: number, takeWaiting: boolean): Promise<void> {
  await extendPresence(agentId, now + presenceLifetimeMs);
  if (takeWaiting) await drainQueuesOf(agentId);
}

/** A console went away; when it was the agent's last, nobody should route to them any more. */
export async function consoleLeft(agentId: string, now: number): Promise<void> {
  if ((await listAgentConnectionIds(agentId)).length === 0) await endPresence(agentId, now);
}

/** The agent chose a status; back online, waiting customers of their queues may be theirs now. */
export async function changeStatus(agentId: string, status: AgentStatus): Promise<AgentLoad | undefined> {
  await setAgentStatus(agentId, status);
  if (status === 'online') await drainQueuesOf(agentId);
  return (await getAgentLoads([agentId]))[0];
}
