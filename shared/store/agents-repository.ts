import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AgentWithCredentials } from '../domain/agent.ts';
import type { QueueRef } from '../domain/queue.ts';
import { dynamo, tableName } from './client.ts';
import { agentKey, appMemberKey, usernameKey } from './keys.ts';
import { queueMembershipItems } from './queues-repository.ts';
import { coreTable } from './tables.ts';

export class UsernameTakenError extends Error {
  constructor(username: string) {
    super(`username ${username} is already taken`);
    this.name = 'UsernameTakenError';
  }
}

function toAgent(item: Record<string, unknown>): AgentWithCredentials {
  return {
    agentId: String(item.agentId),
    workspaceId: String(item.workspaceId),
    username: String(item.username),
    displayName: String(item.displayName),
    role: item.role === 'admin' ? 'admin' : 'agent',
    appIds: [...((item.appIds as string[] | undefined) ?? [])],
    kfAccount: item.kfAccount === undefined ? undefined : String(item.kfAccount),
    createdAt: Number(item.createdAt),
    ...(item.disabled === true ? { disabled: true } : {}),
    passwordHash: String(item.passwordHash),
  };
}

/** Creates the agent, claims the username and joins the agent to its apps and queues, all or nothing. */
export async function createAgent(
  agent: AgentWithCredentials,
  capacity: number,
  queues: readonly QueueRef[],
): Promise<void> {
  const table = tableName(coreTable);
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: table,
              Item: { ...usernameKey(agent.username), kind: 'username', agentId: agent.agentId },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          {
            Put: {
              TableName: table,
              Item: {
                ...agentKey(agent.agentId),
                kind: 'agent',
                ...agent,
                // Routing state: online by default, present once a console connects.
                status: 'online',
                presentUntil: 0,
                capacity,
                activeCount: 0,
                lastAssignedAt: 0,
              },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...agent.appIds.map((appId) => ({
            Put: {
              TableName: table,
              Item: { ...appMemberKey(appId, agent.agentId), kind: 'member', agentId: agent.agentId, appId },
            },
          })),
          ...queues
            .flatMap((queue) => queueMembershipItems(agent.agentId, queue))
            .map((Item) => ({ Put: { TableName: table, Item } })),
        ],
      }),
    );
  } catch (error) {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (reasons?.[0]?.Code === 'ConditionalCheckFailed') throw new UsernameTakenError(agent.username);
    throw error;
  }
}

export async function getAgent(agentId: string): Promise<AgentWithCredentials | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: agentKey(agentId) }),
  );
  return Item ? toAgent(Item) : undefined;
}

export async function findAgentByUsername(username: string): Promise<AgentWithCredentials | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: usernameKey(username) }),
  );
  return Item ? getAgent(String(Item.agentId)) : undefined;
}

export async function setPasswordHash(agentId: string, passwordHash: string): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: 'SET passwordHash = :passwordHash',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: { ':passwordHash': passwordHash },
    }),
  );
}
