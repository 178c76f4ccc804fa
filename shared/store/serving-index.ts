/**
 * The `serving` index (see tables.ts): the conversations each agent is serving. The workflows that
 * assign, hand over, queue and close conversations put them in and take them out with the same
 * write that changes their assignee, so the index costs nothing per message.
 */
import { queryAll, tableName, updateIf } from './client.ts';
import { listAssignedConversationIds } from './due-repository.ts';
import { conversationKey } from './keys.ts';
import { coreTable } from './tables.ts';

/** The attribute that lists a conversation among `agentId`'s: for a Put's item. */
export const servingAttributes = (agentId: string) => ({ servedBy: agentId });

/**
 * The same, for an update: a SET clause and its values. It also takes the conversation out of gsi1,
 * where it waited in a queue or, reopened, stood among its agent's closed conversations.
 */
export const servingChange = (agentId: string) => ({
  set: 'servedBy = :servedBy',
  remove: 'gsi1pk, gsi1sk',
  values: { ':servedBy': agentId },
});

/** What an update REMOVEs when nobody serves the conversation any more (closed, or back in a queue). */
export const servingRemoval = 'servedBy';

/** The ids of the conversations the index lists under `agentId` (it lags writes by milliseconds). */
export async function servedConversationIds(agentId: string): Promise<string[]> {
  const entries = await queryAll({
    TableName: tableName(coreTable),
    IndexName: 'serving',
    KeyConditionExpression: 'servedBy = :agentId',
    ExpressionAttributeValues: { ':agentId': agentId },
  });
  return entries.map((entry) => String(entry.conversationId));
}

/**
 * Lists the conversations assigned before this index existed (gsi1 held them under their agent,
 * every attribute projected): run once on an update from such a version, by the admin CLI's `upgrade`
 * and by `npm start` on its data folder. Every assigned conversation is in the `due`
 * index, so no scan; one conditional write each, none for one already listed. Returns how many it
 * listed.
 */
export async function listEarlierServedConversations(): Promise<number> {
  let listed = 0;
  for (const conversationId of await listAssignedConversationIds()) {
    const written = await updateIf({
      TableName: tableName(coreTable),
      Key: conversationKey(conversationId),
      UpdateExpression: 'SET servedBy = assigneeId REMOVE gsi1pk, gsi1sk',
      ConditionExpression:
        '#state = :active AND attribute_exists(assigneeId) AND attribute_not_exists(servedBy)',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':active': 'active' },
    });
    if (written) listed++;
  }
  return listed;
}
