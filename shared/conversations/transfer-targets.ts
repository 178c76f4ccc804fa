import { unavailabilityOf } from '../domain/availability.ts';
import { type Actor, decide } from '../domain/permissions.ts';
import type { TransferTargets } from '../domain/queue-view.ts';
import { getApp, listAppMemberIds } from '../store/apps-repository.ts';
import { getConversation } from '../store/conversations-repository.ts';
import { listQueues } from '../store/queues-repository.ts';
import { countWaiting } from '../store/waiting-line.ts';
import { membersWithLoads, memberView } from './queue-view.ts';

/** Where an agent could hand a conversation: colleagues of the same app, or one of its queues. */
export async function transferTargets(
  conversationId: string,
  actor: Actor,
): Promise<TransferTargets | undefined> {
  const conversation = await getConversation(conversationId);
  if (!conversation || !decide(actor, 'transfer', conversation).allowed) return undefined;
  const app = await getApp(conversation.appId);
  if (!app) return undefined;
  const now = Date.now();
  const memberIds = (await listAppMemberIds(app.appId)).filter((id) => id !== conversation.assigneeId);
  const [members, queues] = await Promise.all([membersWithLoads(memberIds), listQueues(app)]);
  return {
    agents: members.map(({ agent, load }) => {
      const unavailableBecause = unavailabilityOf(load, { self: false, name: agent.displayName }, now);
      return {
        ...memberView(agent, load, now),
        available: !unavailableBecause,
        ...(unavailableBecause ? { unavailableBecause } : {}),
      };
    }),
    queues: await Promise.all(
      queues.map(async (queue) => ({
        queueId: queue.queueId,
        name: queue.name,
        waitingCount: await countWaiting(queue),
      })),
    ),
  };
}
