import type { WeChatApp } from '../domain/app.ts';
import type { MessageContent } from '../domain/message.ts';
import type { Queue } from '../domain/queue.ts';
import { selectQueue } from '../domain/queue-selection.ts';
import { listQueues } from '../store/queues-repository.ts';
import { rankAssigneesForNew } from './assignee-picker.ts';
import { type RecordOutcome, recordInboundMessage } from './inbound-recorder.ts';
import { markIfLeftMessage } from './left-message-marker.ts';
import { drainQueue } from './queue-drainer.ts';

/** A customer's message as the callback understood it. */
export interface ReceivedMessage {
  openId: string;
  dedupeKey: string;
  content: MessageContent;
  wechatMsgId?: string;
  wechatCreateTime: number;
}

/**
 * What a customer's message does: stored once, joined to their open conversation or opening one,
 * which goes to an agent or waits (told as a left message when nobody of the queue is online), and a
 * newcomer who waits moves up at once if an agent freed up meanwhile.
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
  const recorded = await recordInboundMessage(
    {
      ...received,
      workspaceId: app.workspaceId,
      appId: app.appId,
      appType: app.type,
      queueFor: async (sessionFrom) => selectQueue(await appQueues(), sessionFrom),
    },
    rankAssigneesForNew,
  );
  if (recorded.outcome === 'stored' && recorded.conversation.state === 'queued') {
    const { conversation, message } = recorded;
    if (message.opened) {
      const queue = (await appQueues()).find((candidate) => candidate.queueId === conversation.queueId);
      if (queue) await markIfLeftMessage(queue, conversation, Date.now());
    }
    await drainQueue(conversation);
  }
  return recorded;
}
