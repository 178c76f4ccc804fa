import type { WeChatApp } from '../domain/app.ts';
import type { MessageContent } from '../domain/message.ts';
import type { WindowGrant } from '../domain/push-kinds.ts';
import type { Queue } from '../domain/queue.ts';
import { selectQueueForEntry } from '../domain/queue-selection.ts';
import { type AgentLoad, isAvailable, rankAssignees } from '../domain/routing.ts';
import { getAgentLoads } from '../store/agent-load-repository.ts';
import { listQueueMemberIds, listQueues } from '../store/queues-repository.ts';
import { hasWaitingConversations } from '../store/waiting-line.ts';
import { type AssigneeRanking, type RecordOutcome, recordInboundMessage } from './inbound-recorder.ts';
import { markIfLeftMessage } from './left-message-marker.ts';
import { drainQueue } from './queue-drainer.ts';

/** A customer's message as the callback understood it. */
export interface ReceivedMessage {
  openId: string;
  dedupeKey: string;
  content: MessageContent;
  wechatMsgId?: string;
  wechatCreateTime: number;
  /** Whether it puts the customer in front of an agent (a message does; push-kinds.ts decides). */
  opens: boolean;
  /** The reply window it opens on this app, if any. */
  grant?: WindowGrant;
}

/**
 * What a customer's message does: stored once, joined to their open conversation or opening one,
 * which goes to an agent or waits (told as a left message when nobody of the queue is working), and a
 * newcomer who waits moves up at once if an agent of the queue has room.
 */
export async function receiveCustomerMessage(
  app: WeChatApp,
  received: ReceivedMessage,
): Promise<RecordOutcome> {
  // Only a customer who opens a conversation needs the app's queues: read them then, once.
  let queues: Promise<Queue[]> | undefined;
  const appQueues = () => {
    queues ??= listQueues(app);
    return queues;
  };
  // The members' loads read to route a newcomer also decide how they wait: read once per attempt.
  let loadsSeen: readonly AgentLoad[] = [];
  const rankForNewcomer: AssigneeRanking = async (queue, stickyAgentId) => {
    const [lineWaits, loads] = await Promise.all([
      hasWaitingConversations(queue),
      listQueueMemberIds(queue).then(getAgentLoads),
    ]);
    loadsSeen = loads;
    // First come, first served: a newcomer never overtakes the line.
    return lineWaits ? [] : rankAssignees(loads, stickyAgentId, Date.now());
  };
  const recorded = await recordInboundMessage(
    {
      ...received,
      workspaceId: app.workspaceId,
      appId: app.appId,
      queueFor: async (entry) => selectQueueForEntry(await appQueues(), entry),
    },
    rankForNewcomer,
  );
  if (recorded.outcome !== 'stored' || recorded.conversation.state !== 'queued' || !recorded.message.opened) {
    return recorded;
  }
  const { conversation } = recorded;
  const now = Date.now();
  const queue = (await appQueues()).find((candidate) => candidate.queueId === conversation.queueId);
  if (queue) await markIfLeftMessage(queue, conversation, loadsSeen, now);
  // Someone had room although others were waiting (or freed up as we looked): move the line now.
  // Otherwise whoever frees room next moves it (closing, transferring, coming online all drain), and
  // housekeeping every minute catches the rare freeing that fell between our read and our write.
  if (loadsSeen.some((load) => isAvailable(load, now))) await drainQueue(conversation);
  return recorded;
}
