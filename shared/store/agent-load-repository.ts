import { BatchGetCommand, type BatchGetCommandOutput, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentLoad, AgentStatus } from '../domain/routing.ts';
import { dynamo, tableName, updateIf } from './client.ts';
import { agentKey } from './keys.ts';
import { coreTable } from './tables.ts';

function toLoad(item: Record<string, unknown>): AgentLoad {
  return {
    agentId: String(item.agentId),
    status: (item.status as AgentStatus | undefined) ?? 'online',
    presentUntil: Number(item.presentUntil ?? 0),
    capacity: Number(item.capacity ?? 0),
    activeCount: Number(item.activeCount ?? 0),
    lastAssignedAt: Number(item.lastAssignedAt ?? 0),
  };
}

/**
 * The agents' current load, read consistently: routing decisions start from it. In the order asked
 * for (a batch read answers in any order); agents without a load record are left out.
 */
export async function getAgentLoads(agentIds: readonly string[]): Promise<AgentLoad[]> {
  const loads: AgentLoad[] = [];
  for (let start = 0; start < agentIds.length; start += 100) {
    let keys: Record<string, unknown>[] | undefined = agentIds.slice(start, start + 100).map(agentKey);
    while (keys && keys.length > 0) {
      const table = tableName(coreTable);
      const { Responses, UnprocessedKeys }: BatchGetCommandOutput = await dynamo().send(
        new BatchGetCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } }),
      );
      loads.push(...(Responses?.[table] ?? []).map(toLoad));
      keys = UnprocessedKeys?.[table]?.Keys;
    }
  }
  const order = new Map(agentIds.map((agentId, index) => [agentId, index]));
  return loads.sort((a, b) => (order.get(a.agentId) ?? 0) - (order.get(b.agentId) ?? 0));
}

/**
 * The transaction item that gives an agent one more conversation, valid only while the agent is
 * still online, present and under capacity: the guard against double assignment and overload.
 */
export function takeCapacityItem(agentId: string, now: number, taking: 'routed' | 'chosen' = 'routed') {
  // An agent who takes a customer on purpose (accepting from the queue) may be away from routing,
  // but must be here and have room; routing only ever gives to agents who are online.
  const statusCondition = taking === 'routed' ? '#status = :online AND ' : '';
  return {
    Update: {
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: 'ADD activeCount :one SET lastAssignedAt = :now',
      ConditionExpression: `${statusCondition}presentUntil > :now AND activeCount < #capacity`,
      ExpressionAttributeNames: {
        ...(taking === 'routed' ? { '#status': 'status' } : {}),
        '#capacity': 'capacity',
      },
      ExpressionAttributeValues: {
        ':one': 1,
        ':now': now,
        ...(taking === 'routed' ? { ':online': 'online' } : {}),
      },
    },
  };
}

/** The transaction item that frees one of the agent's conversations. */
export function releaseCapacityItem(agentId: string) {
  return {
    Update: {
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: 'ADD activeCount :minusOne',
      ConditionExpression: 'activeCount > :zero',
      ExpressionAttributeValues: { ':minusOne': -1, ':zero': 0 },
    },
  };
}

/** Keeps an agent present while a console of theirs is connected (never shortens it). */
export function extendPresence(agentId: string, until: number): Promise<boolean> {
  return updateIf({
    TableName: tableName(coreTable),
    Key: agentKey(agentId),
    UpdateExpression: 'SET presentUntil = :until',
    ConditionExpression:
      'attribute_exists(pk) AND (attribute_not_exists(presentUntil) OR presentUntil < :until)',
    ExpressionAttributeValues: { ':until': until },
  });
}

/** The agent's last console went away. */
export async function endPresence(agentId: string, now: number): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: 'SET presentUntil = :now',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':now': now },
    }),
  );
}

export async function setAgentStatus(agentId: string, status: AgentStatus): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: 'SET #status = :status',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':status': status },
    }),
  );
}
