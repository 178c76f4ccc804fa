/**
 * The sweep of outbound messages left on their way: housekeeping runs it every minute, so that no
 * answer stays `pending` or `sending` for ever whatever went wrong on the way (a stream record given
 * up on, a dispatcher that died between its steps, a database that was away).
 *
 * - `pending` for more than two minutes: nobody has started sending it. It is handed to delivery
 *   again, through the same conditional `pending → sending` move as the stream's, so of the sweep
 *   and a late stream retry only one sends it.
 * - `sending` for more than two minutes: a send began and its outcome was never recorded. WeChat's
 *   send has no idempotency key, so sending again could reach the customer twice; it is marked
 *   `failed` with a sentence saying it may or may not have arrived, and the agent decides.
 *
 * The candidates come from the sparse `undelivered` index (`shared/store/messages-repository.ts`),
 * oldest first, a bounded number per run so that a run fits its minute; the rest wait for the next.
 */

import type { DeliveryFailure } from '../domain/message.ts';
import { sendFailed } from '../observability/events.ts';
import { getAppCached } from '../store/app-cache.ts';
import { reopenWait } from '../store/conversations-repository.ts';
import { getMedia } from '../store/media-store.ts';
import {
  deliveryProgress,
  getMessage,
  listUndelivered,
  transitionStatus,
} from '../store/messages-repository.ts';
import { takeGrant } from '../store/subscription-grants-repository.ts';
import { wechatContext } from '../wechat/wechat-context.ts';
import { type DeliveryPorts, deliverOutbound } from './deliver-outbound.ts';

export const stuckAfterMs = 2 * 60_000;
const maxPerRun = 25;

export const unconfirmedSend: DeliveryFailure = {
  reason:
    'WeChat never confirmed this message: it may or may not have reached the customer. ' +
    'Check with the customer before sending it again.',
};

export interface SweepResult {
  /** `pending` messages handed to delivery again. */
  redelivered: number;
  /** `sending` messages whose outcome is unknown, marked `failed`. */
  abandoned: number;
}

export interface SweepPorts {
  listUndelivered: typeof listUndelivered;
  getMessage: typeof getMessage;
  deliveryProgress: typeof deliveryProgress;
  delivery: () => DeliveryPorts;
}

const livePorts: SweepPorts = {
  listUndelivered,
  getMessage,
  deliveryProgress,
  delivery: () => ({
    ...wechatContext(),
    getApp: getAppCached,
    getMedia,
    transition: transitionStatus,
    clock: Date.now,
    reopenWait,
    takeGrant,
  }),
};

export async function sweepUndelivered(now: number, ports: SweepPorts = livePorts): Promise<SweepResult> {
  const result: SweepResult = { redelivered: 0, abandoned: 0 };
  const stuckBefore = now - stuckAfterMs;
  for (const key of await ports.listUndelivered(stuckBefore, maxPerRun)) {
    const progress = await ports.deliveryProgress(key);
    if (progress?.status === 'pending') {
      const message = await ports.getMessage(key.conversationId, key.messageId);
      if (message && (await deliverOutbound(message, ports.delivery()))) result.redelivered++;
    } else if (progress?.status === 'sending' && (progress.sendingSince ?? 0) < stuckBefore) {
      const message = await ports.getMessage(key.conversationId, key.messageId);
      // Conditional: if the send's outcome is recorded meanwhile, that outcome stands.
      if (
        message &&
        (await ports.delivery().transition(message, 'sending', 'failed', { failure: unconfirmedSend }))
      ) {
        sendFailed(message, unconfirmedSend, new Error('no outcome was recorded for a send to WeChat'));
        result.abandoned++;
      }
    }
  }
  return result;
}
