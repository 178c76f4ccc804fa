import { BatchWriteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Session } from '../domain/session.ts';
import { dynamo, queryAll, tableName } from './client.ts';
import { agentKey, sessionKey } from './keys.ts';
import { coreTable } from './tables.ts';

/**
 * Sessions live in their agent's partition, so the one read that finds the acting agent (and their
 * queues) also finds whether the token's session still exists.
 */
export async function saveSession(session: Session): Promise<void> {
  await dynamo().send(
    new PutCommand({
      TableName: tableName(coreTable),
      Item: {
        ...sessionKey(session.agentId, session.sessionId),
        kind: 'session',
        ...session,
        expiresAt: Math.ceil(session.endsAt / 1000),
      },
    }),
  );
}

export function toSession(item: Record<string, unknown>): Session {
  return {
    sessionId: String(item.sessionId),
    agentId: String(item.agentId),
    createdAt: Number(item.createdAt),
    endsAt: Number(item.endsAt),
  };
}

export async function listSessions(agentId: string): Promise<Session[]> {
  const items = await queryAll({
    TableName: tableName(coreTable),
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :session)',
    ExpressionAttributeValues: { ':pk': agentKey(agentId).pk, ':session': 'SESSION#' },
  });
  return items.map(toSession);
}

export async function deleteSessions(agentId: string, sessionIds: readonly string[]): Promise<void> {
  for (let start = 0; start < sessionIds.length; start += 25) {
    await dynamo().send(
      new BatchWriteCommand({
        RequestItems: {
          [tableName(coreTable)]: sessionIds
            .slice(start, start + 25)
            .map((sessionId) => ({ DeleteRequest: { Key: sessionKey(agentId, sessionId) } })),
        },
      }),
    );
  }
}
