import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Conversation } from '../domain/conversation.ts';
import { dynamo, tableName } from './client.ts';
import { getConversations } from './conversations-repository.ts';
import { customerHistoryPartition } from './keys.ts';
import { coreTable } from './tables.ts';

export interface CustomerHistoryPage {
  /** Newest first. */
  conversations: Conversation[];
  /** Pass as `before` for the next page; absent on the last. */
  nextBefore?: string;
}

/**
 * A customer's conversations with one app, newest first, `limit` at a time: their ids from the
 * `byCustomer` index, then the conversations themselves in one BatchGet.
 */
export async function listCustomerConversations(
  appId: string,
  openId: string,
  limit: number,
  before?: string,
): Promise<CustomerHistoryPage> {
  const ids: string[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(
      new QueryCommand({
        TableName: tableName(coreTable),
        IndexName: 'byCustomer',
        KeyConditionExpression: before
          ? 'historyOf = :history AND conversationId < :before'
          : 'historyOf = :history',
        ExpressionAttributeValues: {
          ':history': customerHistoryPartition(appId, openId),
          ...(before ? { ':before': before } : {}),
        },
        ScanIndexForward: false,
        Limit: limit + 1,
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) if (ids.length <= limit) ids.push(String(item.conversationId));
    startKey = page.LastEvaluatedKey;
  } while (startKey && ids.length <= limit);
  const more = ids.length > limit;
  const wanted = ids.slice(0, limit);
  const conversations = await getConversations(wanted);
  conversations.sort((left, right) => (left.conversationId < right.conversationId ? 1 : -1));
  return more ? { conversations, nextBefore: wanted.at(-1) } : { conversations };
}
