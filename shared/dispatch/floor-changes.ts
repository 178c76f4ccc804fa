/**
 * Tells a workspace's supervisors that its floor changed (`floor.changed`), so their floor view reads
 * `GET /api/floor` again. Frames of a conversation go to its agents only; a supervisor watches every
 * conversation, and a frame per message to every admin would cost what the workspace's traffic costs
 * again. So the stream consumer announces once per batch and workspace, to the consoles of its admins
 * and owners only, and the frame carries nothing but the workspace.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { consoleFoundGone } from '../conversations/agent-presence.ts';
import { mayWatchFloor } from '../domain/permissions.ts';
import { getAgent, listWorkspaceAgentIds } from '../store/agents-repository.ts';
import { listAgentConnectionIds } from '../store/connections-repository.ts';
import { connectionPusher } from './log-record.ts';

/**
 * How long the stream consumer keeps a workspace's supervisors before reading them again: a new admin
 * hears of changes within this, and the floor view reads itself every few seconds anyway.
 */
const supervisorsKeptMs = 30_000;

const supervisorsOf = new Map<string, { agentIds: Promise<string[]>; readAt: number }>();

/**
 * The workspaces whose floor these records change: new messages and lifecycle events. Notes,
 * automatic replies and delivery updates change nothing a supervisor watches.
 */
export function floorChangesOf(records: Iterable<DynamoDBRecord>): Set<string> {
  const workspaces = new Set<string>();
  for (const record of records) {
    const image = record.dynamodb?.NewImage;
    if (record.eventName !== 'INSERT' || !image) continue;
    const workspaceId = image.workspaceId?.S;
    if (!workspaceId || image.author?.S === 'bot' || image.content?.M?.type?.S === 'note') continue;
    workspaces.add(workspaceId);
  }
  return workspaces;
}

async function readSupervisors(workspaceId: string): Promise<string[]> {
  const agents = await Promise.all((await listWorkspaceAgentIds(workspaceId)).map((id) => getAgent(id)));
  return agents.flatMap((agent) =>
    agent && !agent.disabled && mayWatchFloor({ ...agent, queues: [] }) ? [agent.agentId] : [],
  );
}

function supervisors(workspaceId: string, now: number): Promise<string[]> {
  const kept = supervisorsOf.get(workspaceId);
  if (kept && now - kept.readAt < supervisorsKeptMs) return kept.agentIds;
  const agentIds = readSupervisors(workspaceId);
  supervisorsOf.set(workspaceId, { agentIds, readAt: now });
  // A failed read is not kept: the next batch reads again.
  agentIds.catch(() => supervisorsOf.delete(workspaceId));
  return agentIds;
}

/** One `floor.changed` to every console of each workspace's supervisors; a socket that is gone is forgotten. */
export async function announceFloorChanges(workspaceIds: Iterable<string>): Promise<void> {
  const workspaces = [...workspaceIds];
  if (workspaces.length === 0) return;
  const now = Date.now();
  const pusher = connectionPusher();
  await Promise.all(
    workspaces.map(async (workspaceId) => {
      const agentIds = await supervisors(workspaceId, now);
      await Promise.all(
        agentIds.map(async (agentId) => {
          for (const connectionId of await listAgentConnectionIds(agentId)) {
            const outcome = await pusher.push(connectionId, { type: 'floor.changed', workspaceId });
            if (outcome === 'gone') await consoleFoundGone(agentId, connectionId);
          }
        }),
      );
    }),
  );
}
