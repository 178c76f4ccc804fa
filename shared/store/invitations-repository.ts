import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { dynamo, tableName } from './client.ts';
import { agentKey, invitationKey } from './keys.ts';
import { coreTable } from './tables.ts';

/** An invitation as stored: by the hash of its token, which only the invited person holds. */
export interface InvitationRecord {
  tokenHash: string;
  agentId: string;
  workspaceId: string;
  createdAt: number;
  /** ms since the epoch; TTL removes the item some time after (DynamoDB deletes lazily). */
  validUntil: number;
}

/** The transaction item that stores an invitation (beside the agent change that makes it theirs). */
export function invitationPut(invitation: InvitationRecord) {
  return {
    Put: {
      TableName: tableName(coreTable),
      Item: {
        ...invitationKey(invitation.tokenHash),
        kind: 'invitation',
        ...invitation,
        expiresAt: Math.ceil(invitation.validUntil / 1000),
      },
    },
  };
}

export async function getInvitation(tokenHash: string): Promise<InvitationRecord | undefined> {
  const { Item } = await dynamo().send(
    new GetCommand({ TableName: tableName(coreTable), Key: invitationKey(tokenHash), ConsistentRead: true }),
  );
  if (!Item) return undefined;
  return {
    tokenHash,
    agentId: String(Item.agentId),
    workspaceId: String(Item.workspaceId),
    createdAt: Number(Item.createdAt),
    validUntil: Number(Item.validUntil),
  };
}

/**
 * Uses the invitation: it is deleted and the agent gets the password, in one transaction that holds
 * only while the invitation is unexpired, still the agent's current one, and the agent enabled. So a
 * link works once, and a link replaced by a newer one (or of a disabled agent) never.
 */
export async function consumeInvitation(
  invitation: InvitationRecord,
  passwordHash: string,
  now: number,
): Promise<boolean> {
  try {
    await dynamo().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Delete: {
              TableName: tableName(coreTable),
              Key: invitationKey(invitation.tokenHash),
              ConditionExpression: 'attribute_exists(pk) AND validUntil > :now',
              ExpressionAttributeValues: { ':now': now },
            },
          },
          {
            Update: {
              TableName: tableName(coreTable),
              Key: agentKey(invitation.agentId),
              UpdateExpression:
                'SET passwordHash = :passwordHash REMOVE invitationHash, invitationExpiresAt, mustChangePassword',
              ConditionExpression: 'invitationHash = :hash AND attribute_not_exists(disabled)',
              ExpressionAttributeValues: { ':passwordHash': passwordHash, ':hash': invitation.tokenHash },
            },
          },
        ],
      }),
    );
    return true;
  } catch (error) {
    if ((error as { name?: string }).name === 'TransactionCanceledException') return false;
    throw error;
  }
}
