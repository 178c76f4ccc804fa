import { DeleteCommand, PutCommand, paginateScan, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, isConditionalCheckFailure, tableName } from './client.ts';
import { connectionsTable } from './tables.ts';

/** API Gateway closes every socket after 2 hours; the row outlives it a little, as a backstop. */
const connectionLifetimeSeconds = 3 * 60 * 60;

export interface Connection {
  connectionId: string;
  agentId: string;
  workspaceId: string;
  /** The sign-in the socket was opened with: ending it closes the socket. */
  sessionId: string;
  connectedAt: number;
}

export async function saveConnection(connection: Connection): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(connectionsTable),
      Item: {
        ...connection,
        expiresAt: Math.floor(connection.connectedAt / 1000) + connectionLifetimeSeconds,
      },
    }),
  );
}

export async function deleteConnection(connectionId: string): Promise<void> {
  await dynamo().send(new DeleteCommand({ TableName: tableName(connectionsTable), Key: { connectionId } }));
}

/** Deletes the row only if the socket connected before `openedBefore`; false when it was left (or gone). */
export async function deleteConnectionOpenedBefore(
  connectionId: string,
  openedBefore: number,
): Promise<boolean> {
  try {
    await dynamo().send(
      new DeleteCommand({
        TableName: tableName(connectionsTable),
        Key: { connectionId },
        ConditionExpression: 'connectedAt < :openedBefore',
        ExpressionAttributeValues: { ':openedBefore': openedBefore },
      }),
    );
    return true;
  } catch (error) {
    if (isConditionalCheckFailure(error)) return false;
    throw error;
  }
}

/** The agent's open connections; rows past their expiry are ignored because TTL deletion lags. */
export async function listAgentConnections(agentId: string): Promise<Connection[]> {
  const { Items } = await dynamo().send(
    new QueryCommand({
      TableName: tableName(connectionsTable),
      IndexName: 'byAgent',
      KeyConditionExpression: 'agentId = :agentId',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':agentId': agentId, ':now': Math.floor(Date.now() / 1000) },
    }),
  );
  return (Items ?? []).map((item) => ({
    connectionId: String(item.connectionId),
    agentId: String(item.agentId),
    workspaceId: String(item.workspaceId),
    sessionId: String(item.sessionId),
    connectedAt: Number(item.connectedAt),
  }));
}

export async function listAgentConnectionIds(agentId: string): Promise<string[]> {
  return (await listAgentConnections(agentId)).map((connection) => connection.connectionId);
}

/**
 * How many agents have a console connected (distinct agents with an unexpired socket), for the
 * dashboard. Reads the whole table, which holds only open sockets: its cost follows the number of
 * agents online, not of apps or agents registered.
 */
export async function countConnectedAgents(now: number): Promise<number> {
  const agents = new Set<string>();
  const pages = paginateScan(
    { client: dynamo() },
    {
      TableName: tableName(connectionsTable),
      ProjectionExpression: 'agentId',
      FilterExpression: 'expiresAt > :now',
      ExpressionAttributeValues: { ':now': Math.floor(now / 1000) },
    },
  );
  for await (const page of pages) for (const item of page.Items ?? []) agents.add(String(item.agentId));
  return agents.size;
}
