import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { type AgentRole, type AgentWithCredentials, roleOf } from '../domain/agent.ts';
import type { QueueRef } from '../domain/queue.ts';
import { dynamo, queryAll, tableName } from './client.ts';
import { type InvitationRecord, invitationPut } from './invitations-repository.ts';
import { agentKey, appMemberKey, usernameKey, workspaceAgentKey } from './keys.ts';
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
    role: roleOf(item.role),
    appIds: [...((item.appIds as string[] | undefined) ?? [])],
    kfAccount: item.kfAccount === undefined ? undefined : String(item.kfAccount),
    createdAt: Number(item.createdAt),
    ...(item.disabled === true ? { disabled: true } : {}),
    ...(item.mustChangePassword === true ? { mustChangePassword: true } : {}),
    ...(typeof item.invitationExpiresAt === 'number'
      ? { invitationExpiresAt: item.invitationExpiresAt }
      : {}),
    passwordHash: typeof item.passwordHash === 'string' ? item.passwordHash : '',
  };
}

/**
 * Creates the agent, claims the username and joins the agent to its workspace, apps and queues (and
 * stores their invitation, if they are invited), all or nothing.
 */
export async function createAgent(
  agent: AgentWithCredentials,
  capacity: number,
  queues: readonly QueueRef[],
  invitation?: InvitationRecord,
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
                ...(invitation ? { invitationHash: invitation.tokenHash } : {}),
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
          {
            Put: {
              TableName: table,
              Item: {
                ...workspaceAgentKey(agent.workspaceId, agent.agentId),
                kind: 'workspace-agent',
                agentId: agent.agentId,
              },
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
          ...(invitation ? [invitationPut(invitation)] : []),
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

/** The agent as last written: for decisions made right after a change (administration, sign-in links). */
export async function getAgentNow(agentId: string): Promise<AgentWithCredentials | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: agentKey(agentId), ConsistentRead: true }),
  );
  return Item ? toAgent(Item) : undefined;
}

export async function findAgentByUsername(username: string): Promise<AgentWithCredentials | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: usernameKey(username) }),
  );
  return Item ? getAgent(String(Item.agentId)) : undefined;
}

/**
 * A password the agent chose (`mustChange` false) or someone else set for them (an initial password,
 * to be changed at the next sign-in). Either way an outstanding invitation is void.
 */
export async function setPassword(
  agentId: string,
  passwordHash: string,
  { mustChange }: { mustChange: boolean },
): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: `SET passwordHash = :passwordHash${mustChange ? ', mustChangePassword = :yes' : ''} REMOVE ${mustChange ? '' : 'mustChangePassword, '}invitationHash, invitationExpiresAt`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeValues: {
        ':passwordHash': passwordHash,
        ...(mustChange ? { ':yes': true } : {}),
      },
    }),
  );
}

/**
 * The agent's password is gone and only the new invitation lets them choose one; an older
 * invitation no longer matches the agent and is void.
 */
export async function resetToInvitation(agentId: string, invitation: InvitationRecord): Promise<void> {
  await dynamo().send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Update: {
            TableName: tableName(coreTable),
            Key: agentKey(agentId),
            UpdateExpression:
              'SET passwordHash = :none, invitationHash = :hash, invitationExpiresAt = :until REMOVE mustChangePassword',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeValues: {
              ':none': '',
              ':hash': invitation.tokenHash,
              ':until': invitation.validUntil,
            },
          },
        },
        invitationPut(invitation),
      ],
    }),
  );
}

/** What an administrator changes of an agent; absent fields stay, `kfAccount: null` removes it. */
export interface AgentProfileChange {
  role?: AgentRole;
  displayName?: string;
  capacity?: number;
  kfAccount?: string | null;
  appIds?: string[];
}

/**
 * Changes the agent item, which is also their routing load record: capacity lives beside
 * `activeCount`, so the capacity guard of every assignment sees the new value at once.
 */
export async function updateAgentProfile(agentId: string, change: AgentProfileChange): Promise<void> {
  const sets: string[] = [];
  const removes: string[] = [];
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(change)) {
    if (value === undefined) continue;
    names[`#${field}`] = field;
    if (value === null) removes.push(`#${field}`);
    else {
      sets.push(`#${field} = :${field}`);
      values[`:${field}`] = value;
    }
  }
  if (sets.length === 0 && removes.length === 0) return;
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: [
        sets.length ? `SET ${sets.join(', ')}` : '',
        removes.length ? `REMOVE ${removes.join(', ')}` : '',
      ]
        .join(' ')
        .trim(),
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ...(Object.keys(values).length ? { ExpressionAttributeValues: values } : {}),
    }),
  );
}

export async function setAgentDisabled(agentId: string, disabled: boolean): Promise<void> {
  await dynamo().send(
    new UpdateCommand({
      TableName: tableName(coreTable),
      Key: agentKey(agentId),
      UpdateExpression: disabled ? 'SET disabled = :yes' : 'REMOVE disabled',
      ConditionExpression: 'attribute_exists(pk)',
      ...(disabled ? { ExpressionAttributeValues: { ':yes': true } } : {}),
    }),
  );
}

/** Makes the agent one who serves the app (or no longer), without touching their queues. */
export async function setAppMembership(agentId: string, appId: string, member: boolean): Promise<void> {
  const Key = appMemberKey(appId, agentId);
  if (member) {
    await dynamo().send(
      new PutCommand({ TableName: tableName(coreTable), Item: { ...Key, kind: 'member', agentId, appId } }),
    );
  } else {
    await dynamo().send(new DeleteCommand({ TableName: tableName(coreTable), Key }));
  }
}

/** The agents created with a workspace record (every agent created since workspaces had one). */
export async function listWorkspaceAgentIds(workspaceId: string): Promise<string[]> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :agent)',
    ExpressionAttributeValues: { ':pk': workspaceAgentKey(workspaceId, '').pk, ':agent': 'AGENT#' },
  });
  return items.map((item) => String(item.agentId));
}
