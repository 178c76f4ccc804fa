import { isOpen } from '../domain/business-hours.ts';
import type { Conversation } from '../domain/conversation.ts';
import type { Queue } from '../domain/queue.ts';
import { type AgentLoad, isWorking } from '../domain/routing.ts';
import { tableName, updateIf } from '../store/client.ts';
import { conversationKey } from '../store/keys.ts';
import { coreTable } from '../store/tables.ts';

/**
 * A newcomer who must wait with nobody of the queue working, or outside its hours, has left a message
 * (留言) rather than joined a moving line: agents see it as such. Decided when the conversation is
 * routed, from the members' loads read to route it; a conversation assigned meanwhile stays as it is.
 */
export async function markIfLeftMessage(
  queue: Queue,
  conversation: Conversation,
  memberLoads: readonly AgentLoad[],
  now: number,
): Promise<void> {
  if (isOpen(queue.businessHours, now) && memberLoads.some((load) => isWorking(load, now))) return;
  await updateIf({
    TableName: tableName(coreTable),
    Key: conversationKey(conversation.conversationId),
    // `leftMessageAt` outlives `waitingKind`, which goes as an agent takes the conversation: reports
    // count left messages answered, and how late.
    UpdateExpression: 'SET waitingKind = :left, leftMessageAt = :now',
    ConditionExpression: '#state = :queued',
    ExpressionAttributeNames: { '#state': 'state' },
    ExpressionAttributeValues: { ':left': 'left_message', ':queued': 'queued', ':now': now },
  });
}
