/**
 * When a queue is deleted, its waiting customers join another queue of the app (the default one), in
 * the order they arrived: a line is ordered by conversation id, which is time-ordered, so each keeps
 * its place by arrival among the customers already waiting there. Each move is written to the
 * conversation's log, like a transfer to a queue.
 */
import type { ChangedBy } from '../domain/lifecycle-event.ts';
import { lifecycleMessage } from '../domain/lifecycle-event.ts';
import type { QueueRef } from '../domain/queue.ts';
import { conversationChangeItem } from '../store/conversation-change.ts';
import { guardedTransaction } from '../store/guarded-transaction.ts';
import { waitingPartition } from '../store/keys.ts';
import { messagePutItem } from '../store/messages-repository.ts';
import { listWaiting } from '../store/waiting-line.ts';
import { drainQueue } from './queue-drainer.ts';

/** Moves everyone waiting in `from` to `toQueueId` of the same app; the number moved. */
export async function moveWaitingConversations(
  from: QueueRef,
  toQueueId: string,
  by: ChangedBy,
): Promise<number> {
  let moved = 0;
  // A bound on passes, for customers who keep arriving while the queue is being emptied.
  for (let pass = 0; pass < 100; pass++) {
    const waiting = await listWaiting(from, 100);
    if (waiting.length === 0) break;
    for (const conversation of waiting) {
      const message = lifecycleMessage(
        conversation,
        'conversation_transferred',
        { fromQueue: from.queueId, toQueue: toQueueId },
        by,
        Date.now(),
      );
      const result = await guardedTransaction([
        messagePutItem(message),
        conversationChangeItem(message, {
          set: 'queueId = :toQueue, gsi1pk = :partition',
          condition: '#state = :queued AND queueId = :fromQueue',
          values: {
            ':queued': 'queued',
            ':fromQueue': from.queueId,
            ':toQueue': toQueueId,
            ':partition': waitingPartition(from.appId, toQueueId),
          },
        }),
      ]);
      if (result === 'written') moved++;
    }
  }
  await drainQueue({ appId: from.appId, queueId: toQueueId });
  return moved;
}
